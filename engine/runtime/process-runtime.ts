/**
 * The only file that talks to bpmn-engine. It runs one instance for the
 * length of one operation: start or recover → resume → act → snapshot.
 * Nothing of bpmn-engine leaves this module: callers see waiting tasks,
 * armed timers and pending calls as plain data.
 */
import { Engine } from 'bpmn-engine'
import type { CompiledDefinition } from './compiled-definition.ts'
import { elementTypes } from './compiled-definition.ts'
import { DurableTimers, type ArmedTimer } from './durable-timers.ts'
import { FeelConditions, inertExpressions } from './sandbox.ts'

export interface WaitingStep {
  executionId: string
  elementId: string
}

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-engine's runtime objects are untyped here on purpose */
type AnyEngine = any
type Postponed = { id: string; type: string; executionId: string }

/** A no-op logger: bpmn-engine logs through `debug`, which we keep quiet and cheap. */
function SilentLogger() {
  return { debug() {}, error() {}, warn() {} }
}

export class ProcessRuntime {
  readonly #engine: AnyEngine
  readonly #timers: DurableTimers
  #failure: Error | null = null
  #ended = false
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
      expressions: inertExpressions,
      Logger: SilentLogger,
    } as any)
    this.#engine.on('error', (err: Error) => {
      this.#failure = err
    })
    this.#engine.on('end', () => {
      this.#ended = true
    })
  }

  static async start(definition: CompiledDefinition, variables: Record<string, unknown>): Promise<ProcessRuntime> {
    const runtime = new ProcessRuntime(definition, variables)
    await runtime.#engine.execute()
    runtime.#check()
    return runtime
  }

  static async recover(definition: CompiledDefinition, state: string, variables: Record<string, unknown>): Promise<ProcessRuntime> {
    const runtime = new ProcessRuntime(definition, variables)
    runtime.#engine.recover(JSON.parse(state))
    await runtime.#engine.resume()
    runtime.#check()
    return runtime
  }

  #check(): void {
    if (this.#failure) throw this.#failure
  }

  get ended(): boolean {
    return this.#ended
  }

  #postponed(): Postponed[] {
    return (this.#engine.execution?.getPostponed() ?? []) as Postponed[]
  }

  waitingUserTasks(): WaitingStep[] {
    return this.#postponed()
      .filter((a) => a.type === 'bpmn:UserTask' && a.executionId)
      .map((a) => ({ executionId: a.executionId, elementId: a.id }))
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
    this.#engine.execution.signal({ id: step.id, executionId, ...(output as object) })
    this.#check()
    return true
  }

  /** Fires an armed timer as if its time had come. Returns false when it is no longer armed. */
  fireTimer(timerExecutionId: string): boolean {
    const timer = this.#timers.armed().find((t) => t.executionId === timerExecutionId)
    if (!timer) return false
    timer.fire()
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
