/**
 * What forms may prefill from a matter (form.json `prefill`): its party,
 * officers with certificate numbers, department, title and number, today,
 * and the case facts its records hold (`facts.<key>`, docs/decisions/038).
 */
import type { DbOrTx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { shanghaiDate } from '../../../forms/_lib/prefill.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { factValues, type ResolvedFacts } from '../../../forms/_lib/case-facts.ts'
import { caseDeadline } from './case-extension.server.ts'
import { caseFacts, partyOfEntity } from './case-facts.server.ts'
import { documentReference } from '../documents/document-reference.ts'

const targetReference = (d: { number: string | null; verificationCode: string; formVersion: { title: string } }) => documentReference({ ...d, title: d.formVersion.title })

/** The acting person as forms name them (`actor.displayName`, e.g. 承办人, 登记人, 审批人). */
export function actorPrefillContext(actor: Pick<Actor, 'displayName'>) {
  return { displayName: actor.displayName, name: actor.displayName }
}

/**
 * The prefill context of a matter's step, and the facts behind its `facts`
 * part (with their sources, for the page). `forms` is the matter's own registry.
 */
export async function matterPrefill(db: DbOrTx, clock: Clock, actor: Actor, matterId: string | null, forms: FormRegistry) {
  const facts: ResolvedFacts = matterId ? await caseFacts(db, forms, matterId) : {}
  return { context: { ...(await matterPrefillContext(db, clock, actor, matterId)), facts: factValues(facts) }, facts }
}

async function matterPrefillContext(db: DbOrTx, clock: Clock, actor: Actor, matterId: string | null) {
  const matter = matterId ? await db.matter.findUnique({ where: { id: matterId }, include: { officers: true, party: true } }) : null
  const departmentId = matter?.organId ?? actor.organId
  const [department, officers, deadline] = await Promise.all([
    db.department.findUnique({ where: { id: departmentId }, select: { name: true } }),
    matter ? db.user.findMany({ where: { id: { in: matter.officers.map((o) => o.userId) } }, select: { id: true, displayName: true, certificateNo: true } }) : [],
    // The filing date and the decision's deadline (行政处罚法第六十条), for the 延长办案期限审批表.
    matter?.kind === 'penalty-case' ? caseDeadline(db, matter.id) : null,
  ])
  // Lead officer first, as the documents list them.
  const order = new Map(matter?.officers.map((o, i) => [o.userId, o.position === 'lead' ? -1 : i]) ?? [])
  officers.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  const party = matter?.party
  // A request about a record names its target as chosen when it was opened (issue 9).
  const request = (matter?.data ?? {}) as { reason?: unknown; proposedChanges?: unknown }
  const target = matter?.targetDocumentId
    ? await db.document.findUnique({ where: { id: matter.targetDocumentId }, select: { number: true, verificationCode: true, formVersion: { select: { title: true } } } })
    : null
  return {
    target: target ? {
      number: targetReference(target), title: target.formVersion.title, documents: [{ number: targetReference(target), title: target.formVersion.title }],
      // A change request opened from a later document states the correction (docs/decisions/038).
      ...(Array.isArray(request.proposedChanges) ? { changes: request.proposedChanges } : {}),
      ...(typeof request.reason === 'string' ? { reason: request.reason } : {}),
    } : undefined,
    today: shanghaiDate(clock.now()),
    department: { name: department?.name ?? '' },
    actor: actorPrefillContext(actor),
    case: matter ? {
      title: matter.title,
      number: matter.number,
      party: party ? partyOfEntity(party) : undefined,
      officers: officers.filter((o) => o.certificateNo).map((o) => ({ name: o.displayName, certificateNo: o.certificateNo })),
      ...(deadline ? { filingDate: deadline.filingDate, deadline: deadline.deadline } : {}),
    } : undefined,
  }
}
