/**
 * Working-day arithmetic over a loaded calendar (工作日, Art. 12 and 14 of
 * the regulation). Pure functions: the calendar is a value built from the
 * CalendarDay rows, so tests and the CLI use exactly what the app uses.
 * A day after the first entered one that no row covers (a year whose State
 * Council schedule is not entered yet) comes from the provisional calendar
 * of the 放假办法 (provisional-holidays.ts), and results that depend on such
 * a day say so (`provisional`). Only absurd dates are refused
 * (CalendarNotCovered): before the first entered day, or more than
 * PROVISIONAL_YEARS after the last entered year.
 */
import { CalendarNotCovered } from '../errors.ts'
import { addDays, assertDate } from './dates.ts'
import { PROVISIONAL_LAST_YEAR, provisionalDay } from './provisional-holidays.ts'

export type DayKind = 'workday' | 'holiday'

export interface CalendarDayRow {
  date: string
  kind: DayKind | string
  name?: string | null
}

export interface WorkingCalendar {
  /** First and last entered date (inclusive), or null for an empty calendar. */
  readonly first: string | null
  readonly last: string | null
  /** The entered days; any other day up to `provisionalUntil` is provisional. */
  readonly days: ReadonlyMap<string, DayKind>
  /** Last date the provisional calendar reaches (inclusive). */
  readonly provisionalUntil: string
}

/** How far past the last entered year the provisional calendar reaches: decades, not forever. */
export const PROVISIONAL_YEARS = 30

/** A working-day result and whether it depends on a day of the provisional calendar. */
export interface WorkingDayResult {
  date: string
  provisional: boolean
}

export function buildCalendar(rows: Iterable<CalendarDayRow>): WorkingCalendar {
  const days = new Map<string, DayKind>()
  let first: string | null = null
  let last: string | null = null
  for (const row of rows) {
    if (row.kind !== 'workday' && row.kind !== 'holiday') throw new TypeError(`unknown day kind ${row.kind} on ${row.date}`)
    days.set(assertDate(row.date), row.kind)
    if (first === null || row.date < first) first = row.date
    if (last === null || row.date > last) last = row.date
  }
  // An empty calendar covers nothing: every date is before its first entered day.
  const lastYear = last ? Number(last.slice(0, 4)) : PROVISIONAL_LAST_YEAR
  const provisionalUntil = `${Math.min(lastYear + PROVISIONAL_YEARS, PROVISIONAL_LAST_YEAR)}-12-31`
  return { first, last, days, provisionalUntil }
}

/** The kind of a day, and whether it came from the provisional calendar. */
function dayOf(calendar: WorkingCalendar, date: string): { kind: DayKind; provisional: boolean } {
  const kind = calendar.days.get(date)
  if (kind) return { kind, provisional: false }
  if (date > calendar.provisionalUntil) throw new CalendarNotCovered(date, 'beyond')
  if (calendar.first === null || date < calendar.first) throw new CalendarNotCovered(date, 'before')
  return { kind: provisionalDay(date).kind, provisional: true }
}

function kindOf(calendar: WorkingCalendar, date: string): DayKind {
  return dayOf(calendar, date).kind
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  return kindOf(calendar, assertDate(date)) === 'workday'
}

/** Whether a date is covered only by the provisional calendar (no schedule entered for it). */
export function isProvisional(calendar: WorkingCalendar, date: string): boolean {
  return dayOf(calendar, assertDate(date)).provisional
}

/**
 * The date `n` working days after `date` (before it when `n` is negative);
 * `date` itself does not count, so a review sent on a Tuesday with a
 * 1-working-day limit is due on Wednesday. `n = 0` returns `date`.
 *
 * @example
 * addWorkingDays(calendar, '2025-09-30', 1) // '2025-10-09' (National Day holiday 1–8 October)
 * addWorkingDays(calendar, '2025-09-30', 3) // '2025-10-11' (a make-up Saturday)
 */
export function addWorkingDays(calendar: WorkingCalendar, date: string, n: number): string {
  return countWorkingDays(calendar, date, n).date
}

/** addWorkingDays, saying whether a provisional day was counted or passed over (the result is then 暂定). */
export function countWorkingDays(calendar: WorkingCalendar, date: string, n: number): WorkingDayResult {
  if (!Number.isInteger(n)) throw new TypeError(`working days must be a whole number: ${n}`)
  assertDate(date)
  const step = n < 0 ? -1 : 1
  let remaining = Math.abs(n)
  let current = date
  let provisional = false
  while (remaining > 0) {
    current = addDays(current, step)
    const day = dayOf(calendar, current)
    provisional ||= day.provisional
    if (day.kind === 'workday') remaining -= 1
  }
  return { date: current, provisional }
}

/**
 * Working days after `a` up to and including `b`; negative when `b` is
 * before `a`. The inverse of addWorkingDays:
 * `workingDaysBetween(c, a, addWorkingDays(c, a, n)) === n`.
 */
export function workingDaysBetween(calendar: WorkingCalendar, a: string, b: string): number {
  assertDate(a)
  assertDate(b)
  if (a === b) return 0
  const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1]
  let count = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (kindOf(calendar, d) === 'workday') count += 1
  }
  return sign * count
}
