/**
 * The decisions' effects applied in memory, as apply-effects.ts applies them
 * to the database — same preconditions (a task assigned or completed
 * meanwhile, an instance saved by someone else), same rows — without one:
 * what the simulation walks on (simulate.ts), and what the decisions' tests
 * read back. Scopes resolve through the function given (none: no
 * department). What needs the app (its hooks) or another instance's runtime
 * (a called instance's return) is kept in `told`, in order.
 */
import { Conflict, TaskNotActive } from '../errors.ts'
import type { TaskRow } from '../task-view.ts'
import type { EngineAuditEntry, Effect, NewTimer, NotifyEffect, ReturnToParentEffect } from '../transition/effects.ts'
import type { InstanceContext, StoredInstance } from '../transition/instance-state.ts'

export interface TimerRow extends Omit<NewTimer, 'status'> {
  status: 'pending' | 'fired' | 'cancelled'
  firedAt: Date | null
}

export class MemoryStore {
  readonly instances = new Map<string, StoredInstance>()
  /** Every task, in the order opened. */
  readonly tasks = new Map<string, TaskRow>()
  readonly timers = new Map<string, TimerRow>()
  readonly log: EngineAuditEntry[] = []
  readonly told: (NotifyEffect | ReturnToParentEffect)[] = []

  constructor(private readonly resolveScope: (scope: string, instance: InstanceContext) => string | null = () => null) {}

  apply(effects: readonly Effect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'assignTask': {
          const task = this.tasks.get(effect.taskId)
          if (task?.status !== 'open' || task.assigneeId !== effect.from) throw new Conflict(effect.instanceId)
          task.assigneeId = effect.to
          break
        }
        case 'audit':
          this.log.push(effect.entry)
          break
        case 'openTasks':
          for (const task of effect.tasks) this.tasks.set(task.id, { ...task, departmentId: this.resolveScope(task.scope, effect.context), ...notCompleted })
          break
        case 'reopenTask':
          this.tasks.set(effect.task.id, { ...effect.task, ...notCompleted })
          break
        case 'completeTask': {
          const task = this.tasks.get(effect.taskId)
          if (task?.status !== 'open') throw new TaskNotActive(effect.taskId, 'completed')
          const { kind: _kind, taskId: _taskId, payload, priorState, ...done } = effect
          Object.assign(task, { ...done, status: 'completed', payload: JSON.stringify(payload), priorState: JSON.stringify(priorState) })
          break
        }
        case 'cancelTasks':
          for (const task of this.tasks.values()) {
            if (task.instanceId === effect.instanceId && task.status === 'open' && effect.executionIds.includes(task.executionId)) {
              Object.assign(task, { status: 'cancelled', cancelReason: effect.reason, completedAt: effect.at })
            }
          }
          break
        case 'closeTasks':
          for (const id of effect.taskIds) Object.assign(this.tasks.get(id)!, { status: 'cancelled', cancelReason: effect.reason, completedAt: effect.at })
          break
        case 'armTimers':
          for (const timer of effect.timers) this.timers.set(timer.id, { ...timer, firedAt: null })
          break
        case 'cancelTimers': {
          const dueOf = new Set(effect.dueOfTaskIds ?? [])
          for (const task of this.tasks.values()) {
            if (task.instanceId === effect.instanceId && task.dueAt && effect.dueOfTaskExecutions.includes(task.executionId)) dueOf.add(task.id)
          }
          for (const timer of this.timers.values()) {
            if (timer.instanceId !== effect.instanceId || timer.status !== 'pending') continue
            if (timer.kind === 'due' ? dueOf.has(timer.executionId) : effect.executionIds.includes(timer.executionId)) timer.status = 'cancelled'
          }
          break
        }
        case 'moveDue':
          Object.assign(this.tasks.get(effect.taskId)!, { dueDate: effect.dueDate, dueAt: effect.dueAt })
          for (const timer of this.timers.values()) {
            if (timer.kind === 'due' && timer.executionId === effect.taskId && timer.status === 'pending') timer.status = 'cancelled'
          }
          this.timers.set(effect.timer.id, { ...effect.timer, firedAt: null })
          break
        case 'rearmTimers':
          for (const timer of this.timers.values()) {
            if (timer.instanceId === effect.instanceId && timer.status === 'cancelled' && timer.kind !== 'due' && effect.executionIds.includes(timer.executionId)) timer.status = 'pending'
          }
          break
        case 'insertInstance': {
          const { id, definitionKey, businessKey, status, state, variables, parentInstanceId, parentExecutionId } = effect.instance
          this.instances.set(id, { id, definitionKey, businessKey, status, state, variables, armedTimers: '[]', revision: 0, parentInstanceId, parentExecutionId })
          break
        }
        case 'saveInstance': {
          const stored = this.instances.get(effect.instanceId)
          if (!stored || stored.revision !== effect.revision) throw new Conflict(effect.instanceId)
          const { state, variables, armedTimers } = effect
          Object.assign(stored, { state, variables, armedTimers, revision: effect.revision + 1, status: effect.ended ? 'completed' : 'running' })
          break
        }
        default:
          this.told.push(effect)
      }
    }
  }

  /** What the adapter does before deciding a timer: marks it fired if it is still pending. */
  claimTimer(id: string, at: Date): boolean {
    const timer = this.timers.get(id)
    if (timer?.status !== 'pending') return false
    Object.assign(timer, { status: 'fired', firedAt: at })
    return true
  }

  instance(id: string): StoredInstance {
    const stored = this.instances.get(id)
    if (!stored) throw new Error(`no instance ${id}`)
    return { ...stored }
  }

  /** The open tasks, in the order they opened. */
  openTasks(instanceId?: string): TaskRow[] {
    return [...this.tasks.values()].filter((t) => t.status === 'open' && (instanceId === undefined || t.instanceId === instanceId))
  }

  pendingTimers(instanceId?: string): TimerRow[] {
    return [...this.timers.values()].filter((t) => t.status === 'pending' && (instanceId === undefined || t.instanceId === instanceId))
  }
}

const notCompleted = {
  completedById: null, completedByName: null, completedAt: null, payload: null, formVersion: null, outcome: null, comment: null, cancelReason: null, priorState: null,
} as const
