/**
 * Extending an instance's deadline: the side effects, in the caller's
 * transaction. Loads the instance and its open steps, asks the pure decision
 * (extend-deadline.ts), then moves each changed step's due date and its due
 * timer, saves the new variables under the revision check (Conflict when the
 * instance was saved by someone else since it was loaded, or is not at the
 * revision the caller saw) and writes one audit row.
 */
import crypto from 'node:crypto'
import type { Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink } from './adapters.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import { Conflict, InstanceNotFound } from './errors.ts'
import { decideDeadlineExtension, type DueChange } from './extend-deadline.ts'
import type { DefinitionModel } from './definition/definition-model.ts'
import type { EngineSql } from './store/engine-sql.ts'

export interface ExtendDeadlineInput {
  /** Variables to set on the instance, e.g. `{ caseDeadline: '2026-07-31' }`. */
  set: Record<string, unknown>
  /** The revision the caller saw; a different stored revision is a Conflict (optimistic lock). */
  expectedRevision?: number
  /** Why, for the operation log (the approved reason). */
  reason?: string
}

export interface ExtendDeadlineResult {
  instanceId: string
  revision: number
  changes: DueChange[]
}

export interface ExtendDeadlineContext {
  tx: Tx
  now: Date
  actor: Actor | null
  sql: EngineSql
  audit: AuditSink
  calendar: () => WorkingCalendar
  model: (definitionId: string) => Promise<DefinitionModel>
}

export async function applyDeadlineExtension(ctx: ExtendDeadlineContext, instanceId: string, input: ExtendDeadlineInput): Promise<ExtendDeadlineResult> {
  const { tx, now } = ctx
  const row = await ctx.sql.instance(tx, instanceId)
  if (!row) throw new InstanceNotFound(instanceId)
  if (row.status !== 'running') throw new Conflict(instanceId)
  if (input.expectedRevision !== undefined && input.expectedRevision !== row.revision) throw new Conflict(instanceId)
  const model = await ctx.model(row.definitionId)
  const openTasks = await tx.task.findMany({
    where: { instanceId, status: 'open' },
    select: { id: true, elementId: true, createdAt: true, dueDate: true, dueAt: true },
  })
  const decision = decideDeadlineExtension({
    variables: JSON.parse(row.variables) as Record<string, unknown>,
    set: input.set,
    openTasks,
    dueOf: (elementId) => model.userTasks[elementId]?.due ?? null,
    calendar: ctx.calendar,
  })

  for (const change of decision.changes) {
    await tx.task.update({ where: { id: change.taskId }, data: { dueDate: change.to.dueDate, dueAt: change.to.dueAt } })
    // A due timer's execution id is the task's id; the old one must not fire (nor report the step overdue).
    await tx.timer.updateMany({ where: { instanceId, kind: 'due', executionId: change.taskId, status: 'pending' }, data: { status: 'cancelled' } })
    await tx.timer.create({
      data: { id: crypto.randomUUID(), instanceId, kind: 'due', elementId: change.elementId, executionId: change.taskId, dueAt: change.to.dueAt, status: 'pending', createdAt: now },
    })
  }
  const saved = await ctx.sql.saveInstance(tx, instanceId, row.revision, {
    state: row.state, variables: JSON.stringify(decision.variables), armedTimers: row.armedTimers, updatedAt: now, endedAt: null,
  })
  if (!saved) throw new Conflict(instanceId)
  await ctx.audit(tx, {
    actor: ctx.actor, action: 'process.deadline-extend', targetType: 'ProcessInstance', targetId: instanceId,
    detail: {
      set: input.set, reason: input.reason ?? null, revision: row.revision + 1,
      changes: decision.changes.map((c) => ({ taskId: c.taskId, elementId: c.elementId, from: c.from.dueDate, to: c.to.dueDate })),
    },
  })
  return { instanceId, revision: row.revision + 1, changes: decision.changes }
}
