/**
 * 延长办案期限 (行政处罚法第六十条): a general penalty case must be decided
 * within 90 days of its filing unless the principal head (主要负责同志)
 * approves a longer period. The request is its own small procedure
 * (definitions/case-extension), started from the case page with the case as
 * its business key; when the principal head approves, the case instance's
 * `caseDeadline` variable is set and its open steps' due dates recomputed by
 * the engine (extendDeadline), in the approval's own transaction, so the
 * approval, the issued 延长办案期限审批表 and the new deadline commit together.
 */
import type { DbOrTx, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import { InvalidForm, type TaskView, type WorkflowEngine } from '../../../engine/index.ts'
import { addDays } from '../../../engine/calendar/dates.ts'
import type { AppAbility } from '../permissions.server.ts'
import { Conflict, Forbidden, InvalidInput } from '../errors.ts'
import { findReadableMatter } from './matter-view.server.ts'
import type { MatterContext } from './matters.server.ts'

export const CASE_DEFINITION = 'penalty-case-general'
export const EXTENSION_DEFINITION = 'case-extension'
/** 行政处罚法第六十条: 立案之日起九十日内作出行政处罚决定. */
export const CASE_PERIOD_DAYS = 90

export interface CaseExtensionRecord {
  from: string
  until: string
  reason: string
  requestedByName: string | null
  approvedById: string
  approvedByName: string
  approvedAt: string
  opinion: string | null
  documentNumber: string | null
}

export interface CaseDeadline {
  instanceId: string
  revision: number
  running: boolean
  filingDate: string
  deadline: string
  extensions: CaseExtensionRecord[]
}

interface CaseVariables {
  filingApproval?: { date?: string }
  caseDeadline?: string
  caseDeadlineExtensions?: CaseExtensionRecord[]
}

/**
 * The case's deadline for the penalty decision: 90 days from the filing
 * approval's date, or the date the principal head last approved. The same
 * rule as the penaltyDecision step's zf:due. Null before the case is filed.
 */
export async function caseDeadline(db: DbOrTx, matterId: string): Promise<CaseDeadline | null> {
  const instance = await db.processInstance.findFirst({
    where: { businessKey: matterId, definitionKey: CASE_DEFINITION },
    orderBy: { startedAt: 'desc' },
    select: { id: true, revision: true, status: true, variables: true },
  })
  if (!instance) return null
  const variables = JSON.parse(instance.variables) as CaseVariables
  const filingDate = variables.filingApproval?.date
  if (!filingDate) return null
  return {
    instanceId: instance.id, revision: instance.revision, running: instance.status === 'running', filingDate,
    deadline: variables.caseDeadline ?? addDays(filingDate, CASE_PERIOD_DAYS),
    extensions: variables.caseDeadlineExtensions ?? [],
  }
}

/** Whether this actor may ask to extend this case: one of its officers, while it runs and no request is under way. */
export async function extensionRequestable(db: DbOrTx, actor: Actor, matterId: string): Promise<boolean> {
  const [officer, deadline, pending] = await Promise.all([
    db.matterOfficer.count({ where: { matterId, userId: actor.id } }),
    caseDeadline(db, matterId),
    db.processInstance.count({ where: { businessKey: matterId, definitionKey: EXTENSION_DEFINITION, status: 'running' } }),
  ])
  return officer > 0 && !!deadline?.running && pending === 0
}

/** Starts a request to extend the case's deadline; returns the id of the officer's first step (filling in the 审批表). */
export async function requestCaseExtension(ctx: MatterContext, ability: AppAbility, actor: Actor, matterId: string): Promise<string> {
  const matter = await findReadableMatter(ctx.db, ability, matterId)
  if (matter.kind !== 'penalty-case' || matter.variant !== 'general') {
    throw new InvalidInput({ _form: ['只有一般程序的行政处罚案件有九十日办案期限，可以申请延长。'] }, '不能申请延期')
  }
  if (!(await ctx.db.matterOfficer.count({ where: { matterId, userId: actor.id } }))) {
    throw new Forbidden('只有本案的执法人员可以申请延长办案期限。')
  }
  const deadline = await caseDeadline(ctx.db, matterId)
  if (!deadline) throw new InvalidInput({ _form: ['本案尚未立案审批，没有可延长的办案期限（行政处罚法第六十条自立案之日起计算）。'] }, '不能申请延期')
  if (!deadline.running) throw new Conflict('本案已办结，不能再延长办案期限。')
  if (await ctx.db.processInstance.count({ where: { businessKey: matterId, definitionKey: EXTENSION_DEFINITION, status: 'running' } })) {
    throw new Conflict('本案已有延长办案期限申请正在办理，请在其办结后再申请。')
  }
  const instanceId = await ctx.workflow.start(EXTENSION_DEFINITION, {
    businessKey: matter.id, departmentId: matter.departmentId,
    variables: { matter: { id: matter.id, kind: matter.kind, variant: matter.variant, number: matter.number, title: matter.title }, currentDeadline: deadline.deadline },
  }, actor)
  const apply = await ctx.db.task.findFirstOrThrow({ where: { instanceId, status: 'open' }, select: { id: true } })
  return apply.id
}

interface ExtensionRequest {
  currentDeadline?: string
  requestedDeadline?: string
  reason?: string
}

/** Refused like any form error, so the step's page marks the field (400, nothing saved). */
function checkRequest(request: ExtensionRequest, deadline: CaseDeadline) {
  const errors: Array<{ path: string; message: string }> = []
  if (request.currentDeadline !== deadline.deadline) errors.push({ path: '/currentDeadline', message: `本案现办案期限为 ${deadline.deadline}，请按此填写。` })
  if (!request.requestedDeadline || request.requestedDeadline <= deadline.deadline) {
    errors.push({ path: '/requestedDeadline', message: `延长后的期限应晚于现办案期限 ${deadline.deadline}。` })
  }
  if (errors.length) throw new InvalidForm('case-extension-request', errors)
}

/**
 * The engine's taskCompleted hook for the case-extension procedure: the
 * request is checked against the case's current deadline when it is made
 * and again when it is approved (another extension may have been approved
 * in between); an approval by the principal head extends the case.
 */
export async function onCaseExtensionStep(workflow: WorkflowEngine, tx: Tx, task: TaskView, actor: Actor): Promise<void> {
  if (task.definitionKey !== EXTENSION_DEFINITION || !task.businessKey) return
  const deadline = await caseDeadline(tx, task.businessKey)
  if (task.form === 'case-extension-request') {
    if (!deadline?.running) throw new Conflict('本案已办结或尚未立案，不能延长办案期限。')
    checkRequest(task.payload as ExtensionRequest, deadline)
    return
  }
  if (task.role !== 'principal-head' || task.outcome !== 'approve') return
  if (!deadline?.running) throw new Conflict('本案已办结，不能再延长办案期限。')
  const requested = await tx.task.findFirst({
    where: { instanceId: task.instanceId, form: 'case-extension-request', status: 'completed' },
    orderBy: { completedAt: 'desc' }, select: { payload: true, completedByName: true },
  })
  const request = (requested?.payload ? JSON.parse(requested.payload) : {}) as ExtensionRequest
  checkRequest(request, deadline)
  const document = await tx.document.findFirst({ where: { taskId: task.id }, select: { number: true } })
  const record: CaseExtensionRecord = {
    from: deadline.deadline, until: request.requestedDeadline!, reason: request.reason ?? '',
    requestedByName: requested?.completedByName ?? null,
    approvedById: actor.id, approvedByName: actor.displayName, approvedAt: (task.completedAt ?? new Date()).toISOString(),
    opinion: (task.payload as { opinion?: string } | null)?.opinion ?? task.comment ?? null,
    documentNumber: document?.number ?? null,
  }
  await workflow.extendDeadline(deadline.instanceId, {
    set: { caseDeadline: record.until, caseDeadlineExtensions: [...deadline.extensions, record] },
    reason: record.reason,
  }, actor, { tx })
}

/** What the case page shows about the decision's deadline, and whether this actor may ask to extend it. */
export async function caseDeadlinePanel(db: DbOrTx, actor: Actor, matterId: string, now: Date) {
  const deadline = await caseDeadline(db, matterId)
  if (!deadline) return null
  const pending = await db.processInstance.findFirst({
    where: { businessKey: matterId, definitionKey: EXTENSION_DEFINITION, status: 'running' },
    select: { tasks: { where: { status: 'open' }, select: { id: true, name: true } } },
  })
  const officer = await db.matterOfficer.count({ where: { matterId, userId: actor.id } })
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  return {
    filingDate: deadline.filingDate,
    deadline: deadline.deadline,
    running: deadline.running,
    overdue: deadline.running && today > deadline.deadline,
    extensions: deadline.extensions.map((e) => ({ from: e.from, until: e.until, reason: e.reason, approvedByName: e.approvedByName, approvedAt: e.approvedAt, documentNumber: e.documentNumber })),
    pendingTask: pending?.tasks[0] ?? null,
    mayRequest: officer > 0 && deadline.running && !pending,
  }
}
