/**
 * Which open steps' due dates move when the working-day calendar changes (a
 * year entered or corrected). Pure: the open tasks, their zf:due and the new
 * calendar go in, the changes come out. A due date counted in calendar days
 * or given by a FEEL date does not depend on the calendar and never moves;
 * one counted in working days is counted again from the same start, so only
 * those whose counting window crossed a changed day move. A change of the
 * 暂定 flag alone (the provisional date is confirmed as it was) is a change
 * too, but not a move: nobody needs to be told.
 * docs/decisions/018-calendar-versions-and-provisional-years.md
 */
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import { computeDue, dependsOnCalendar, type DueSpec } from './due.ts'

export interface OpenDueTask {
  id: string
  dueDate: string
  dueProvisional: boolean
  /** When the deadline counts from (the step's opening). */
  dueFrom: Date
  spec: DueSpec
  variables: Readonly<Record<string, unknown>>
}

export interface DueChange {
  taskId: string
  from: string
  to: string
  /** The instant the task becomes overdue under the new due date. */
  dueAt: Date
  wasProvisional: boolean
  provisional: boolean
  /** The date itself changed (the assignee is told); false when only the 暂定 flag did. */
  moved: boolean
}

export function planDueRecompute(tasks: readonly OpenDueTask[], calendar: WorkingCalendar): DueChange[] {
  const changes: DueChange[] = []
  for (const task of tasks) {
    if (!dependsOnCalendar(task.spec)) continue
    let due
    try {
      due = computeDue(task.spec, task.dueFrom, () => calendar, task.variables)
    } catch {
      // A deadline that cannot be counted again (e.g. its FEEL date is gone) keeps the date it had.
      continue
    }
    if (due.dueDate === task.dueDate && due.provisional === task.dueProvisional) continue
    changes.push({
      taskId: task.id, from: task.dueDate, to: due.dueDate, dueAt: due.dueAt,
      wasProvisional: task.dueProvisional, provisional: due.provisional, moved: due.dueDate !== task.dueDate,
    })
  }
  return changes
}
