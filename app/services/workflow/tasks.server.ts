/**
 * A step of a procedure as its page shows it, and what a user can do there:
 * complete it (submit the document, approve, return with a reason), claim
 * it (签收), transfer it (转办) to another holder of the role, or withdraw
 * (撤回) one's own completion while nobody has acted since.
 */
import { subject } from '@casl/ability'
import type { Matter } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { mayActOnTask, type TaskView, type WorkflowEngine } from '../../../engine/index.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { clientFormDefinition } from '../../../forms/_lib/registry.ts'
import { prefill, shanghaiDate } from '../../../forms/_lib/prefill.ts'
import type { AppAbility } from '../permissions.server.ts'
import { Forbidden, InvalidInput, NotFound } from '../errors.ts'
import { standingProblem } from '../accounts.server.ts'
import { matterPrefillContext } from '../matters/prefill-context.server.ts'
import { checkDrawUnchanged, drawOfStep, RANDOM_DRAW_FORM } from '../matters/random-draw.server.ts'
import { outcomeTitle, returningOutcomes } from '../../reference/outcomes.ts'
import { roleTitle } from '../../reference/roles.ts'
import { appCalendar, remainingWorkingDays } from './calendar.server.ts'

export interface TaskContext {
  db: Db
  clock: Clock
  workflow: WorkflowEngine
  registry: FormRegistry
}

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

/** May this actor complete the task stored in this row now? */
export function mayCompleteRow(actor: Actor, row: Parameters<typeof asTaskView>[0], now: Date): boolean {
  return mayActOnTask(actor, asTaskView(row, now), 'complete')
}

async function loadVisibleTask(ctx: TaskContext, actor: Actor, ability: AppAbility, taskId: string) {
  const row = await ctx.db.task.findUnique({ where: { id: taskId } })
  if (!row) throw new NotFound('未找到该待办事项。')
  const task = asTaskView(row, ctx.clock.now())
  const matter = row.businessKey ? await ctx.db.matter.findUnique({ where: { id: row.businessKey }, include: { officers: true, party: { select: { name: true } } } }) : null
  const mayAct = mayActOnTask(actor, task, 'complete') || mayActOnTask(actor, task, 'claim')
  const readable = mayAct || row.completedById === actor.id || (matter && ability.can('read', subject('Matter', matter as Matter)))
  if (!readable) throw new Forbidden('该事项不在您的职责范围内，无权查看。')
  return { row, task, matter }
}

export async function taskPage(ctx: TaskContext, actor: Actor, ability: AppAbility, taskId: string) {
  const { row, task, matter } = await loadVisibleTask(ctx, actor, ability, taskId)
  const now = ctx.clock.now()
  const open = row.status === 'open'
  const step = open ? await ctx.workflow.step(taskId) : null
  const isApproval = row.form === APPROVAL_FORM

  let form: { definition: ReturnType<typeof clientFormDefinition>; initialData: unknown } | null = null
  if (!isApproval && ctx.registry.has(row.form)) {
    const definition = clientFormDefinition(ctx.registry, row.form)
    let initialData: unknown = row.payload ? JSON.parse(row.payload) : null
    if (!initialData) {
      // Returned to this step: start from what was submitted last time.
      const previous = await ctx.db.task.findFirst({
        where: { instanceId: row.instanceId, elementId: row.elementId, status: 'completed' },
        orderBy: { completedAt: 'desc' }, select: { payload: true },
      })
      initialData = previous?.payload
        ? JSON.parse(previous.payload)
        : prefill(ctx.registry.get(row.form).manifest, await matterPrefillContext(ctx.db, ctx.clock, actor, row.businessKey))
    }
    if (row.form === RANDOM_DRAW_FORM && open && mayActOnTask(actor, task, 'complete')) {
      // The system draws (双随机); the operator only signs it and names a witness.
      const context = await matterPrefillContext(ctx.db, ctx.clock, actor, row.businessKey)
      initialData = { ...prefill(ctx.registry.get(row.form).manifest, context), ...(await drawOfStep(ctx.db, ctx.clock, row)) }
    }
    form = { definition, initialData }
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
  return {
    task: {
      id: row.id, name: row.name, status: row.status, form: row.form, isApproval, gate: row.gate,
      roleTitle: roleTitle(row.role), departmentName: department?.name ?? '', assigneeName: assignee?.displayName ?? null,
      createdAt: row.createdAt.toISOString(), dueDate: row.dueDate, overdue: task.overdue,
      remainingWorkingDays: open ? remainingWorkingDays(calendar, now, row.dueDate) : null,
      completedByName: row.completedByName, completedAt: row.completedAt?.toISOString() ?? null,
      outcome: row.outcome, outcomeTitle: outcomeTitle(row.outcome), comment: row.comment, cancelReason: row.cancelReason,
    },
    matter: matter ? { id: matter.id, number: matter.number, title: matter.title, kind: matter.kind, partyName: matter.party?.name ?? null } : null,
    actions: {
      complete: mayActOnTask(actor, task, 'complete'),
      claim: mayActOnTask(actor, task, 'claim'),
      transfer: mayActOnTask(actor, task, 'assign') && candidates.length > 0,
      withdraw: row.status === 'completed' && row.completedById === actor.id,
    },
    outcomes: (step?.outcomes ?? []).map((key) => ({ key, title: outcomeTitle(key), needsComment: returningOutcomes.has(key) })),
    form,
    candidates,
    returnedFrom: returnedFrom && returnedFrom.completedAt ? { ...returnedFrom, completedAt: returnedFrom.completedAt.toISOString() } : null,
  }
}

export interface CompleteStepInput {
  outcome?: string
  comment?: string
  /** The form's data as JSON text, for steps that make a document. */
  payload?: string
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
  const comment = checkedComment(input.comment, !!outcome && returningOutcomes.has(outcome), '退回时须填写退回理由')
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
  }
  return ctx.workflow.complete(taskId, { payload, outcome, comment }, actor)
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
  if (!receiver || !holds || standingProblem(receiver, now) || receiver.id === actor.id) {
    throw new InvalidInput({ userId: ['接办人须是本部门同一岗位的在岗人员'] })
  }
  if (!mayActOnTask(actor, task, 'assign')) throw new Forbidden('您不能转办该事项。')
  return ctx.workflow.assign(taskId, { userId: receiver.id, comment }, actor)
}

export async function claimStep(ctx: TaskContext, actor: Actor, taskId: string) {
  return ctx.workflow.claim(taskId, actor)
}

export async function withdrawStep(ctx: TaskContext, actor: Actor, taskId: string, comment?: string) {
  return ctx.workflow.withdraw(taskId, { comment: checkedComment(comment, false, '') }, actor)
}
