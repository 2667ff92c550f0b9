/**
 * Requests about records (第七条), applied when their procedure says so —
 * and only when the regulation's approvals are on record, whatever a
 * definition says (gate 3 of procedures.md):
 *  - change-request: own legal office and deputy head approved → the organ's
 *    administrator applies the approved wording; the old version is kept;
 *  - deletion-request: region policy office and region principal head
 *    approved → the region's administrator deletes (hidden, kept as a revision);
 *  - access-request: approved → the applicant may read the document until
 *    the date asked for.
 */
import type { Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { TaskView } from '../../../engine/index.ts'
import type { DocumentService } from '../documents/documents.server.ts'
import { InvalidInput } from '../errors.ts'
import { rolesAllowedTo } from '../permissions.server.ts'
import type { RoleSet } from '../permissions/rules.ts'
import { documentReference } from '../documents/document-reference.ts'

/**
 * The approvals a request needs (第七条): every role whose rules allow
 * `approve` on a RecordRequest of its kind (ADR 026) — shipped: change →
 * legal reviewer and deputy head; deletion → policy reviewer and principal
 * head; access → deputy head.
 */
export function requiredApprovals(roles: RoleSet, kind: string): string[] {
  return rolesAllowedTo(roles, 'approve', 'RecordRequest', { kind })
}

const RECORD_OPERATION_FORM = 'record-operation'

export interface TextChange {
  field: string
  current: string
  proposed: string
}

/**
 * Replaces the approved wording in a document's data: every text value
 * containing `current` gets `proposed` instead. A change whose original
 * text is not in the document is refused, so nothing unapproved changes.
 */
export function applyTextChanges(data: unknown, changes: TextChange[]): unknown {
  const copy = structuredClone(data)
  for (const change of changes) {
    let found = 0
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        if (!value.includes(change.current)) return value
        found++
        return value.split(change.current).join(change.proposed)
      }
      if (Array.isArray(value)) return value.map(walk)
      if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = walk(v)
      }
      return value
    }
    walk(copy)
    if (found === 0) {
      throw new InvalidInput({ _form: [`申请更改的原内容「${change.current}」（${change.field}）在文书中未找到，无法执行；请退回申请人核对。`] }, '无法执行更改')
    }
  }
  return copy
}

async function assertApproved(tx: Tx, roles: RoleSet, matterId: string, kind: string) {
  for (const role of requiredApprovals(roles, kind)) {
    const last = await tx.task.findFirst({
      where: { businessKey: matterId, role, status: 'completed' },
      orderBy: { completedAt: 'desc' },
      select: { outcome: true },
    })
    if (last?.outcome !== 'approve') {
      throw new InvalidInput({ _form: ['该申请尚未经规定的审核、审批同意，不能执行（第七条）。'] }, '申请未获批准')
    }
  }
}

function endOfShanghaiDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`)
}

export async function applyRecordRequest(tx: Tx, roles: RoleSet, documents: () => Promise<DocumentService>, task: TaskView, actor: Actor) {
  if (!task.businessKey) return
  const matter = await tx.matter.findUnique({ where: { id: task.businessKey }, select: { id: true, kind: true, targetDocumentId: true, createdById: true } })
  if (!matter || requiredApprovals(roles, matter.kind).length === 0) return
  // The target chosen and stored when the request was opened, never one named later.
  const target = matter.targetDocumentId
  if (!target) return

  if (matter.kind === 'access-request') {
    if (task.form !== 'approval' || task.outcome !== 'approve' || !requiredApprovals(roles, matter.kind).includes(task.role)) return
    const request = await tx.task.findFirst({
      where: { businessKey: matter.id, form: 'access-request', status: 'completed' }, orderBy: { completedAt: 'desc' }, select: { payload: true },
    })
    const until = (request?.payload ? JSON.parse(request.payload) : {}) as { until?: string }
    if (!until.until) throw new InvalidInput({ _form: ['查阅申请缺少查阅期限'] }, '无法授权查阅')
    await tx.documentAccessGrant.upsert({
      where: { documentId_userId_matterId: { documentId: target, userId: matter.createdById, matterId: matter.id } },
      create: { documentId: target, userId: matter.createdById, matterId: matter.id, until: endOfShanghaiDay(until.until), createdAt: new Date() },
      update: { until: endOfShanghaiDay(until.until) },
    })
    return
  }

  if (task.form !== RECORD_OPERATION_FORM) return
  await assertApproved(tx, roles, matter.id, matter.kind)
  const service = await documents()
  if (matter.kind === 'deletion-request') {
    await service.deleteIn(tx, actor, target, matter.id)
    return
  }
  const request = await tx.task.findFirst({
    where: { businessKey: matter.id, form: 'change-request', status: 'completed' }, orderBy: { completedAt: 'desc' }, select: { payload: true },
  })
  const changes = ((request?.payload ? JSON.parse(request.payload) : {}) as { changes?: TextChange[] }).changes ?? []
  const document = await tx.document.findUnique({ where: { id: target }, select: { data: true } })
  if (!document) throw new InvalidInput({ _form: ['申请更改的文书不存在'] }, '无法执行更改')
  await service.reviseIn(tx, actor, target, applyTextChanges(document.data, changes), matter.id)
}

/** The request forms that name a document, and where they name it. */
const REQUEST_FORMS = new Set(['access-request', 'change-request', 'deletion-request'])

/**
 * A request's form must name the document chosen when the request was
 * opened (stored as the matter's targetDocumentId), and nothing else: what
 * the approver reads is what will be applied (issue 9).
 */
export async function checkRequestNamesItsTarget(db: Pick<Tx, 'matter'>, matterId: string | null, form: string, payload: unknown) {
  if (!REQUEST_FORMS.has(form) || !matterId) return
  const matter = await db.matter.findUnique({ where: { id: matterId }, select: { targetDocument: { select: { number: true, verificationCode: true, formVersion: { select: { title: true } } } } } })
  const target = matter?.targetDocument
  const number = target ? documentReference({ ...target, title: target.formVersion.title }) : null
  if (!number) throw new InvalidInput({ _form: ['该申请未选定所涉及的执法文书，请重新开启申请'] }, '申请缺少目标文书')
  const data = (payload ?? {}) as { recordNumber?: unknown; documents?: Array<{ number?: unknown }> }
  const named = form === 'access-request' ? (Array.isArray(data.documents) ? data.documents.map((d) => d?.number) : []) : [data.recordNumber]
  if (named.length === 0 || named.some((n) => n !== number)) {
    const field = form === 'access-request' ? 'documents' : 'recordNumber'
    throw new InvalidInput({ [field]: [`申请所列文书编号须为开启申请时选定的文书「${number}」`] }, '申请的文书与选定的不一致')
  }
}
