/**
 * Completing an open task (办理), decided without a database. The adapter
 * has loaded the task and the instance, checked that the actor may act, and
 * asked the form catalog about the payload; this decides the rest: the
 * outcome must be one the step offers, the form valid, a step with a lead
 * (zf:lead) not too late, a step recording a party's period (zf:period) not
 * concluded before the period ends. Then the step's variables are written,
 * bpmn-engine is signalled (a 会签 counts one signature per person, and ends
 * the step once enough have signed), and the effects come out: the task
 * closed with what it was completed with and the instance before (for
 * withdrawal), the next tasks and timers, the instance saved, the
 * completion logged, the app told, the end recorded.
 *
 * @example
 *   const { result, effects } = await decideComplete({ task, stored, instance, runtime: async () => runtime, command: { payload, outcome: 'approve' }, formCheck, actor }, ctx)
 *   // result.status → 'completed'; effects → [{ kind: 'completeTask', … }, { kind: 'openTasks', … }, { kind: 'saveInstance', … }, { kind: 'audit', … }, { kind: 'taskCompleted', … }]
 */
import type { Actor } from '../actor.ts'
import { shanghaiDate } from '../calendar/dates.ts'
import { neededInstances, type UserTaskSpec } from '../definition/definition-model.ts'
import { Forbidden, InvalidForm, InvalidOutcome, TaskNotActive, type FieldError } from '../errors.ts'
import { jsonCopy } from '../feel.ts'
import { checkLead } from '../lead.ts'
import { checkPeriod } from '../party-period.ts'
import type { ProcessRuntime } from '../runtime/process-runtime.ts'
import type { TaskView } from '../task-view.ts'
import { advance, ending, runOn, waitingBefore, type RuntimeDecision, type TransitionContext } from './advance.ts'
import type { CompletedStep, Effect } from './effects.ts'
import type { Bookkeeping, InstanceRecord, PriorState, StoredInstance } from './instance-state.ts'

export interface CompleteCommand {
  /** The form data; validated against the task's form. */
  payload?: unknown
  /** E.g. approve / return; stored in the task's zf:outcome variable for gateways to route on. */
  outcome?: string
  comment?: string
}

/** The form catalog's answer about a payload. */
export type FormCheck =
  /** `derived`: fields the forms write from the data (e.g. the latest of several deadlines), stored with the payload. */
  | { ok: true; formVersion: string; derived?: Record<string, unknown> }
  | { ok: false; errors: FieldError[] }

export interface CompletionInput {
  /** The open task; the actor may act on it. */
  task: TaskView
  stored: StoredInstance
  instance: InstanceRecord
  /** The instance's runtime, asked for once the checks have passed (a warm one is not given up for a refused completion). */
  runtime: () => Promise<ProcessRuntime>
  command: CompleteCommand
  formCheck: FormCheck
  actor: Actor
}

export async function decideComplete(input: CompletionInput, ctx: TransitionContext): Promise<RuntimeDecision<TaskView>> {
  const { task, stored, instance, command, actor } = input
  const spec = instance.definition.model.userTasks[task.elementId]!
  if (spec.outcomes.length && !spec.outcomes.includes(command.outcome ?? '')) throw new InvalidOutcome(command.outcome ?? '', spec.outcomes)
  const check = input.formCheck
  if (!check.ok) throw new InvalidForm(task.form, check.errors)
  const payload = { ...jsonCopy(command.payload ?? {}), ...check.derived }
  const today = shanghaiDate(ctx.now)
  const late = spec.lead ? checkLead(spec.lead, payload, today, ctx.calendar) : null
  if (late) throw new InvalidForm(task.form, [late])
  const early = spec.period ? checkPeriod(spec.period, payload, task.dueDate, today, task.name) : null
  if (early) throw new InvalidForm(task.form, [early])

  const runtime = await input.runtime()
  const before = waitingBefore(runtime, stored.armedTimers)
  let outcome = command.outcome ?? null
  if (spec.multiInstance) {
    outcome = countSignature(instance.variables.zf, spec, task.executionId, actor, outcome)
    // 会签/或签: every instance's form, by its index, under the result variable.
    const index = /_(\d+)$/.exec(task.executionId)?.[1] ?? '0'
    const previous = instance.variables[spec.resultVariable]
    instance.variables[spec.resultVariable] = { ...(previous && typeof previous === 'object' && !Array.isArray(previous) ? previous : {}), [index]: payload }
  } else instance.variables[spec.resultVariable] = payload
  if (spec.outcomeVariable) instance.variables[spec.outcomeVariable] = outcome
  instance.variables.zf.performers[task.elementId] = actor.id
  const signalled = await runOn(instance.id, () => runtime.signal(task.executionId, { outcome: command.outcome ?? null }))
  if (!signalled) throw new TaskNotActive(task.id, 'not-waiting')
  if (spec.multiInstance) await runOn(instance.id, () => completeMultiInstance(runtime, spec, task.executionId))

  const completedAt = ctx.now
  const prior: PriorState = { revision: stored.revision, state: stored.state, variables: stored.variables, armedTimers: stored.armedTimers, openTasks: [...before.tasks.keys()] }
  const completion = { payload, formVersion: check.formVersion, outcome: command.outcome ?? null, comment: command.comment ?? null }
  const effects: Effect[] = [{ kind: 'completeTask', taskId: task.id, completedById: actor.id, completedByName: actor.displayName, completedAt, priorState: prior, ...completion }]
  const advanced = await advance(ctx, instance, runtime, before, stored.revision, { taskExecutionId: task.executionId })
  effects.push(...advanced.effects)
  effects.push({
    kind: 'audit',
    entry: {
      actor, action: 'task.complete', targetType: 'Task', targetId: task.id,
      detail: { instanceId: instance.id, elementId: task.elementId, form: task.form, formVersion: check.formVersion, outcome: completion.outcome, comment: completion.comment },
    },
  })
  const completed: TaskView = { ...task, status: 'completed', overdue: false, completedById: actor.id, completedByName: actor.displayName, completedAt, ...completion }
  effects.push({ kind: 'taskCompleted', task: completed, actor, step: completedStep(instance, spec) })
  if (advanced.ended) effects.push(...ending(ctx, stored, instance.variables))
  return { result: completed, effects, settled: advanced.settled }
}

/**
 * One signature of a multi-instance step: each person signs once per round
 * (a 会签 of two needs two people), and the step's outcome is the first
 * outcome other than the step's first (usually 退回) any signer gave in the
 * round, else the first: one return among the signatures returns the case.
 */
function countSignature(zf: Bookkeeping, spec: UserTaskSpec, executionId: string, actor: Actor, outcome: string | null): string | null {
  const execution = executionId.replace(/_\d+$/, '')
  const signatures = (zf.signatures ??= {})
  const round = signatures[spec.elementId]?.execution === execution ? signatures[spec.elementId]! : { execution, by: [], outcome: null }
  if (round.by.includes(actor.id)) throw new Forbidden('您已在本环节签署过意见，须由另一人办理（会签）')
  const passing = spec.outcomes[0] ?? null
  const stepOutcome = round.outcome !== null && round.outcome !== passing ? round.outcome : outcome
  signatures[spec.elementId] = { execution, by: [...round.by, actor.id], outcome: stepOutcome }
  return stepOutcome
}

/**
 * After one instance of a multi-instance step is done: when enough are
 * done (zf:completion), the instances still waiting are completed by the
 * engine, so the step ends and the tasks left open are cancelled.
 */
function completeMultiInstance(runtime: ProcessRuntime, spec: UserTaskSpec, executionId: string): void {
  const parent = executionId.replace(/_\d+$/, '')
  const open = () => runtime.waitingUserTasks().filter((t) => t.elementId === spec.elementId && t.executionId.replace(/_\d+$/, '') === parent)
  const mi = spec.multiInstance!
  // A cardinality from the case's data was evaluated (and bounded) when the step started.
  const evaluated = ((runtime.variables.zf as { cardinality?: Record<string, number> } | undefined)?.cardinality ?? {})[spec.elementId]
  const cardinality = mi.cardinality ?? evaluated ?? 1
  const needed = mi.cardinality !== null ? mi.needed : (neededInstances(mi.completion, cardinality) ?? cardinality)
  // In parallel all instances wait at once; in sequence instance i is done after 0…i-1.
  const done = mi.sequential ? Number(/_(\d+)$/.exec(executionId)?.[1] ?? 0) + 1 : cardinality - open().length
  if (done < needed) return
  // Sequential instances appear one at a time: keep completing until the step has left.
  for (let guard = 0; guard <= cardinality; guard += 1) {
    const next = open()[0]
    if (!next) return
    runtime.signal(next.executionId, { outcome: null, completedBy: 'zf:completion' })
  }
}

/** zf:issue of a completed step, with the drafted document's data when it names an earlier step. */
function completedStep(instance: InstanceRecord, spec: { issue: string | null }): CompletedStep {
  if (!spec.issue || spec.issue === 'none') return { issue: spec.issue === 'none' ? 'none' : null }
  const drafted = instance.definition.model.userTasks[spec.issue]!
  return { issue: { elementId: drafted.elementId, form: drafted.form, data: jsonCopy(instance.variables[drafted.resultVariable] ?? null) } }
}
