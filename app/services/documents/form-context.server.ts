/**
 * What a document is made about and what its form starts with. The page
 * takes an optional `?subject=<type>:<id>`; each subject type knows how to
 * load itself for the actor (only what the actor may read) and what it
 * contributes to the `case` part of the prefill context. Today the only
 * type is a regulated entity (the party); cases and inspections add their
 * own resolvers when they exist.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { PrefillContext } from '../../../forms/_lib/prefill.ts'
import { shanghaiDate } from '../../../forms/_lib/prefill.ts'
import { accessibleWhere, type AppAbility } from '../permissions.server.ts'
import { NotFound } from '../errors.ts'

export interface SubjectRef {
  type: string
  id: string
}

export interface ResolvedSubject {
  ref: SubjectRef
  /** The query value that names it again: `<type>:<id>`. */
  param: string
  /** What the page shows, e.g. 当事人：伊宁县恒泰煤业有限公司. */
  label: string
  /** Merged into the `case` part of the prefill context. */
  caseContext: Record<string, unknown>
}

type SubjectResolver = (db: Db, ability: AppAbility, id: string) => Promise<Omit<ResolvedSubject, 'ref' | 'param'> | null>

const resolvers: Record<string, SubjectResolver> = {
  async 'regulated-entity'(db, ability, id) {
    const entity = await db.regulatedEntity.findFirst({
      where: { AND: [accessibleWhere(ability, 'read', 'RegulatedEntity'), { id }] },
      select: { name: true, creditCode: true, legalRepresentative: true, address: true, contactPhone: true },
    })
    if (!entity) return null
    const party: Record<string, string> = {
      kind: '单位', name: entity.name, creditCode: entity.creditCode, legalRepresentative: entity.legalRepresentative, address: entity.address,
    }
    if (entity.contactPhone) party.phone = entity.contactPhone
    return { label: `当事人：${entity.name}`, caseContext: { party } }
  },
}

/** `regulated-entity:<id>` → its parts; null for an absent or malformed value. */
export function parseSubjectParam(value: string | null | undefined): SubjectRef | null {
  const match = /^([a-z][a-z-]{1,40}):([A-Za-z0-9_-]{1,64})$/.exec(value?.trim() ?? '')
  return match ? { type: match[1]!, id: match[2]! } : null
}

/**
 * The subject named by the query, loaded for this actor.
 * @throws NotFound for an unknown type, a malformed value, or a subject the actor may not read.
 */
export async function resolveSubject(db: Db, ability: AppAbility, param: string | null | undefined): Promise<ResolvedSubject | null> {
  if (!param) return null
  const ref = parseSubjectParam(param)
  const resolver = ref ? resolvers[ref.type] : undefined
  const found = ref && resolver ? await resolver(db, ability, ref.id) : null
  if (!ref || !found) throw new NotFound('未找到该当事人或事项，或您无权查看。')
  return { ref, param: `${ref.type}:${ref.id}`, ...found }
}

export interface IssuingOrgan {
  id: string
  name: string
}

/** The 机关 that issues what the actor makes: the organ of the actor's own department. */
export async function issuingOrganOf(db: Db, actor: Actor): Promise<IssuingOrgan> {
  const organ = await db.department.findUnique({ where: { id: actor.organId }, select: { id: true, name: true } })
  if (!organ) throw new NotFound('未找到您所在的机关。')
  return organ
}

/**
 * The prefill context of the form manifests (`department.name`, `case.party`,
 * `case.officers`, `today`, `year`, `actor.displayName`): the acting officer
 * is the first of the two officers; the subject contributes the party.
 */
export function prefillContextFor(input: {
  now: Date
  organ: IssuingOrgan
  actor: { displayName: string; certificateNo: string | null }
  subject: ResolvedSubject | null
}): PrefillContext {
  const today = shanghaiDate(input.now)
  const me = input.actor.certificateNo ? [{ name: input.actor.displayName, certificateNo: input.actor.certificateNo }] : undefined
  return {
    today,
    year: Number(today.slice(0, 4)),
    department: { name: input.organ.name },
    actor: { displayName: input.actor.displayName, certificateNo: input.actor.certificateNo },
    case: { officers: me, ...input.subject?.caseContext },
  }
}
