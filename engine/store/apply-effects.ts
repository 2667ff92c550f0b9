/**
 * The database adapter of the pure decisions (transition/): applies their
 * effects in order, inside the operation's transaction. An effect whose
 * precondition no longer holds (a task assigned or completed meanwhile, an
 * instance saved by someone else) is a
 * Conflict or TaskNotActive, and the transaction rolls back whole. The app's
 * hooks are called where the decision placed them; a called instance's end
 * resumes its parent through `returnToParent` (the parent's own decision).
 */
import type { Tx } from '../../prisma/client.ts'
import type { AuditSink, EngineHooks, ScopeResolver } from '../adapters.ts'
import { Conflict, ScopeUnresolved, TaskNotActive } from '../errors.ts'
import type { Effect, ReturnToParentEffect } from '../transition/effects.ts'
import type { EngineSql } from './engine-sql.ts'

export interface EffectStore {
  tx: Tx
  audit: AuditSink
  sql: EngineSql
  scopes: ScopeResolver
  hooks?: EngineHooks
  /** Loads the parent, decides its return (transition/return-to-parent.ts) and applies that too. */
  returnToParent?: (effect: ReturnToParentEffect) => Promise<void>
}

export async function applyDecided(store: EffectStore, effects: readonly Effect[]): Promise<void> {
  const { tx } = store
  const hooks = store.hooks ?? {}
  for (const effect of effects) {
    switch (effect.kind) {
      case 'assignTask': {
        const updated = await tx.task.updateMany({ where: { id: effect.taskId, status: 'open', assigneeId: effect.from }, data: { assigneeId: effect.to } })
        if (updated.count !== 1) throw new Conflict(effect.instanceId)
        break
      }
      case 'audit':
        await store.audit(tx, effect.entry)
        break
      case 'openTasks': {
        const rows = []
        for (const task of effect.tasks) {
          const departmentId = await store.scopes.resolve(task.scope, effect.context, tx, { role: task.role })
          if (!departmentId) throw new ScopeUnresolved(task.scope, task.elementId)
          rows.push({ ...task, departmentId })
        }
        await store.sql.insertTasks(tx, rows)
        break
      }
      case 'reopenTask':
        await store.sql.insertTasks(tx, [effect.task])
        break
      case 'completeTask': {
        const { kind: _kind, taskId, priorState, payload, ...done } = effect
        const closed = await store.sql.completeTask(tx, taskId, { ...done, payload: JSON.stringify(payload), priorState: JSON.stringify(priorState) })
        if (!closed) throw new TaskNotActive(taskId, 'completed')
        break
      }
      case 'cancelTasks':
        await tx.task.updateMany({
          where: { instanceId: effect.instanceId, executionId: { in: effect.executionIds }, status: 'open' },
          data: { status: 'cancelled', cancelReason: effect.reason, completedAt: effect.at },
        })
        break
      case 'closeTasks':
        if (effect.taskIds.length) {
          await tx.task.updateMany({ where: { id: { in: effect.taskIds } }, data: { status: 'cancelled', cancelReason: effect.reason, completedAt: effect.at } })
        }
        break
      case 'armTimers':
        await tx.timer.createMany({ data: effect.timers })
        break
      case 'cancelTimers': {
        // A due timer's execution id is its task's id: find the tasks of the stopped executions.
        const taskIds = effect.dueOfTaskExecutions.length
          ? (await tx.task.findMany({ where: { instanceId: effect.instanceId, executionId: { in: effect.dueOfTaskExecutions }, dueAt: { not: null } }, select: { id: true } })).map((t) => t.id)
          : []
        taskIds.push(...(effect.dueOfTaskIds ?? []))
        if (effect.executionIds.length || taskIds.length) {
          await tx.timer.updateMany({
            where: {
              instanceId: effect.instanceId, status: 'pending',
              OR: [{ kind: { not: 'due' }, executionId: { in: effect.executionIds } }, { kind: 'due', executionId: { in: taskIds } }],
            },
            data: { status: 'cancelled' },
          })
        }
        break
      }
      case 'moveDue':
        await tx.task.update({ where: { id: effect.taskId }, data: { dueDate: effect.dueDate, dueAt: effect.dueAt } })
        await tx.timer.updateMany({ where: { instanceId: effect.timer.instanceId, kind: 'due', executionId: effect.taskId, status: 'pending' }, data: { status: 'cancelled' } })
        await tx.timer.create({ data: effect.timer })
        break
      case 'rearmTimers':
        if (effect.executionIds.length) {
          await tx.timer.updateMany({ where: { instanceId: effect.instanceId, status: 'cancelled', kind: { not: 'due' }, executionId: { in: effect.executionIds } }, data: { status: 'pending' } })
        }
        break
      case 'insertInstance':
        await tx.processInstance.create({ data: effect.instance })
        break
      case 'saveInstance': {
        const saved = await store.sql.saveInstance(tx, effect.instanceId, effect.revision, {
          state: effect.state, variables: effect.variables, armedTimers: effect.armedTimers, updatedAt: effect.at, endedAt: effect.ended ? effect.at : null,
        })
        if (!saved) throw new Conflict(effect.instanceId)
        break
      }
      case 'returnToParent':
        if (!store.returnToParent) throw new Error('returnToParent: no adapter for a called instance’s end')
        await store.returnToParent(effect)
        break
      case 'taskCompleted':
        await hooks.taskCompleted?.(effect.task, effect.actor, tx, effect.step)
        break
      case 'taskWithdrawn':
        await hooks.taskWithdrawn?.(effect.task, effect.actor, tx)
        break
      case 'taskOverdue':
        await hooks.taskOverdue?.(effect.task, tx)
        break
      case 'instanceEnded':
        await hooks.instanceEnded?.(effect.instance, tx)
        break
    }
  }
}
