/**
 * What an engine operation does to the world, decided without a database
 * (docs/decisions/033). A pure decision — one file per operation in this
 * folder — takes what the operation needs to know (the task, the instance's
 * state, the command) and returns its result with a list of effects; the
 * database adapter (store/apply-effects.ts) applies the list in the
 * operation's transaction, in order. No Prisma type is imported here.
 */
import type { Actor } from '../actor.ts'
import type { InstanceContext } from './instance-state.ts'
import type { TaskRow } from '../task-view.ts'

/** An operation-log entry, written by the app's audit adapter inside the operation's transaction. */
export interface EngineAuditEntry {
  actor: Actor | null
  /** Dotted key: process.deploy, process.start, task.complete, task.assign, timer.fire, task.overdue, process.end, process.move */
  action: string
  targetType: 'ProcessDefinition' | 'ProcessInstance' | 'Task' | 'Timer' | 'Calendar'
  targetId: string
  detail?: unknown
}

/**
 * Give an open task to `to` (null: back to the role's pool) if it is still
 * assigned to `from` — someone else's claim or transfer meanwhile is a
 * Conflict, and the whole operation rolls back.
 */
export interface AssignTaskEffect {
  kind: 'assignTask'
  taskId: string
  instanceId: string
  from: string | null
  to: string | null
}

export interface AuditEffect {
  kind: 'audit'
  entry: EngineAuditEntry
}

/** A task as it is opened (the completion columns are filled in later, once); the adapter resolves its scope to a department. */
export type NewTask = Omit<TaskRow, 'departmentId' | 'status' | 'dueProvisional' | 'completedById' | 'completedByName' | 'completedAt' | 'payload' | 'formVersion' | 'outcome' | 'comment' | 'cancelReason' | 'priorState'> & {
  status: 'open'
  dueProvisional: boolean
}

export interface NewTimer {
  id: string
  instanceId: string
  /** due (a step's zf:due), or the timer event's kind. */
  kind: string
  elementId: string
  /** The timer event's execution id; for `due`, the task's id. */
  executionId: string
  dueAt: Date
  status: 'pending'
  createdAt: Date
}

/** Open these tasks (possibly none): each scope resolved for the instance, ScopeUnresolved when it means no department. */
export interface OpenTasksEffect {
  kind: 'openTasks'
  context: InstanceContext
  tasks: NewTask[]
}

/** Open tasks of these executions stopped waiting without being completed. */
export interface CancelTasksEffect {
  kind: 'cancelTasks'
  instanceId: string
  executionIds: string[]
  reason: 'interrupted' | 'instance-ended'
  at: Date
}

export interface ArmTimersEffect {
  kind: 'armTimers'
  timers: NewTimer[]
}

/** Pending bpmn timers of these executions, and the due timers of the tasks of these executions, are cancelled. */
export interface CancelTimersEffect {
  kind: 'cancelTimers'
  instanceId: string
  executionIds: string[]
  dueOfTaskExecutions: string[]
}

export type Effect = AssignTaskEffect | AuditEffect | OpenTasksEffect | CancelTasksEffect | ArmTimersEffect | CancelTimersEffect

/** A decision: what the operation returns, and what must happen for it to be true. */
export interface Decision<T> {
  result: T
  effects: Effect[]
}
