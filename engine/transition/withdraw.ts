/**
 * 撤回, decided without a database: the one who completed a task takes it
 * back while nobody has completed anything since in that instance (its
 * revision is the one the completion saved) and the completion started no
 * called instance. The tasks the completion opened are closed (reason
 * `withdrawn`), timers it armed are cancelled and timers it disarmed wait
 * again, the instance returns to its state and variables before the
 * completion, and the step waits again for the one who withdrew it, with its
 * original deadline. Claims and transfers of the follow-up tasks do not
 * block a withdrawal; completions do. The app hears of it before it is
 * logged, and may still refuse (its hook throws; everything rolls back).
 *
 * @example
 *   decideWithdraw({ task, instance, startedChild: false, openTasks, command: {}, actor }, { now, newId }).effects
 *   // → [{ kind: 'closeTasks', … }, { kind: 'cancelTimers', … }, { kind: 'reopenTask', … }, { kind: 'saveInstance', … }, { kind: 'taskWithdrawn', … }, { kind: 'audit', … }]
 */
import type { Actor } from '../actor.ts'
import { Forbidden, InstanceNotFound, NotWithdrawable } from '../errors.ts'
import { toTaskView, type TaskRow, type TaskView } from '../task-view.ts'
import type { Decision, Effect, NewTask } from './effects.ts'
import type { PriorState, StoredInstance } from './instance-state.ts'

export interface WithdrawalInput {
  /** The task as stored, with the instance it saved before its completion (`priorState`). */
  task: TaskRow
  /** Its instance as stored now; null when there is none. */
  instance: StoredInstance | null
  /** Whether an instance was started as called by this one at the instant of the completion. */
  startedChild: boolean
  /** The instance's open tasks now. */
  openTasks: readonly { id: string; executionId: string }[]
  command: { comment?: string }
  actor: Actor
}

export function decideWithdraw(input: WithdrawalInput, ctx: { now: Date; newId: () => string }): Decision<TaskView> {
  const { task, instance, actor } = input
  const { now } = ctx
  if (task.status !== 'completed' || !task.priorState) throw new NotWithdrawable(task.id, '该任务尚未办结', 'the task is not completed')
  if (task.completedById !== actor.id) throw new Forbidden(`只有办理人本人可以撤回「${task.name}」`)
  const prior = JSON.parse(task.priorState) as PriorState
  if (!instance) throw new InstanceNotFound(task.instanceId)
  if (instance.status !== 'running' || instance.revision !== prior.revision + 1) {
    throw new NotWithdrawable(task.id, '后续环节已办理', 'the instance has moved on since')
  }
  if (input.startedChild) throw new NotWithdrawable(task.id, '已启动子流程', 'the completion started a called instance')

  const followUpIds = input.openTasks.filter((t) => !prior.openTasks.includes(t.executionId)).map((t) => t.id)
  const priorArmed = JSON.parse(prior.armedTimers) as string[]
  const currentArmed = JSON.parse(instance.armedTimers) as string[]
  const reopened: NewTask & { departmentId: string | null } = {
    id: ctx.newId(), instanceId: task.instanceId, executionId: task.executionId, elementId: task.elementId, name: task.name,
    definitionKey: task.definitionKey, businessKey: task.businessKey, form: task.form, role: task.role, scope: task.scope,
    departmentId: task.departmentId, assigneeId: actor.id, gate: task.gate, status: 'open', createdAt: now,
    dueDate: task.dueDate, dueAt: task.dueAt, dueProvisional: Boolean(task.dueProvisional), dueFrom: task.dueAt ? (task.dueFrom ?? task.createdAt) : null,
  }
  const effects: Effect[] = [
    { kind: 'closeTasks', taskIds: followUpIds, reason: 'withdrawn', at: now },
    {
      kind: 'cancelTimers', instanceId: instance.id, executionIds: currentArmed.filter((t) => !priorArmed.includes(t)),
      dueOfTaskExecutions: [], dueOfTaskIds: followUpIds,
    },
    { kind: 'rearmTimers', instanceId: instance.id, executionIds: priorArmed.filter((t) => !currentArmed.includes(t)) },
    { kind: 'reopenTask', task: reopened },
  ]
  if (task.dueAt) {
    effects.push({ kind: 'armTimers', timers: [{ id: ctx.newId(), instanceId: task.instanceId, kind: 'due', elementId: task.elementId, executionId: reopened.id, dueAt: task.dueAt, status: 'pending', createdAt: now }] })
  }
  effects.push(
    { kind: 'saveInstance', instanceId: instance.id, revision: instance.revision, state: prior.state, variables: prior.variables, armedTimers: prior.armedTimers, ended: false, at: now },
    // The app undoes what the completion did outside the engine (or refuses, and all of this rolls back).
    { kind: 'taskWithdrawn', task: toTaskView(task, now), actor },
    {
      kind: 'audit',
      entry: {
        actor, action: 'task.withdraw', targetType: 'Task', targetId: task.id,
        detail: { instanceId: instance.id, elementId: task.elementId, reopenedTaskId: reopened.id, cancelledTaskIds: followUpIds, comment: input.command.comment ?? null },
      },
    },
  )
  const result = toTaskView({ ...reopened, completedById: null, completedByName: null, completedAt: null, payload: null, formVersion: null, outcome: null, comment: null, cancelReason: null }, now)
  return { result, effects }
}
