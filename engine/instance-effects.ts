/**
 * After bpmn-engine has acted, bring the projections in line with its
 * state, inside the operation's transaction: new waiting user tasks become
 * Task rows (scope resolved, due date computed, assignee chosen), tasks that
 * stopped waiting are cancelled, armed timers become Timer rows and
 * disarmed ones are cancelled, call activities start their child instances.
 */
import crypto from 'node:crypto'
import type { Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink, EngineHooks, InstanceContext, ScopeResolver } from './adapters.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import type { UserTaskSpec } from './definition/definition-model.ts'
import { computeDue } from './due.ts'
import { ExpressionFailed, ScopeUnresolved } from './errors.ts'
import { evaluateFeel } from './feel.ts'
import { addIsoDuration, parseIsoDuration, parseIsoInstant } from './iso-duration.ts'
import type { CompiledDefinition } from './runtime/compiled-definition.ts'
import type { ProcessRuntime } from './runtime/process-runtime.ts'
import type { EngineSql } from './store/engine-sql.ts'

/** Engine bookkeeping kept in the reserved variable `zf`. */
export interface Bookkeeping {
  starter: string | null
  /** Who last completed each user task element: for zf:assignee="previous" (退回 goes back to the same person). */
  performers: Record<string, string>
  /**
   * The version (definition id) of every process this instance may call,
   * directly or through its callees, fixed when the root instance started:
   * a matter runs on the versions it started with, whatever is activated
   * later (docs/decisions/025). Absent on instances started before it was kept.
   */
  calls?: Record<string, string>
  /**
   * The round of signatures of each multi-instance step (会签/或签/按比例):
   * the step's execution, who signed and the step's outcome so far. A new
   * execution (the step entered again after a return) starts a new round.
   */
  signatures?: Record<string, { execution: string; by: string[]; outcome: string | null }>
}

export interface InstanceRecord {
  id: string
  definition: CompiledDefinition
  businessKey: string | null
  departmentId: string | null
  startedById: string | null
  variables: Record<string, unknown> & { zf: Bookkeeping }
}

/** What was waiting before the act, to tell new from old. */
export interface Before {
  /** Waiting user tasks: execution id → element id. */
  tasks: Map<string, string>
  timers: Set<string>
}

export interface OperationContext {
  tx: Tx
  now: Date
  actor: Actor | null
  calendar: () => WorkingCalendar
  scopes: ScopeResolver
  audit: AuditSink
  hooks: EngineHooks
  sql: EngineSql
  /** Hands a runtime back after the operation, to be kept warm if the transaction commits. */
  release(instanceId: string, revision: number, runtime: ProcessRuntime): void
  /** Starts a child instance for a call activity; returns its final variables when it ended at once. */
  startChild(parent: InstanceRecord, callExecutionId: string, calledElement: string): Promise<{ ended: boolean; variables: Record<string, unknown> }>
}

export function snapshotBefore(runtime: ProcessRuntime): Before {
  return {
    tasks: new Map(runtime.waitingUserTasks().map((t) => [t.executionId, t.elementId])),
    timers: new Set(runtime.armedTimers().map((t) => t.executionId)),
  }
}

function instanceContext(instance: InstanceRecord): InstanceContext {
  return {
    instanceId: instance.id,
    definitionKey: instance.definition.key,
    businessKey: instance.businessKey,
    departmentId: instance.departmentId,
    startedById: instance.startedById,
    variables: instance.variables,
  }
}

function chooseAssignee(spec: UserTaskSpec, instance: InstanceRecord): string | null {
  if (!spec.assignee) return null
  if (spec.assignee === 'previous') return instance.variables.zf.performers[spec.elementId] ?? null
  if (spec.assignee === 'starter') return instance.startedById
  const value = evaluateFeel(spec.assignee, instance.variables)
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') throw new ExpressionFailed(spec.assignee, '结果不是用户 id result is not a user id')
  return value
}

function timerDueAt(definition: CompiledDefinition, elementId: string, now: Date): Date {
  const spec = definition.model.timers[elementId]
  if (spec?.timerType === 'timeDuration') return addIsoDuration(now, parseIsoDuration(spec.value)!)
  if (spec?.timerType === 'timeDate') return parseIsoInstant(spec.value)!
  return now
}

/**
 * Runs the follow-ups of an act and returns what to store. `done` names
 * the task execution that was completed and the timer that fired, which are
 * recorded by the caller rather than cancelled.
 */
export async function applyEffects(
  op: OperationContext,
  instance: InstanceRecord,
  runtime: ProcessRuntime,
  before: Before,
  done: { taskExecutionId?: string; timerExecutionId?: string } = {},
): Promise<{ state: string; armedTimers: string[]; ended: boolean }> {
  const { tx, now } = op
  const { definition } = instance

  // Call activities: start each new callee; one that ends at once returns at once.
  const handledCalls = new Set<string>()
  for (;;) {
    const call = runtime.waitingCalls().find((c) => !handledCalls.has(c.executionId))
    if (!call) break
    handledCalls.add(call.executionId)
    const calledElement = definition.model.calls[call.elementId]?.calledElement
    if (!calledElement) continue
    const child = await op.startChild(instance, call.executionId, calledElement)
    if (child.ended) {
      instance.variables[call.elementId] = child.variables
      runtime.signal(call.executionId, {})
    }
  }

  const waiting = runtime.waitingUserTasks()
  const waitingIds = new Set(waiting.map((t) => t.executionId))
  const context = instanceContext(instance)

  const newTasks = []
  const dueTimers = []
  for (const step of waiting) {
    if (before.tasks.has(step.executionId)) continue
    const spec = definition.model.userTasks[step.elementId]
    if (!spec) continue
    const departmentId = await op.scopes.resolve(spec.scope, context, tx)
    if (!departmentId) throw new ScopeUnresolved(spec.scope, step.elementId)
    const due = spec.due ? computeDue(spec.due, now, op.calendar, instance.variables) : null
    const id = crypto.randomUUID()
    newTasks.push({
      id, instanceId: instance.id, executionId: step.executionId, elementId: step.elementId, name: spec.name,
      definitionKey: definition.key, businessKey: instance.businessKey, form: spec.form, role: spec.role, scope: spec.scope,
      departmentId, assigneeId: chooseAssignee(spec, instance), gate: spec.gate, status: 'open', createdAt: now,
      dueDate: due?.dueDate ?? null, dueAt: due?.dueAt ?? null, dueProvisional: due?.provisional ?? false, dueFrom: due ? now : null,
    })
    if (due) dueTimers.push({ id: crypto.randomUUID(), instanceId: instance.id, kind: 'due', elementId: step.elementId, executionId: id, dueAt: due.dueAt, status: 'pending', createdAt: now })
  }
  await op.sql.insertTasks(tx, newTasks)

  // Tasks that stopped waiting without being completed: interrupted by a boundary timer or the end of the instance.
  const stopped = [...before.tasks].filter(([id]) => !waitingIds.has(id))
  const gone = stopped.map(([id]) => id).filter((id) => id !== done.taskExecutionId)
  // Only tasks of elements with a zf:due have a due timer to cancel: skip the lookup otherwise.
  const stoppedWithDue = stopped.filter(([, elementId]) => definition.model.userTasks[elementId]?.due).map(([id]) => id)
  if (gone.length) {
    await tx.task.updateMany({
      where: { instanceId: instance.id, executionId: { in: gone }, status: 'open' },
      data: { status: 'cancelled', cancelReason: runtime.ended ? 'instance-ended' : 'interrupted', completedAt: now },
    })
  }

  // bpmn timers: armed now but not before get a row; armed before but not now are cancelled.
  const armed = runtime.armedTimers()
  const armedIds = new Set(armed.map((t) => t.executionId))
  const newTimers = armed
    .filter((t) => !before.timers.has(t.executionId))
    .map((t) => ({
      id: crypto.randomUUID(), instanceId: instance.id, kind: definition.model.timers[t.elementId]?.kind ?? 'intermediate',
      elementId: t.elementId, executionId: t.executionId, dueAt: timerDueAt(definition, t.elementId, now), status: 'pending', createdAt: now,
    }))
  const timerRows = [...newTimers, ...dueTimers]
  if (timerRows.length) await tx.timer.createMany({ data: timerRows })
  const disarmed = [...before.timers].filter((id) => !armedIds.has(id) && id !== done.timerExecutionId)
  const stoppedTaskIds = stoppedWithDue.length
    ? (await tx.task.findMany({ where: { instanceId: instance.id, executionId: { in: stoppedWithDue }, dueAt: { not: null } }, select: { id: true } })).map((t) => t.id)
    : []
  if (disarmed.length || stoppedTaskIds.length) {
    await tx.timer.updateMany({
      where: {
        instanceId: instance.id, status: 'pending',
        OR: [{ kind: { not: 'due' }, executionId: { in: disarmed } }, { kind: 'due', executionId: { in: stoppedTaskIds } }],
      },
      data: { status: 'cancelled' },
    })
  }

  return { state: runtime.snapshot(), armedTimers: [...armedIds], ended: runtime.ended }
}
