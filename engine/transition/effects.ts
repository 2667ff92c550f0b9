/**
 * What an engine operation does to the world, decided without a database
 * (docs/decisions/033). A pure decision — one file per operation in this
 * folder — takes what the operation needs to know (the task, the instance's
 * state, the command) and returns its result with a list of effects; the
 * database adapter (store/apply-effects.ts) applies the list in the
 * operation's transaction, in order. No Prisma type is imported here.
 */
import type { Actor } from '../actor.ts'
import type { InstanceContext, PriorState } from './instance-state.ts'
import type { TaskRow, TaskView } from '../task-view.ts'

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

/** These open tasks (by id) are closed as cancelled: the follow-ups of a withdrawn completion. */
export interface CloseTasksEffect {
  kind: 'closeTasks'
  taskIds: string[]
  reason: 'withdrawn'
  at: Date
}

/** A step waits again with the department it had (no scope to resolve): the task a withdrawal reopens. */
export interface ReopenTaskEffect {
  kind: 'reopenTask'
  task: NewTask & { departmentId: string | null }
}

/**
 * Close the open task as completed, keeping what it was completed with and
 * the instance as it was before (for withdrawal). A task no longer open —
 * someone else completed it meanwhile — is TaskNotActive, and the whole
 * operation rolls back.
 */
export interface CompleteTaskEffect {
  kind: 'completeTask'
  taskId: string
  completedById: string
  completedByName: string
  completedAt: Date
  payload: unknown
  formVersion: string
  outcome: string | null
  comment: string | null
  priorState: PriorState
}

export interface ArmTimersEffect {
  kind: 'armTimers'
  timers: NewTimer[]
}

/**
 * Pending bpmn timers of these executions, and the due timers of the tasks
 * of these executions (`dueOfTaskExecutions`) or of these tasks
 * (`dueOfTaskIds`), are cancelled.
 */
export interface CancelTimersEffect {
  kind: 'cancelTimers'
  instanceId: string
  executionIds: string[]
  dueOfTaskExecutions: string[]
  dueOfTaskIds?: string[]
}

/** An open step's due date moves: its due timer is replaced by `timer` (a deadline extension). */
export interface MoveDueEffect {
  kind: 'moveDue'
  taskId: string
  dueDate: string
  dueAt: Date
  timer: NewTimer
}

/** Cancelled bpmn timers of these executions wait again (a withdrawal gives back what the completion disarmed). */
export interface RearmTimersEffect {
  kind: 'rearmTimers'
  instanceId: string
  executionIds: string[]
}

/** A process instance as it is first stored; its state follows in a `saveInstance` at revision 0. */
export interface NewInstance {
  id: string
  definitionId: string
  definitionKey: string
  definitionVersion: number
  businessKey: string | null
  departmentId: string | null
  status: 'running'
  state: string
  variables: string
  parentInstanceId: string | null
  parentExecutionId: string | null
  startedById: string | null
  startedByName: string | null
  startedAt: Date
  updatedAt: Date
}

export interface InsertInstanceEffect {
  kind: 'insertInstance'
  instance: NewInstance
}

/**
 * Store the instance's state, variables and armed timers (JSON text) as
 * revision `revision + 1`, only if it is still at `revision`: someone else's
 * save meanwhile is a Conflict. An ended instance is stored completed.
 */
export interface SaveInstanceEffect {
  kind: 'saveInstance'
  instanceId: string
  revision: number
  state: string
  variables: string
  armedTimers: string
  ended: boolean
  at: Date
}

/**
 * A called instance ended: its parent's call activity completes with the
 * child's variables. The parent is another instance with its own state, so
 * the adapter loads it and applies the parent's own decision
 * (return-to-parent.ts) in the same transaction.
 */
export interface ReturnToParentEffect {
  kind: 'returnToParent'
  parentInstanceId: string
  callExecutionId: string
  variables: Record<string, unknown>
}

/** What the definition says about a completed step beyond its task row. */
export interface CompletedStep {
  /**
   * zf:issue: null — no attribute (the app decides from the step's own form);
   * 'none' — the step's form is a draft, nothing is issued; otherwise the
   * document drafted in an earlier step (`elementId`), with that step's form
   * and its latest data, to be issued now.
   */
  issue: null | 'none' | { elementId: string; form: string; data: unknown }
}

/**
 * The app is told (EngineHooks, inside the transaction, at this point of the
 * effects): a task was completed, a completion is being withdrawn (the hook
 * may refuse by throwing), a step is overdue, an instance ended.
 */
export type NotifyEffect =
  | { kind: 'taskCompleted'; task: TaskView; actor: Actor; step: CompletedStep }
  | { kind: 'taskWithdrawn'; task: TaskView; actor: Actor }
  | { kind: 'taskOverdue'; task: TaskView }
  | { kind: 'instanceEnded'; instance: { id: string; definitionKey: string; businessKey: string | null } }

export type Effect =
  | AssignTaskEffect | AuditEffect | OpenTasksEffect | CancelTasksEffect | CloseTasksEffect | ReopenTaskEffect | CompleteTaskEffect
  | ArmTimersEffect | CancelTimersEffect | RearmTimersEffect | MoveDueEffect
  | InsertInstanceEffect | SaveInstanceEffect | ReturnToParentEffect | NotifyEffect

/** A decision: what the operation returns, and what must happen for it to be true. */
export interface Decision<T> {
  result: T
  effects: Effect[]
}
