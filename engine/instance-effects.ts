/**
 * After bpmn-engine has acted, bring the projections in line with its
 * state, inside the operation's transaction: call activities start their
 * child instances (a database write that can feed back into the runtime);
 * then the pure projection (transition/project.ts) decides which tasks open
 * and close and which timers are armed and cancelled, and the adapter
 * (store/apply-effects.ts) writes it.
 */
import crypto from 'node:crypto'
import type { Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink, EngineHooks, ScopeResolver } from './adapters.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import type { ProcessRuntime } from './runtime/process-runtime.ts'
import type { EngineSql } from './store/engine-sql.ts'
import { applyDecided } from './store/apply-effects.ts'
import { decideProjection } from './transition/project.ts'
import type { Before, InstanceRecord } from './transition/instance-state.ts'

export type { Bookkeeping, InstanceRecord, Before } from './transition/instance-state.ts'

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

  const projection = decideProjection({
    instance, waiting: runtime.waitingUserTasks(), armed: runtime.armedTimers(), ended: runtime.ended, before, done, now, calendar: op.calendar, newId: () => crypto.randomUUID(),
  })
  await applyDecided({ tx, audit: op.audit, sql: op.sql, scopes: op.scopes }, projection.effects)
  return { state: runtime.snapshot(), armedTimers: projection.armedTimers, ended: runtime.ended }
}
