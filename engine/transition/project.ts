/**
 * After bpmn-engine has acted: what the inbox and the timers must become,
 * decided without a database. New waiting user tasks are opened (due date
 * from the working-day calendar, assignee chosen), tasks that stopped
 * waiting without being completed are cancelled, armed timers get a row and
 * disarmed ones are cancelled. Which department a task's scope means is
 * the adapter's to resolve (it reads the department tree).
 *
 * @example
 *   decideProjection({ instance, waiting: runtime.waitingUserTasks(), armed: runtime.armedTimers(), ended: runtime.ended,
 *                      before, done: { taskExecutionId }, now, calendar, newId: crypto.randomUUID })
 *   // → { effects: [{ kind: 'openTasks', tasks: [{ elementId: 'review', dueDate: '2025-10-11', … }], … }, { kind: 'armTimers', … }], armedTimers: [] }
 */
import type { WorkingCalendar } from '../calendar/working-calendar.ts'
import type { UserTaskSpec } from '../definition/definition-model.ts'
import { computeDue } from '../due.ts'
import { ExpressionFailed } from '../errors.ts'
import { evaluateFeel } from '../feel.ts'
import { addIsoDuration, parseIsoDuration, parseIsoInstant } from '../iso-duration.ts'
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'
import type { Effect, NewTask, NewTimer } from './effects.ts'
import { instanceContext, type Before, type InstanceRecord } from './instance-state.ts'

export interface ProjectionInput {
  instance: InstanceRecord
  /** The user tasks waiting after the act. */
  waiting: readonly { executionId: string; elementId: string }[]
  /** The timers armed after the act. */
  armed: readonly { executionId: string; elementId: string }[]
  ended: boolean
  before: Before
  /** The task execution completed and the timer fired by the act: recorded by the caller, not cancelled. */
  done?: { taskExecutionId?: string; timerExecutionId?: string }
  now: Date
  calendar: () => WorkingCalendar
  newId: () => string
  /**
   * A deadline that cannot be counted (it depends on data the instance does
   * not have): absent, the act fails (ExpressionFailed); given, the step
   * opens without a due date and this hears why (the simulation says so).
   */
  dueUnknown?: DueUnknown
}

export type DueUnknown = (step: { executionId: string; elementId: string }, error: ExpressionFailed) => void

export interface Projection {
  effects: Effect[]
  /** Execution ids of the timers armed now, stored with the instance. */
  armedTimers: string[]
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

function dueOf(spec: UserTaskSpec, step: { executionId: string; elementId: string }, input: ProjectionInput) {
  try {
    return computeDue(spec.due!, input.now, input.calendar, input.instance.variables)
  } catch (error) {
    if (!input.dueUnknown || !(error instanceof ExpressionFailed)) throw error
    input.dueUnknown(step, error)
    return null
  }
}

export function decideProjection(input: ProjectionInput): Projection {
  const { instance, before, now } = input
  const { definition } = instance
  const done = input.done ?? {}
  const waitingIds = new Set(input.waiting.map((t) => t.executionId))

  const tasks: NewTask[] = []
  const dueTimers: NewTimer[] = []
  for (const step of input.waiting) {
    if (before.tasks.has(step.executionId)) continue
    const spec = definition.model.userTasks[step.elementId]
    if (!spec) continue
    const due = spec.due ? dueOf(spec, step, input) : null
    const id = input.newId()
    tasks.push({
      id, instanceId: instance.id, executionId: step.executionId, elementId: step.elementId, name: spec.name,
      definitionKey: definition.key, businessKey: instance.businessKey, form: spec.form, role: spec.role, scope: spec.scope,
      assigneeId: chooseAssignee(spec, instance), gate: spec.gate, status: 'open', createdAt: now,
      dueDate: due?.dueDate ?? null, dueAt: due?.dueAt ?? null, dueProvisional: due?.provisional ?? false, dueFrom: due ? now : null,
    })
    if (due) dueTimers.push({ id: input.newId(), instanceId: instance.id, kind: 'due', elementId: step.elementId, executionId: id, dueAt: due.dueAt, status: 'pending', createdAt: now })
  }
  const effects: Effect[] = [{ kind: 'openTasks', context: instanceContext(instance), tasks }]

  // Tasks that stopped waiting without being completed: interrupted by a boundary timer or the end of the instance.
  const stopped = [...before.tasks].filter(([id]) => !waitingIds.has(id))
  const gone = stopped.map(([id]) => id).filter((id) => id !== done.taskExecutionId)
  if (gone.length) effects.push({ kind: 'cancelTasks', instanceId: instance.id, executionIds: gone, reason: input.ended ? 'instance-ended' : 'interrupted', at: now })

  // bpmn timers: armed now but not before get a row; armed before but not now are cancelled.
  const armedIds = new Set(input.armed.map((t) => t.executionId))
  const newTimers: NewTimer[] = input.armed
    .filter((t) => !before.timers.has(t.executionId))
    .map((t) => ({
      id: input.newId(), instanceId: instance.id, kind: definition.model.timers[t.elementId]?.kind ?? 'intermediate',
      elementId: t.elementId, executionId: t.executionId, dueAt: timerDueAt(definition, t.elementId, now), status: 'pending', createdAt: now,
    }))
  const timers = [...newTimers, ...dueTimers]
  if (timers.length) effects.push({ kind: 'armTimers', timers })
  const disarmed = [...before.timers].filter((id) => !armedIds.has(id) && id !== done.timerExecutionId)
  // Only tasks of elements with a zf:due have a due timer to cancel.
  const stoppedWithDue = stopped.filter(([, elementId]) => definition.model.userTasks[elementId]?.due).map(([id]) => id)
  if (disarmed.length || stoppedWithDue.length) effects.push({ kind: 'cancelTimers', instanceId: instance.id, executionIds: disarmed, dueOfTaskExecutions: stoppedWithDue })
  return { effects, armedTimers: [...armedIds] }
}
