/**
 * The working-day calendar as the app reads it. Cached per process and
 * reloaded when the calendar's version moved (one indexed read per call), so
 * a year entered through another process or the CLI is seen at once.
 */
import type { Db } from '../../../prisma/client.ts'
import { calendarVersion, loadCalendar, workingDaysBetween, shanghaiDate, type WorkingCalendar } from '../../../engine/index.ts'

let cached: { version: number; calendar: Promise<WorkingCalendar> } | null = null

export async function appCalendar(db: Db): Promise<WorkingCalendar> {
  const version = await calendarVersion(db)
  if (!cached || cached.version !== version) {
    const calendar = loadCalendar(db)
    cached = { version, calendar }
    calendar.catch(() => {
      if (cached?.calendar === calendar) cached = null
    })
  }
  return cached.calendar
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
