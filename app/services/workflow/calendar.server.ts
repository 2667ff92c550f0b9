/** The working-day calendar as the app reads it (loaded once; reload after an edit). */
import type { Db } from '../../../prisma/client.ts'
import { loadCalendar, workingDaysBetween, shanghaiDate, type WorkingCalendar } from '../../../engine/index.ts'

let cached: Promise<WorkingCalendar> | null = null

export function appCalendar(db: Db): Promise<WorkingCalendar> {
  cached ??= loadCalendar(db)
  return cached
}

export function reloadAppCalendar() {
  cached = null
}

/**
 * Working days left until a due date, counted from today (Asia/Shanghai):
 * 0 on the last day, negative once overdue; null outside the calendar.
 */
export function remainingWorkingDays(calendar: WorkingCalendar, now: Date, dueDate: string | null): number | null {
  if (!dueDate) return null
  try {
    return workingDaysBetween(calendar, shanghaiDate(now), dueDate)
  } catch {
    return null
  }
}
