/**
 * Starting an instance of a definition: decided without a database. The
 * definition (the version in force, loaded by the adapter) and the versions
 * of the processes it calls (fixed now: the matter runs on them) go in with
 * the command; out come the instance — run to its first wait states — and
 * its effects: the instance stored, its first tasks opened with their due
 * dates, its timers armed, its called instances started, the start logged.
 *
 * @example
 *   const { result, effects } = await decideStart({ definition, command: { businessKey, departmentId }, calls: {} }, ctx)
 *   // effects → [{ kind: 'insertInstance', … }, { kind: 'openTasks', tasks: [{ elementId: 'draft', … }] }, { kind: 'saveInstance', revision: 0, … }, { kind: 'audit', entry: { action: 'process.start', … } }]
 */
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'
import type { ProcessRuntime } from '../runtime/process-runtime.ts'
import { launch, type RuntimeDecision, type TransitionContext } from './advance.ts'
import type { InstanceRecord } from './instance-state.ts'

export interface StartCommand {
  variables?: Record<string, unknown>
  businessKey?: string | null
  /** Department the instance belongs to (the case's department). */
  departmentId?: string | null
}

export interface StartInput {
  definition: CompiledDefinition
  command: StartCommand
  /** The version (definition id) in force of every process the definition calls, directly or through its callees. */
  calls: Record<string, string>
}

export interface Started {
  instance: InstanceRecord
  runtime: ProcessRuntime
  ended: boolean
}

export async function decideStart(input: StartInput, ctx: TransitionContext): Promise<RuntimeDecision<Started>> {
  const launched = await launch(ctx, input.definition, { ...input.command, calls: input.calls })
  return { result: { instance: launched.instance, runtime: launched.runtime, ended: launched.ended }, effects: launched.effects, settled: launched.settled }
}
