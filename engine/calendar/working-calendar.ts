/**
 * Working-day arithmetic over a loaded calendar (工作日, Art. 12 and 14 of
 * the regulation). Pure functions: the calendar is a value built from the
 * CalendarDay rows, so tests and the CLI use exactly what the app uses.
 * A computation that leaves the covered dates throws CalendarNotCovered
 * instead of guessing Monday to Friday: a wrong statutory deadline is worse
 * than no deadline.
 */
import { CalendarNotCovered } from '../errors.ts'
import { addDays, assertDate } from './dates.ts'

export type DayKind = 'workday' | 'holiday'

export interface CalendarDayRow {
  date: string
  kind: DayKind | string
  name?: string | null
}

export interface WorkingCalendar {
  /** First and last covered date (inclusive), or null for an empty calendar. */
  readonly first: string | null
  readonly last: string | null
  readonly days: ReadonlyMap<string, DayKind>
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
  return { first, last, days }
}

function kindOf(calendar: WorkingCalendar, date: string): DayKind {
  const kind = calendar.days.get(date)
  if (!kind) throw new CalendarNotCovered(date)
  return kind
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  return kindOf(calendar, assertDate(date)) === 'workday'
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
  if (!Number.isInteger(n)) throw new TypeError(`working days must be a whole number: ${n}`)
  assertDate(date)
  const step = n < 0 ? -1 : 1
  let remaining = Math.abs(n)
  let current = date
  while (remaining > 0) {
    current = addDays(current, step)
    if (kindOf(calendar, current) === 'workday') remaining -= 1
  }
  return current
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
