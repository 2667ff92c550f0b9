/**
 * The database adapter of the pure decisions (transition/): applies their
 * effects in order, inside the operation's transaction. An effect whose
 * precondition no longer holds (a task assigned meanwhile) is a Conflict,
 * and the transaction rolls back whole.
 */
import type { Tx } from '../../prisma/client.ts'
import type { AuditSink, ScopeResolver } from '../adapters.ts'
import { Conflict, ScopeUnresolved } from '../errors.ts'
import type { Effect } from '../transition/effects.ts'
import type { EngineSql } from './engine-sql.ts'

export interface EffectStore {
  tx: Tx
  audit: AuditSink
  sql: EngineSql
  scopes: ScopeResolver
}

export async function applyDecided(store: EffectStore, effects: readonly Effect[]): Promise<void> {
  const { tx } = store
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
      case 'cancelTasks':
        await tx.task.updateMany({
          where: { instanceId: effect.instanceId, executionId: { in: effect.executionIds }, status: 'open' },
          data: { status: 'cancelled', cancelReason: effect.reason, completedAt: effect.at },
        })
        break
      case 'armTimers':
        await tx.timer.createMany({ data: effect.timers })
        break
      case 'cancelTimers': {
        // A due timer's execution id is its task's id: find the tasks of the stopped executions.
        const taskIds = effect.dueOfTaskExecutions.length
          ? (await tx.task.findMany({ where: { instanceId: effect.instanceId, executionId: { in: effect.dueOfTaskExecutions }, dueAt: { not: null } }, select: { id: true } })).map((t) => t.id)
          : []
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
    }
  }
}
