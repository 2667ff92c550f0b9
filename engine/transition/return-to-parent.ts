/**
 * A called instance ended: its parent's call activity completes with the
 * child's variables (without the engine's bookkeeping), decided without a
 * database. A parent that no longer runs, or no longer waits at that call,
 * is left as it is.
 *
 * @example
 *   const { effects } = await decideReturn({ stored, instance, runtime: async () => runtime, callExecutionId, childVariables }, ctx)
 *   // → [{ kind: 'openTasks', … }, { kind: 'saveInstance', … }] (and the parent's own end, when the call was its last step)
 */
import type { ProcessRuntime } from '../runtime/process-runtime.ts'
import { advance, ending, runOn, waitingBefore, type RuntimeDecision, type TransitionContext } from './advance.ts'
import type { Effect } from './effects.ts'
import type { InstanceRecord, StoredInstance } from './instance-state.ts'

export interface ReturnInput {
  stored: StoredInstance
  instance: InstanceRecord
  runtime: () => Promise<ProcessRuntime>
  callExecutionId: string
  childVariables: Record<string, unknown>
}

export async function decideReturn(input: ReturnInput, ctx: TransitionContext): Promise<RuntimeDecision<void>> {
  const { stored, instance, callExecutionId } = input
  const nothing: RuntimeDecision<void> = { result: undefined, effects: [], settled: [] }
  if (stored.status !== 'running') return nothing
  const runtime = await input.runtime()
  const before = waitingBefore(runtime, stored.armedTimers)
  const call = runtime.waitingCalls().find((c) => c.executionId === callExecutionId)
  if (!call) return nothing
  const { zf: _bookkeeping, ...variables } = input.childVariables
  instance.variables[call.elementId] = variables
  await runOn(instance.id, () => runtime.signal(callExecutionId, {}))
  const advanced = await advance(ctx, instance, runtime, before, stored.revision)
  const effects: Effect[] = [...advanced.effects]
  if (advanced.ended) effects.push(...ending(ctx, stored, instance.variables))
  return { result: undefined, effects, settled: advanced.settled }
}
