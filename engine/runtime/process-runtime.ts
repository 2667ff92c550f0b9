/**
 * The only file that talks to bpmn-engine. It runs one instance for the
 * length of one operation: start or recover → resume → act → snapshot.
 * Nothing of bpmn-engine leaves this module: callers see waiting tasks,
 * armed timers and pending calls as plain data.
 */
import { Engine } from 'bpmn-engine'
import type { CompiledDefinition } from './compiled-definition.ts'
import { elementTypes } from './compiled-definition.ts'
import { DEFINITION_LIMITS } from '../definition/limits.ts'
import { BudgetExceeded, CardinalityInvalid } from '../errors.ts'
import { evaluateFeel } from '../feel.ts'
import { DurableTimers, type ArmedTimer } from './durable-timers.ts'
import { FeelConditions, inertExpressions } from './sandbox.ts'

export interface WaitingStep {
  executionId: string
  elementId: string
}

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-engine's runtime objects are untyped here on purpose */
type AnyEngine = any
type Postponed = {
  id: string
  type: string
  executionId: string
  content?: { isMultiInstance?: boolean }
  owner?: { execution?: { getPostponed?: () => unknown[] } }
  getPostponed?: () => unknown[]
  signal?: (message: unknown) => void
}

/** A no-op logger: bpmn-engine logs through `debug`, which we keep quiet and cheap. */
function SilentLogger() {
  return { debug() {}, error() {}, warn() {} }
}

export class ProcessRuntime {
  readonly #engine: AnyEngine
  readonly #timers: DurableTimers
  #failure: Error | null = null
  #ended = false
  /** Elements entered and the time spent in the current call into bpmn-engine: its budget. */
  #steps = 0
  #since = 0
  /** The variables conditions see. Callers change them before acting. */
  variables: Record<string, unknown>

  private constructor(definition: CompiledDefinition, variables: Record<string, unknown>) {
    this.variables = variables
    this.#timers = new DurableTimers()
    this.#engine = new Engine({
      name: definition.id,
      sourceContext: definition.source,
      elements: elementTypes,
      timers: this.#timers,
      scripts: new FeelConditions(() => this.variables),
      expressions: { ...inertExpressions, resolveExpression: (text: unknown, message?: { content?: { id?: string } }) => this.#resolve(text, message) },
      Logger: SilentLogger,
      // bpmn-engine runs synchronously between wait states; counting entered elements bounds one call.
      // Throwing here unwinds that synchronous run back to our caller; the operation is rolled back.
      listener: { emit: (event: string) => (event === 'activity.enter' ? this.#entered() : false) },
    } as any)
    this.#engine.on('error', (err: Error) => {
      this.#failure ??= err
    })
    this.#engine.on('end', () => {
      this.#ended = true
    })
  }

  static async start(definition: CompiledDefinition, variables: Record<string, unknown>): Promise<ProcessRuntime> {
    const runtime = new ProcessRuntime(definition, variables)
    runtime.#budget()
    await runtime.#guard(() => runtime.#engine.execute())
    runtime.#check()
    return runtime
  }

  static async recover(definition: CompiledDefinition, state: string, variables: Record<string, unknown>): Promise<ProcessRuntime> {
    const runtime = new ProcessRuntime(definition, variables)
    runtime.#budget()
    runtime.#engine.recover(JSON.parse(state))
    await runtime.#guard(() => runtime.#engine.resume())
    runtime.#check()
    return runtime
  }

  /**
   * bpmn-engine resolves only a multi-instance cardinality through here (our
   * deploy check refuses `${…}` everywhere): `= FEEL` is evaluated on the
   * case's data, bounded to 1…maxCardinality, and remembered in
   * zf.cardinality for zf:completion; anything else stays literal text.
   */
  #resolve(text: unknown, message?: { content?: { id?: string } }): unknown {
    if (typeof text !== 'string' || !text.trim().startsWith('=')) return text
    const elementId = message?.content?.id ?? '?'
    let value: unknown
    try {
      value = evaluateFeel(text, this.variables)
    } catch (err) {
      throw (this.#failure = new CardinalityInvalid(elementId, err instanceof Error ? err.message.slice(0, 80) : String(err), DEFINITION_LIMITS.maxCardinality))
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > DEFINITION_LIMITS.maxCardinality) {
      throw (this.#failure = new CardinalityInvalid(elementId, String(JSON.stringify(value) ?? value).slice(0, 40), DEFINITION_LIMITS.maxCardinality))
    }
    const zf = (this.variables.zf ??= {}) as Record<string, unknown>
    zf.cardinality = { ...(zf.cardinality as Record<string, number> | undefined), [elementId]: value }
    return value
  }

  #entered(): boolean {
    this.#steps += 1
    if (this.#steps > DEFINITION_LIMITS.maxStepsPerOperation) {
      throw (this.#failure = new BudgetExceeded('steps', `一次操作经过超过 ${DEFINITION_LIMITS.maxStepsPerOperation} 个环节`, `more than ${DEFINITION_LIMITS.maxStepsPerOperation} elements entered in one operation`))
    }
    if (this.#steps % 64 === 0 && Date.now() - this.#since > DEFINITION_LIMITS.maxOperationMs) {
      throw (this.#failure = new BudgetExceeded('time', `一次操作运行超过 ${DEFINITION_LIMITS.maxOperationMs} 毫秒`, `more than ${DEFINITION_LIMITS.maxOperationMs} ms in one operation`))
    }
    return true
  }

  /** A fresh budget for the next call into bpmn-engine. */
  #budget(): void {
    this.#steps = 0
    this.#since = Date.now()
  }

  /** Runs a call into bpmn-engine; a budget failure (or a stack overflow) is reported as what it is. */
  async #guard<T>(call: () => T | Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (err) {
      throw this.#failure ?? err
    }
  }

  #check(): void {
    if (this.#failure) throw this.#failure
    const open = this.waitingUserTasks().length
    if (open > DEFINITION_LIMITS.maxOpenTasks) {
      throw (this.#failure = new BudgetExceeded('tasks', `同时待办超过 ${DEFINITION_LIMITS.maxOpenTasks} 个`, `more than ${DEFINITION_LIMITS.maxOpenTasks} open tasks`))
    }
  }

  get ended(): boolean {
    return this.#ended
  }

  /**
   * Everything waiting, sub-process contents included: bpmn-engine lists a
   * running sub-process as one postponed element whose own getPostponed()
   * gives its children (breadth-first, no recursion).
   */
  #postponed(): Postponed[] {
    const out: Postponed[] = []
    const seen = new Set<string>()
    const queue = [...((this.#engine.execution?.getPostponed() ?? []) as Postponed[])]
    for (let i = 0; i < queue.length; i += 1) {
      const api = queue[i]!
      const key = `${api.id}|${api.executionId}`
      if (seen.has(key)) continue
      seen.add(key)
      if (api.type === 'bpmn:SubProcess' && typeof api.getPostponed === 'function') queue.push(...(api.getPostponed() as Postponed[]))
      // A multi-instance task waits as one element whose execution lists its instances (`<id>_0`, `<id>_1`…): list those instead.
      const instances = api.type === 'bpmn:UserTask' ? ((api.owner?.execution?.getPostponed?.() ?? []) as Postponed[]).filter((a) => a.executionId.startsWith(`${api.executionId}_`) && a.content?.isMultiInstance) : []
      if (instances.length > 0) {
        for (const instance of instances) if (!seen.has(`${instance.id}|${instance.executionId}`)) queue.push(instance)
        continue
      }
      out.push(api)
    }
    return out
  }

  waitingUserTasks(): WaitingStep[] {
    return this.#postponed()
      .filter((a) => a.type === 'bpmn:UserTask' && a.executionId)
      .map((a) => ({ executionId: a.executionId, elementId: a.id }))
  }

  /** Every element waiting, with its BPMN type (`bpmn:UserTask`, `bpmn:SubProcess`, `bpmn:BoundaryEvent`, …). */
  waitingElements(): (WaitingStep & { type: string })[] {
    return this.#postponed().map((a) => ({ executionId: a.executionId, elementId: a.id, type: a.type }))
  }

  waitingCalls(): WaitingStep[] {
    return this.#postponed()
      .filter((a) => a.type === 'bpmn:CallActivity')
      .map((a) => ({ executionId: a.executionId, elementId: a.id }))
  }

  armedTimers(): ArmedTimer[] {
    return this.#timers.armed()
  }

  /** Completes a waiting user task or call activity. Returns false when it was not waiting. */
  signal(executionId: string, output: unknown): boolean {
    const step = this.#postponed().find((a) => a.executionId === executionId)
    if (!step) return false
    this.#budget()
    try {
      // The element's own api reaches it inside sub-processes too; the definition-level signal does not.
      if (step.signal) step.signal({ id: step.id, executionId, ...(output as object) })
      else this.#engine.execution.signal({ id: step.id, executionId, ...(output as object) })
    } catch (err) {
      throw this.#failure ?? err
    }
    this.#check()
    return true
  }

  /** Fires an armed timer as if its time had come. Returns false when it is no longer armed. */
  fireTimer(timerExecutionId: string): boolean {
    const timer = this.#timers.armed().find((t) => t.executionId === timerExecutionId)
    if (!timer) return false
    this.#budget()
    try {
      timer.fire()
    } catch (err) {
      throw this.#failure ?? err
    }
    this.#check()
    return true
  }

  /**
   * The state to store: bpmn-engine's own getState() without the definition
   * sources (they come from the compiled-definition cache on recover).
   */
  snapshot(): string {
    const execution = this.#engine.execution
    return JSON.stringify({
      name: this.#engine.name,
      state: execution.state,
      stopped: execution.stopped,
      engineVersion: 'bpmn-engine@25.0.1',
      environment: execution.environment.getState(),
      definitions: execution.definitions.map((definition: AnyEngine) => definition.getState()),
    })
  }

  /** Drops listeners and inert timers, so nothing of this run stays reachable. */
  dispose(): void {
    this.#engine.removeAllListeners()
  }
}
