/**
 * 移送立案查处: an inspection whose procedure ended in hand-over (its record,
 * measures or re-inspection said `handover`, definitions/onsite-inspection)
 * leads to a penalty or coercion case about the same party, by the same
 * officers, with the inspection as its source (`parentId`, 第十条第二款).
 */
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import { mayOpenMatter, type AppAbility } from '../permissions.server.ts'
import { Conflict, Forbidden } from '../errors.ts'
import { findReadableMatter } from './matter-view.server.ts'

/** Kinds of matter an inspection may be handed over to. */
export const handOverKinds = ['penalty-case', 'coercion-case'] as const

/** Did this inspection's own procedure end in hand-over? */
export async function endedInHandOver(db: Db, matter: { id: string; kind: string; status: string; data: unknown }): Promise<boolean> {
  if (matter.kind !== 'inspection' || matter.status !== 'closed') return false
  const definitionKey = (matter.data as { definitionKey?: string } | null)?.definitionKey
  const instance = await db.processInstance.findFirst({
    where: { businessKey: matter.id, definitionKey, status: 'completed' }, orderBy: { startedAt: 'desc' }, select: { variables: true },
  })
  const variables = instance ? (JSON.parse(instance.variables) as Record<string, unknown>) : {}
  return variables.inspectionResult === 'handover' || variables.conclusion === 'handover'
}

/** May the ability open cases where this matter is handled (the rules' `create` Matter in its department)? */
export function mayOpenCaseFor(ability: AppAbility, matter: { departmentId: string }): boolean {
  return handOverKinds.some((kind) => mayOpenMatter(ability, kind, matter.departmentId))
}

/**
 * The inspection a new case is handed over from, with what the case takes
 * from it; refused unless the actor may read it, it ended in hand-over and
 * the actor may open cases where it was handled (403 / 409).
 */
export async function handOverSource(db: Db, ability: AppAbility, actor: Actor, parentId: string) {
  const parent = await findReadableMatter(db, ability, parentId)
  if (!mayOpenCaseFor(ability, parent)) throw new Forbidden('只有该检查办理部门的执法人员可以移送立案。')
  if (!(await endedInHandOver(db, parent))) throw new Conflict('该事项不是已移送立案查处的监督检查。')
  return {
    id: parent.id, number: parent.number, title: parent.title, partyId: parent.partyId,
    officerIds: parent.officers.map((o) => o.userId).filter((id) => id !== actor.id),
  }
}
