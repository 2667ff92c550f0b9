/**
 * A step of a procedure as its page shows it, and what a user can do there:
 * complete it (submit the document, approve, return with a reason), claim
 * it (签收), transfer it (转办) to another holder of the role, or withdraw
 * (撤回) one's own completion while nobody has acted since.
 */
import { subject } from '@casl/ability'
import type { Matter } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { TaskAction, TaskView } from '../../../engine/index.ts'
import { clientFormDefinition } from '../../../forms/_lib/registry.ts'
import { formsOfMatter } from '../catalog/matter-forms.server.ts'
import { prefill, shanghaiDate } from '../../../forms/_lib/prefill.ts'
import type { AppAbility } from '../permissions.server.ts'
import { Forbidden, InvalidInput, NotFound } from '../errors.ts'
import { loadAccount, standingProblem, toActor } from '../accounts.server.ts'
import { matterPrefill } from '../matters/prefill-context.server.ts'
import { applyCorrections, planCorrections, prefilledFacts, type AppliedCorrection, type CorrectionContext, type PrefilledFact } from '../matters/case-facts.server.ts'
import { checkRequestNamesItsTarget } from '../matters/record-requests.server.ts'
import { checkDrawUnchanged, drawOfStep, RANDOM_DRAW_FORM } from '../matters/random-draw.server.ts'
import { outcomeTitle, returningOutcomes } from '../../reference/outcomes.ts'
import { roleTitle } from '../../reference/roles.ts'
import { appCalendar, remainingWorkingDays } from './calendar.server.ts'
import { dueLabel } from './due-label.server.ts'
import { attendsMinutes, COMMITTEE_FORM, committeeStatus, eligibleAttendees, minutesForCompletion, withoutSystemFields } from './committee.server.ts'
import { matterTeam, mayActOnMatterTask, mayActOnTaskUnder } from './task-access.server.ts'
import { activeRoles } from '../permissions/rule-store.server.ts'
import { mayReadDocument, mayReadStepContent } from '../documents/read-rule.server.ts'
import { fieldChanges } from '../documents/field-diff.ts'
import { appendAudit } from '../audit.server.ts'
import { endDraftsOfClosedSteps } from '../documents/drafts.server.ts'
import { documentReference } from '../documents/document-reference.ts'

type TaskRow = NonNullable<Awaited<ReturnType<Db['task']['findUnique']>>>

/**
 * What an approver reads (issue 9): the draft as submitted, in the form's
 * layout, read-only; what changed since the submission before a return; and
 * the opinions recorded so far in the procedure.
 */
async function reviewOf(ctx: TaskContext, draft: TaskRow) {
  const submissions = await ctx.db.task.findMany({
    where: { instanceId: draft.instanceId, elementId: draft.elementId, status: 'completed', completedAt: { lte: draft.completedAt ?? new Date() } },
    orderBy: { completedAt: 'desc' }, take: 2, select: { payload: true },
  })
  const data = draft.payload ? JSON.parse(draft.payload) : null
  const previous = submissions[1]?.payload ? JSON.parse(submissions[1].payload) : null
  const definition = clientFormDefinition(ctx.registry, draft.form)
  const opinions = await ctx.db.task.findMany({
    where: { instanceId: draft.instanceId, form: APPROVAL_FORM, status: 'completed' },
    orderBy: { completedAt: 'asc' }, select: { name: true, completedByName: true, completedAt: true, outcome: true, comment: true },
  })
  return {
    draftTaskId: draft.id, draftName: draft.name, formKey: draft.form, title: ctx.registry.get(draft.form).manifest.title,
    drafterName: draft.completedByName, submittedAt: draft.completedAt?.toISOString() ?? null,
    definition, data,
    changes: previous ? fieldChanges(definition.schema, previous, data) : null,
    opinions: opinions.map((o) => ({ name: o.name, who: o.completedByName, at: o.completedAt?.toISOString() ?? null, outcome: outcomeTitle(o.outcome), comment: o.comment })),
  }
}

/** What a step needs: a matter's context (a correction may open a change request) and the forms. */
export type TaskContext = CorrectionContext

export const APPROVAL_FORM = 'approval'
const COMMENT_MAX = 500

function asTaskView(row: Awaited<ReturnType<Db['task']['findUniqueOrThrow']>>, now: Date): TaskView {
  return {
    ...row,
    status: row.status as TaskView['status'],
    overdue: row.status === 'open' && !!row.dueAt && row.dueAt <= now,
    payload: row.payload ? JSON.parse(row.payload) : null,
  } as TaskView
}

/** May this actor complete the task stored in this row now? (The matter's team rule included.) */
export async function mayCompleteRow(db: Db, actor: Actor, row: Parameters<typeof asTaskView>[0], now: Date): Promise<boolean> {
  return mayActOnTaskUnder(await activeRoles(db), actor, asTaskView(row, now), 'complete', await matterTeam(db, row.businessKey))
}

/**
 * The task if the actor may see it: act on it, did it, or reads its matter.
 * Anyone else gets 403 and nothing of it, and the attempt is logged.
 */
async function loadVisibleTask(ctx: TaskContext, actor: Actor, ability: AppAbility, taskId: string) {
  const row = await ctx.db.task.findUnique({ where: { id: taskId } })
  if (!row) throw new NotFound('未找到该待办事项。')
  const task = asTaskView(row, ctx.clock.now())
  const matter = row.businessKey ? await ctx.db.matter.findUnique({ where: { id: row.businessKey }, include: { officers: true, party: { select: { name: true } } } }) : null
  const team = matter ? { createdById: matter.createdById, officerIds: matter.officers.map((o) => o.userId) } : null
  const may = (action: TaskAction) => mayActOnMatterTask(ability, task, action, team)
  const readable = may('complete') || may('claim') || row.completedById === actor.id || (matter && ability.can('read', subject('Matter', matter as Matter)))
    || (row.form === COMMITTEE_FORM && await attendsMinutes(ctx.db, row.id, actor.id))
  if (!readable) {
    await appendAudit(ctx.db, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'task.read', outcome: 'denied', targetType: 'Task', targetId: row.id, detail: { matterId: row.businessKey },
    }, ctx.clock)
    throw new Forbidden('该事项不在您的职责范围内，无权查看。')
  }
  return { row, task, matter, team, may }
}

/** The draft an approval step decides on: the latest submission of a document step before it, in its procedure. */
async function draftUnderApproval(ctx: TaskContext, row: { instanceId: string; createdAt: Date }) {
  const candidates = await ctx.db.task.findMany({
    where: { instanceId: row.instanceId, status: 'completed', form: { not: APPROVAL_FORM }, completedAt: { lte: row.createdAt } },
    orderBy: { completedAt: 'desc' }, take: 10,
  })
  return candidates.find((c) => c.payload && ctx.registry.has(c.form)) ?? null
}

export async function taskPage(context: TaskContext, actor: Actor, ability: AppAbility, taskId: string) {
  const { row, task, matter, team, may } = await loadVisibleTask(context, actor, ability, taskId)
  // The step's form as its matter was opened with (docs/decisions/025).
  const ctx = { ...context, registry: await formsOfMatter(context.db, context.registry, row.businessKey) }
  const now = ctx.clock.now()
  const open = row.status === 'open'
  const step = open ? await ctx.workflow.step(taskId) : null
  const isApproval = row.form === APPROVAL_FORM
  const stepMatter = matter && team ? { id: matter.id, organId: matter.organId, kind: matter.kind, status: matter.status, ...team } : null

  // The one read rule decides whether this page shows the step's content (issue 9).
  const draftRow = isApproval ? await draftUnderApproval(ctx, row) : row
  const contentReadable = draftRow ? await mayReadStepContent(ctx.db, ability, actor, draftRow, stepMatter) : false
  if (draftRow && (draftRow.payload || open)) {
    await appendAudit(ctx.db, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'task.read', outcome: contentReadable ? 'success' : 'denied', targetType: 'Task', targetId: draftRow.id, detail: { page: row.id },
    }, ctx.clock)
  }
  const review = isApproval && draftRow && contentReadable ? await reviewOf(ctx, draftRow) : null

  let form: { definition: ReturnType<typeof clientFormDefinition>; initialData: unknown; facts: PrefilledFact[] } | null = null
  if (!isApproval && contentReadable && ctx.registry.has(row.form)) {
    const definition = clientFormDefinition(ctx.registry, row.form)
    let initialData: unknown = row.payload ? JSON.parse(row.payload) : null
    // What the case already knows, and where from (docs/decisions/038): shown beside the fields while the step is open.
    const prefilled = open ? await matterPrefill(ctx.db, ctx.clock, actor, row.businessKey, ctx.registry) : null
    if (!initialData) {
      // Returned to this step: start from what was submitted last time.
      const previous = await ctx.db.task.findFirst({
        where: { instanceId: row.instanceId, elementId: row.elementId, status: 'completed' },
        orderBy: { completedAt: 'desc' }, select: { payload: true },
      })
      initialData = previous?.payload
        ? JSON.parse(previous.payload)
        : prefill(ctx.registry.get(row.form).manifest, (prefilled ?? await matterPrefill(ctx.db, ctx.clock, actor, row.businessKey, ctx.registry)).context)
    }
    if (row.form === RANDOM_DRAW_FORM && open && may('complete') && prefilled) {
      // The system draws (双随机); the operator only signs it and names a witness.
      initialData = { ...prefill(ctx.registry.get(row.form).manifest, prefilled.context), ...(await drawOfStep(ctx.db, ctx.clock, row)) }
    }
    if (row.form === COMMITTEE_FORM && open) {
      // Once recorded, the step shows the minutes the attendees are confirming (the attendance is shown apart).
      const minutes = await ctx.db.committeeMinutes.findUnique({ where: { taskId: row.id }, select: { payload: true } })
      if (minutes) initialData = withoutSystemFields(JSON.parse(minutes.payload))
    }
    form = { definition, initialData, facts: prefilled && may('complete') ? prefilledFacts(ctx.registry, row.form, prefilled.facts) : [] }
  }

  const candidates = open && row.departmentId
    ? (await ctx.db.roleAssignment.findMany({
        where: { role: row.role, departmentId: row.departmentId, userId: { not: actor.id }, user: { status: 'active' } },
        select: { user: { select: { id: true, displayName: true, certificateKind: true, certificateExpiresAt: true, status: true } } },
      })).map((r) => r.user).filter((u) => !standingProblem(u, now)).map((u) => ({ id: u.id, name: u.displayName }))
    : []
  const [department, assignee, returnedFrom] = await Promise.all([
    row.departmentId ? ctx.db.department.findUnique({ where: { id: row.departmentId }, select: { name: true } }) : null,
    row.assigneeId ? ctx.db.user.findUnique({ where: { id: row.assigneeId }, select: { displayName: true } }) : null,
    // The latest return in this instance whose reason the user should read before redoing the step.
    ctx.db.task.findFirst({
      where: { instanceId: row.instanceId, outcome: { in: [...returningOutcomes] }, completedAt: { lte: row.createdAt } },
      orderBy: { completedAt: 'desc' }, select: { name: true, comment: true, completedByName: true, completedAt: true },
    }),
  ])
  const calendar = await appCalendar(ctx.db)
  const committee = row.form === COMMITTEE_FORM && row.departmentId ? await committeePanel(ctx, actor, row.id, row.departmentId, open) : null
  // A request about a record shows its target: number, title, maker and a link for whoever may read it (issue 9).
  const target = matter?.targetDocumentId
    ? await ctx.db.document.findUnique({ where: { id: matter.targetDocumentId }, select: { id: true, number: true, verificationCode: true, madeByName: true, issuedByName: true, formVersion: { select: { title: true } } } })
    : null
  const requestTarget = target
    ? { id: target.id, number: documentReference({ ...target, title: target.formVersion.title }), title: target.formVersion.title, makerName: target.madeByName ?? target.issuedByName, readable: await mayReadDocument(ctx.db, ability, target.id) }
    : null
  return {
    committee,
    requestTarget,
    task: {
      id: row.id, name: row.name, status: row.status, form: row.form, isApproval, gate: row.gate,
      roleTitle: roleTitle(row.role), departmentName: department?.name ?? '', assigneeName: assignee?.displayName ?? null,
      createdAt: row.createdAt.toISOString(), dueDate: dueLabel(row.dueDate, row.dueAt), dueProvisional: task.dueProvisional, overdue: task.overdue,
      remainingWorkingDays: open ? remainingWorkingDays(calendar, now, row.dueDate) : null,
      completedByName: row.completedByName, completedAt: row.completedAt?.toISOString() ?? null,
      outcome: row.outcome, outcomeTitle: outcomeTitle(row.outcome), comment: row.comment, cancelReason: row.cancelReason,
    },
    matter: matter ? { id: matter.id, number: matter.number, title: matter.title, kind: matter.kind, partyName: matter.party?.name ?? null } : null,
    actions: {
      complete: may('complete'),
      claim: may('claim'),
      transfer: may('assign') && candidates.length > 0,
      withdraw: row.status === 'completed' && row.completedById === actor.id,
    },
    outcomes: (step?.outcomes ?? []).map((key) => ({ key, title: outcomeTitle(key), needsComment: returningOutcomes.has(key) })),
    form,
    /** The step's content exists but the read rule refuses it to this user. */
    contentHidden: !contentReadable && !!draftRow?.payload,
    review,
    candidates,
    returnedFrom: returnedFrom && returnedFrom.completedAt ? { ...returnedFrom, completedAt: returnedFrom.completedAt.toISOString() } : null,
  }
}

/** The committee step's attendance, votes and confirmations as its page shows them. */
async function committeePanel(ctx: TaskContext, actor: Actor, taskId: string, committeeId: string, open: boolean) {
  const status = await committeeStatus(ctx.db, taskId)
  const minutes = await ctx.db.committeeMinutes.findUnique({ where: { taskId }, select: { payload: true, chairId: true } })
  return {
    ...status,
    chairId: minutes?.chairId ?? null,
    recorded: minutes ? (JSON.parse(minutes.payload) as Record<string, unknown>) : null,
    eligible: open ? await eligibleAttendees(ctx.db, committeeId) : [],
    mayConfirm: open && status.attendees.some((a) => a.userId === actor.id && !a.confirmedAt),
  }
}

export interface CompleteStepInput {
  outcome?: string
  comment?: string
  /** The form's data as JSON text, for steps that make a document. */
  payload?: string
  /** Facts (keys) whose earlier record the user chose to correct with this document's value (docs/decisions/038). */
  corrections?: string[]
}

function checkedComment(comment: string | undefined, required: boolean, requiredMessage: string): string | undefined {
  const text = comment?.trim() ?? ''
  if (required && !text) throw new InvalidInput({ comment: [requiredMessage] })
  if (text.length > COMMENT_MAX) throw new InvalidInput({ comment: [`意见不能超过 ${COMMENT_MAX} 个字符`] })
  return text || undefined
}

export async function completeStep(ctx: TaskContext, actor: Actor, taskId: string, input: CompleteStepInput) {
  const row = await ctx.db.task.findUnique({ where: { id: taskId }, select: { id: true, form: true, status: true, businessKey: true, payload: true } })
  if (!row) throw new NotFound('未找到该待办事项。')
  const step = await ctx.workflow.step(taskId)
  const outcome = input.outcome || undefined
  if (step.outcomes.length > 0 && !outcome) throw new InvalidInput({ outcome: ['请选择办理结果'] })
  const returning = !!outcome && returningOutcomes.has(outcome)
  const comment = checkedComment(input.comment, returning || step.opinionRequired, returning ? '退回时须填写退回理由' : '本环节须填写审核意见')
  let payload: unknown
  if (row.form === APPROVAL_FORM) {
    payload = {
      decision: outcome && returningOutcomes.has(outcome) ? 'return' : 'approve',
      opinion: comment ?? '同意。',
      approverName: actor.displayName,
      date: shanghaiDate(ctx.clock.now()),
    }
  } else {
    try {
      payload = JSON.parse(input.payload ?? '')
    } catch {
      throw new InvalidInput({ payload: ['表单内容无法读取，请刷新页面后重试'] })
    }
    if (row.form === RANDOM_DRAW_FORM && row.status === 'open') {
      checkDrawUnchanged(await drawOfStep(ctx.db, ctx.clock, row), (payload ?? {}) as Record<string, unknown>)
    }
    // The committee's minutes are the version the attendees confirmed, with their confirmations.
    if (row.form === COMMITTEE_FORM) payload = await minutesForCompletion(ctx.db, taskId, payload)
    await checkRequestNamesItsTarget(ctx.db, row.businessKey, row.form, payload)
  }
  // Checked before the step completes: a correction that cannot be made refuses the submission.
  const plan = row.form === APPROVAL_FORM ? [] : await planCorrections(ctx, actor, row, payload, input.corrections ?? [])
  const result = await ctx.workflow.complete(taskId, { payload, outcome, comment }, actor)
  // A step's drafts end with it (and with the steps its completion cancelled).
  if (row.businessKey) await endDraftsOfClosedSteps(ctx.db, ctx.clock, actor, row.businessKey)
  const corrected: AppliedCorrection[] = plan.length && row.businessKey
    ? await applyCorrections(ctx, actor, { taskId, formTitle: ctx.registry.has(row.form) ? ctx.registry.get(row.form).manifest.title : row.form, matterId: row.businessKey }, plan)
    : []
  return Object.assign(result, { corrected })
}

export async function transferStep(ctx: TaskContext, actor: Actor, taskId: string, input: { userId?: string; comment?: string }) {
  const row = await ctx.db.task.findUnique({ where: { id: taskId } })
  if (!row) throw new NotFound('未找到该待办事项。')
  const comment = checkedComment(input.comment, true, '转办时须说明理由')
  if (!input.userId) throw new InvalidInput({ userId: ['请选择接办人'] })
  const receiver = await ctx.db.user.findUnique({ where: { id: input.userId }, include: { roles: true } })
  const now = ctx.clock.now()
  const task = asTaskView(row, now)
  const holds = receiver?.roles.some((g) => g.role === row.role && g.departmentId === row.departmentId)
  const team = await matterTeam(ctx.db, row.businessKey)
  if (!receiver || !holds || standingProblem(receiver, now) || receiver.id === actor.id) {
    throw new InvalidInput({ userId: ['接办人须是本部门同一岗位的在岗人员'] })
  }
  const roles = await activeRoles(ctx.db)
  // The rules' `receive` decides whether the receiver may take it (an officers' step: only someone on the matter).
  const receiverAccount = await loadAccount(ctx.db, receiver.id)
  if (!receiverAccount || !mayActOnTaskUnder(roles, toActor(receiverAccount, null), task, 'receive', team)) throw new InvalidInput({ userId: ['接办人须是本事项的执法人员'] })
  if (!mayActOnTaskUnder(roles, actor, task, 'assign', team)) throw new Forbidden('您不能转办该事项。')
  return ctx.workflow.assign(taskId, { userId: receiver.id, comment }, actor)
}

export async function claimStep(ctx: TaskContext, actor: Actor, taskId: string) {
  return ctx.workflow.claim(taskId, actor)
}

export async function withdrawStep(ctx: TaskContext, actor: Actor, taskId: string, comment?: string) {
  const result = await ctx.workflow.withdraw(taskId, { comment: checkedComment(comment, false, '') }, actor)
  const row = await ctx.db.task.findUnique({ where: { id: taskId }, select: { businessKey: true } })
  if (row?.businessKey) await endDraftsOfClosedSteps(ctx.db, ctx.clock, actor, row.businessKey)
  return result
}

/**
 * A step's submitted form data, for its draft PDF preview, if the read rule
 * lets the actor read it; refusals are logged and answer 404 like a step
 * that does not exist.
 */
export async function stepContent(ctx: TaskContext, actor: Actor, ability: AppAbility, taskId: string): Promise<{ form: string; data: unknown; name: string; matterId: string | null }> {
  const row = await ctx.db.task.findUnique({ where: { id: taskId } })
  if (!row || !row.payload || !ctx.registry.has(row.form) || row.form === APPROVAL_FORM) throw new NotFound('没有可预览的文书内容。')
  // (The matter's own version of the form is chosen by the preview, from `matterId`.)
  const matter = row.businessKey ? await ctx.db.matter.findUnique({ where: { id: row.businessKey }, include: { officers: true } }) : null
  const stepMatter = matter ? { id: matter.id, organId: matter.organId, kind: matter.kind, status: matter.status, createdById: matter.createdById, officerIds: matter.officers.map((o) => o.userId) } : null
  const readable = await mayReadStepContent(ctx.db, ability, actor, row, stepMatter)
  await appendAudit(ctx.db, {
    actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
    action: 'task.read', outcome: readable ? 'success' : 'denied', targetType: 'Task', targetId: row.id, detail: { via: 'preview' },
  }, ctx.clock)
  if (!readable) throw new NotFound('没有可预览的文书内容。')
  return { form: row.form, data: JSON.parse(row.payload), name: row.name, matterId: row.businessKey }
}
