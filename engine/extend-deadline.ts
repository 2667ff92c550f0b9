/**
 * Extending an instance's deadline (e.g. 行政处罚法第六十条: the 90 days of a
 * general penalty case, extended by the principal head's approval): the pure
 * decision. The new variables go in with the instance's open steps; out come
 * the steps whose due date moves and their new due dates. Nothing here reads
 * the database or the clock: the caller applies the result in one
 * transaction (extend-deadline-effects.ts).
 *
 * A step's deadline is recomputed exactly as when it opened: its zf:due, from
 * the instant it opened, over the new variables. Steps whose deadline does
 * not depend on what changed keep their due date and are left alone.
 *
 * @example
 *   decideDeadlineExtension({
 *     variables: { filingApproval: { date: '2026-03-02' } },
 *     set: { caseDeadline: '2026-07-31' },
 *     openTasks: [{ id: 't1', elementId: 'penaltyDecision', createdAt, dueDate: '2026-05-31', dueAt }],
 *     dueOf: (elementId) => specs[elementId] ?? null,
 *     calendar: () => calendar,
 *   }).changes // → [{ taskId: 't1', elementId: 'penaltyDecision', from: { dueDate: '2026-05-31', … }, to: { dueDate: '2026-07-31', … } }]
 */
import { computeDue, type Due, type DueSpec } from './due.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'

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

export function decideDeadlineExtension(input: DeadlineExtensionInput): DeadlineExtensionDecision {
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
