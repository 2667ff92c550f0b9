/**
 * What follows every act on an instance's runtime, shared by the decisions
 * (start, complete, fire timer, return to parent): the called processes it
 * now waits at start — a callee is another instance, started by the same
 * pure rules, and one that ends at once returns at once —, the inbox and the
 * timers are projected (project.ts), the instance is saved against the
 * revision it was loaded at, and its end is recorded. All of it comes out
 * as effects; nothing here reads or writes the database or the clock.
 *
 * bpmn-engine's runtime is the state machine inside the decision (ADR 033):
 * a decision acts on it and hands it back (`settled`), so that the adapter
 * keeps it warm once the transaction has committed.
 */
import type { Actor } from '../actor.ts'
import type { WorkingCalendar } from '../calendar/working-calendar.ts'
import { EngineError, InstanceFailed } from '../errors.ts'
import { jsonCopy } from '../feel.ts'
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import type { Effect, NewInstance } from './effects.ts'
import type { Before, Bookkeeping, InstanceRecord, StoredInstance } from './instance-state.ts'
import { decideProjection, type DueUnknown } from './project.ts'

/** What every decision is given besides its own input: the instant, who acts, the calendar, ids, the called definitions. */
export interface TransitionContext {
  now: Date
  actor: Actor | null
  calendar: () => WorkingCalendar
  newId: () => string
  /**
   * The definition a call activity starts (the version the instance pinned,
   * else the one in force); null leaves the call waiting (the simulation
   * walks it as one step). The adapter loads them before deciding.
   */
  callee: (calledElement: string) => CompiledDefinition | null
  dueUnknown?: DueUnknown
}

/** A runtime left at the revision its `saveInstance` effect writes (or ended). */
export interface SettledRuntime {
  instanceId: string
  revision: number
  runtime: ProcessRuntime
  ended: boolean
}

/** A decision that acted on runtimes: its result, its effects, and the runtimes to keep. */
export interface RuntimeDecision<T> {
  result: T
  effects: Effect[]
  settled: SettledRuntime[]
}

export interface Advanced {
  effects: Effect[]
  settled: SettledRuntime[]
  ended: boolean
}

/** What is waiting before an act: the runtime's user tasks, and the timers the stored instance had armed. */
export function waitingBefore(runtime: ProcessRuntime, armedTimers: string): Before {
  return {
    tasks: new Map(runtime.waitingUserTasks().map((t) => [t.executionId, t.elementId])),
    timers: new Set(JSON.parse(armedTimers) as string[]),
  }
}

/** Runs a call into bpmn-engine; anything but our own errors (bpmn-engine's RangeError included) is the instance failing. */
export async function runOn<T>(instanceId: string, act: () => T | Promise<T>): Promise<T> {
  try {
    return await act()
  } catch (err) {
    if (err instanceof EngineError) throw err
    throw new InstanceFailed(instanceId, err instanceof Error ? err.message : String(err), { cause: err })
  }
}

/**
 * After an act: start the callees now waited at, project, save as
 * `revision + 1`. `done` names the task execution completed and the timer
 * fired by the act, which the caller records rather than cancels.
 */
export async function advance(
  ctx: TransitionContext,
  instance: InstanceRecord,
  runtime: ProcessRuntime,
  before: Before,
  revision: number,
  done: { taskExecutionId?: string; timerExecutionId?: string } = {},
): Promise<Advanced> {
  const effects: Effect[] = []
  const settled: SettledRuntime[] = []
  const handledCalls = new Set<string>()
  for (;;) {
    const call = runtime.waitingCalls().find((c) => !handledCalls.has(c.executionId))
    if (!call) break
    handledCalls.add(call.executionId)
    const calledElement = instance.definition.model.calls[call.elementId]?.calledElement
    const definition = calledElement ? ctx.callee(calledElement) : null
    if (!definition) continue
    // The child runs on the versions fixed when the matter started; one kept from before that calls the ones in force.
    const { zf: _bookkeeping, ...variables } = instance.variables
    const child = await launch(ctx, definition, {
      variables, businessKey: instance.businessKey, departmentId: instance.departmentId,
      parentInstanceId: instance.id, parentExecutionId: call.executionId, calls: instance.variables.zf.calls ?? {},
    })
    effects.push(...child.effects)
    settled.push(...child.settled)
    if (child.ended) {
      instance.variables[call.elementId] = child.instance.variables
      runtime.signal(call.executionId, {})
    }
  }

  const projection = decideProjection({
    instance, waiting: runtime.waitingUserTasks(), armed: runtime.armedTimers(), ended: runtime.ended, before, done,
    now: ctx.now, calendar: ctx.calendar, newId: ctx.newId, dueUnknown: ctx.dueUnknown,
  })
  effects.push(...projection.effects, {
    kind: 'saveInstance', instanceId: instance.id, revision, at: ctx.now, ended: runtime.ended,
    state: runtime.snapshot(), variables: JSON.stringify(instance.variables), armedTimers: JSON.stringify(projection.armedTimers),
  })
  settled.push({ instanceId: instance.id, revision: revision + 1, runtime, ended: runtime.ended })
  return { effects, settled, ended: runtime.ended }
}

/** The end of an instance: logged, the app told, and a called instance's parent resumed with its variables. */
export function ending(ctx: TransitionContext, stored: Pick<StoredInstance, 'id' | 'definitionKey' | 'businessKey' | 'parentInstanceId' | 'parentExecutionId'>, variables: Record<string, unknown>): Effect[] {
  const effects: Effect[] = [
    { kind: 'audit', entry: { actor: ctx.actor, action: 'process.end', targetType: 'ProcessInstance', targetId: stored.id, detail: { definitionKey: stored.definitionKey } } },
    { kind: 'instanceEnded', instance: { id: stored.id, definitionKey: stored.definitionKey, businessKey: stored.businessKey } },
  ]
  if (stored.parentInstanceId && stored.parentExecutionId) {
    effects.push({ kind: 'returnToParent', parentInstanceId: stored.parentInstanceId, callExecutionId: stored.parentExecutionId, variables })
  }
  return effects
}

export interface Launch {
  variables?: Record<string, unknown>
  businessKey?: string | null
  departmentId?: string | null
  parentInstanceId?: string
  parentExecutionId?: string
  /** The version (definition id) of every process it may call, fixed now for a root, inherited by a child. */
  calls: Record<string, string>
}

export interface Launched extends Advanced {
  instance: InstanceRecord
  runtime: ProcessRuntime
}

/** A new instance of `definition`: stored, run to its first wait states, projected, saved at revision 0, logged. */
export async function launch(ctx: TransitionContext, definition: CompiledDefinition, start: Launch): Promise<Launched> {
  const { calls } = start
  const bookkeeping: Bookkeeping = { starter: ctx.actor?.id ?? null, performers: {}, ...(Object.keys(calls).length ? { calls } : {}) }
  const instance: InstanceRecord = {
    id: ctx.newId(), definition, businessKey: start.businessKey ?? null, departmentId: start.departmentId ?? null,
    startedById: ctx.actor?.id ?? null,
    variables: { ...jsonCopy(start.variables ?? {}), zf: bookkeeping },
  }
  const runtime = await runOn(instance.id, () => ProcessRuntime.start(definition, instance.variables))
  const row: NewInstance = {
    id: instance.id, definitionId: definition.id, definitionKey: definition.key, definitionVersion: definition.version,
    businessKey: instance.businessKey, departmentId: instance.departmentId, status: 'running', state: '{}', variables: '{}',
    parentInstanceId: start.parentInstanceId ?? null, parentExecutionId: start.parentExecutionId ?? null,
    startedById: ctx.actor?.id ?? null, startedByName: ctx.actor?.displayName ?? null, startedAt: ctx.now, updatedAt: ctx.now,
  }
  const advanced = await advance(ctx, instance, runtime, { tasks: new Map(), timers: new Set() }, 0)
  const effects: Effect[] = [
    { kind: 'insertInstance', instance: row },
    ...advanced.effects,
    {
      kind: 'audit',
      entry: {
        actor: ctx.actor, action: 'process.start', targetType: 'ProcessInstance', targetId: instance.id,
        detail: { definitionKey: definition.key, version: definition.version, businessKey: instance.businessKey, parentInstanceId: row.parentInstanceId },
      },
    },
  ]
  // A child that ends at once is returned to its parent by the parent's own advance, not through returnToParent.
  if (advanced.ended) effects.push(...ending(ctx, { ...row, parentInstanceId: null, parentExecutionId: null }, instance.variables))
  return { ...advanced, effects, instance, runtime }
}
