/**
 * Extending an instance's deadline (e.g. 行政处罚法第六十条: the 90 days of a
 * general penalty case, extended by the principal head's approval), decided
 * without a database. The new variables go in with the instance's open
 * steps; `planDeadlineExtension` says which steps' due dates move and to
 * what, and `decideExtendDeadline` is the operation: refused (Conflict) when
 * the instance no longer runs or is not at the revision the caller saw; else
 * each moved step's due date and due timer, the variables saved under the
 * revision check, and one log entry, as effects (applied in the caller's
 * transaction by store/apply-effects.ts).
 *
 * A step's deadline is recomputed exactly as when it opened: its zf:due, from
 * the instant it opened, over the new variables. Steps whose deadline does
 * not depend on what changed keep their due date and are left alone.
 *
 * @example
 *   planDeadlineExtension({
 *     variables: { filingApproval: { date: '2026-03-02' } },
 *     set: { caseDeadline: '2026-07-31' },
 *     openTasks: [{ id: 't1', elementId: 'penaltyDecision', createdAt, dueDate: '2026-05-31', dueAt }],
 *     dueOf: (elementId) => specs[elementId] ?? null,
 *     calendar: () => calendar,
 *   }).changes // → [{ taskId: 't1', elementId: 'penaltyDecision', from: { dueDate: '2026-05-31', … }, to: { dueDate: '2026-07-31', … } }]
 */
import type { Actor } from '../actor.ts'
import type { WorkingCalendar } from '../calendar/working-calendar.ts'
import { computeDue, type Due, type DueSpec } from '../due.ts'
import { Conflict } from '../errors.ts'
import type { Decision, Effect } from './effects.ts'
import type { StoredInstance } from './instance-state.ts'

export interface OpenStepDue {
  id: string
  elementId: string
  /** When the step opened: its deadline counts from here. */
  createdAt: Date
  dueDate: string | null
  dueAt: Date | null
}

export interface DueChange {
  taskId: string
  elementId: string
  from: { dueDate: string | null; dueAt: Date | null }
  to: Due
}

export interface DeadlineExtensionInput {
  variables: Readonly<Record<string, unknown>>
  /** The variables to set (the deadline variable, and whatever record of the extension the caller keeps). */
  set: Readonly<Record<string, unknown>>
  openTasks: readonly OpenStepDue[]
  dueOf: (elementId: string) => DueSpec | null
  calendar: () => WorkingCalendar
}

export interface DeadlineExtensionDecision {
  variables: Record<string, unknown>
  changes: DueChange[]
}

export function planDeadlineExtension(input: DeadlineExtensionInput): DeadlineExtensionDecision {
  const variables = { ...input.variables, ...structuredClone(input.set) }
  const changes: DueChange[] = []
  for (const task of input.openTasks) {
    const spec = input.dueOf(task.elementId)
    if (!spec) continue
    const to = computeDue(spec, task.createdAt, input.calendar, variables)
    if (to.dueDate === task.dueDate && to.dueAt.getTime() === task.dueAt?.getTime()) continue
    changes.push({ taskId: task.id, elementId: task.elementId, from: { dueDate: task.dueDate, dueAt: task.dueAt }, to })
  }
  return { variables, changes }
}

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

export interface ExtensionInput {
  stored: StoredInstance
  openTasks: readonly OpenStepDue[]
  dueOf: (elementId: string) => DueSpec | null
  command: ExtendDeadlineInput
  actor: Actor | null
}

export function decideExtendDeadline(input: ExtensionInput, ctx: { now: Date; calendar: () => WorkingCalendar; newId: () => string }): Decision<ExtendDeadlineResult> {
  const { stored, command } = input
  if (stored.status !== 'running') throw new Conflict(stored.id)
  if (command.expectedRevision !== undefined && command.expectedRevision !== stored.revision) throw new Conflict(stored.id)
  const plan = planDeadlineExtension({
    variables: JSON.parse(stored.variables) as Record<string, unknown>, set: command.set, openTasks: input.openTasks, dueOf: input.dueOf, calendar: ctx.calendar,
  })
  const effects: Effect[] = plan.changes.map((change) => ({
    kind: 'moveDue', taskId: change.taskId, dueDate: change.to.dueDate, dueAt: change.to.dueAt,
    // A due timer's execution id is the task's id; the old one must not fire (nor report the step overdue).
    timer: { id: ctx.newId(), instanceId: stored.id, kind: 'due', elementId: change.elementId, executionId: change.taskId, dueAt: change.to.dueAt, status: 'pending', createdAt: ctx.now },
  }))
  effects.push(
    { kind: 'saveInstance', instanceId: stored.id, revision: stored.revision, state: stored.state, variables: JSON.stringify(plan.variables), armedTimers: stored.armedTimers, ended: false, at: ctx.now },
    {
      kind: 'audit',
      entry: {
        actor: input.actor, action: 'process.deadline-extend', targetType: 'ProcessInstance', targetId: stored.id,
        detail: {
          set: command.set, reason: command.reason ?? null, revision: stored.revision + 1,
          changes: plan.changes.map((c) => ({ taskId: c.taskId, elementId: c.elementId, from: c.from.dueDate, to: c.to.dueDate })),
        },
      },
    },
  )
  return { result: { instanceId: stored.id, revision: stored.revision + 1, changes: plan.changes }, effects }
}
