/**
 * zf:due — when a user task must be done. Pure: the start instant, the
 * calendar and the variables go in, a due date comes out.
 *
 *   "3 working days" / "3 个工作日"  working days after the day the task starts (Art. 12)
 *   "7 days" / "P90D"               calendar days or any ISO 8601 duration
 *   "= date(hearing.date) - duration(\"P7D\")"   a FEEL expression giving a date or date-time
 *   "10 working days after = date(scheme.period.end)"   working days after a date a FEEL expression gives (Art. 14)
 *   "partyPeriods.statementDays working days after = date(x.servedAt)"   the count from an instance variable (a department's setting)
 *   "24 hours" / "24 小时" / "PT24H"   hours after the instant the task starts (行政强制法 Art. 19)
 *   "24 hours after = date and time(proposal.implementedAt)"   hours after an instant a FEEL expression gives
 *
 * A deadline is a whole day: the task is overdue from 00:00 Shanghai time
 * of the day after its due date. Hours are the exception: the law counts
 * them from the moment of the measure, so the task is overdue at that exact
 * instant (`dueAt`), and `dueDate` is the Shanghai date of that instant.
 */
import { addDays, shanghaiDate, startOfShanghaiDay } from './calendar/dates.ts'
import { countWorkingDays, type WorkingCalendar } from './calendar/working-calendar.ts'
import { ExpressionFailed } from './errors.ts'
import { checkFeel, evaluateFeel, type FeelProblem } from './feel.ts'
import { addIsoDuration, parseIsoDuration } from './iso-duration.ts'

export type DueSpec =
  | { kind: 'working-days'; days: number }
  | { kind: 'duration'; iso: string }
  | { kind: 'feel'; expression: string }
  | { kind: 'working-days-after'; days: number; expression: string; daysVariable?: string }
  | { kind: 'hours'; iso: string }
  | { kind: 'hours-after'; iso: string; expression: string }

export interface Due {
  /** Last day to act, YYYY-MM-DD in Asia/Shanghai. */
  dueDate: string
  /** The instant from which the task is overdue. */
  dueAt: Date
  /** Counted over a day of the provisional calendar (a year whose schedule is not entered): shown as 暂定. */
  provisional: boolean
}

const WORKING_DAYS = /^(\d+)\s*(?:working\s+days?|个?工作日)$/i
const CALENDAR_DAYS = /^(\d+)\s*(?:days?|日|天)$/i
const HOURS = /^(\d+)\s*(?:hours?|个?小时)$/i
const HOURS_AFTER = /^(\d+)\s*(?:hours?|个?小时)\s+after\s+(=.+)$/i
const WORKING_DAYS_AFTER = /^(\d+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(?:working\s+days?|个?工作日)\s+after\s+(=.+)$/i

export function parseDue(text: string): DueSpec | FeelProblem {
  const trimmed = text.trim()
  const working = WORKING_DAYS.exec(trimmed)
  if (working) return { kind: 'working-days', days: Number(working[1]) }
  const after = WORKING_DAYS_AFTER.exec(trimmed)
  if (after) {
    const problems = checkFeel(after[2]!)
    const variable = /^\d+$/.test(after[1]!) ? {} : { days: 0, daysVariable: after[1]! }
    return problems[0] ?? { kind: 'working-days-after', days: Number(after[1]), expression: after[2]!.trim(), ...variable }
  }
  const hoursAfter = HOURS_AFTER.exec(trimmed)
  if (hoursAfter) {
    const problems = checkFeel(hoursAfter[2]!)
    return problems[0] ?? { kind: 'hours-after', iso: `PT${hoursAfter[1]}H`, expression: hoursAfter[2]!.trim() }
  }
  const calendar = CALENDAR_DAYS.exec(trimmed)
  if (calendar) return { kind: 'duration', iso: `P${calendar[1]}D` }
  const hours = HOURS.exec(trimmed)
  if (hours) return { kind: 'hours', iso: `PT${hours[1]}H` }
  if (trimmed.startsWith('P')) {
    const iso = parseIsoDuration(trimmed)
    // Only a pure time duration (PT24H, PT30M) is exact; P1D, P1M stay whole days as before.
    if (iso && trimmed.startsWith('PT')) return { kind: 'hours', iso: trimmed }
    return iso
      ? { kind: 'duration', iso: trimmed }
      : { code: 'DUE_INVALID', message: `期限「${trimmed}」不是有效的 ISO 8601 时长`, messageEn: `due "${trimmed}" is not an ISO 8601 duration` }
  }
  if (trimmed.startsWith('=')) {
    const problems = checkFeel(trimmed)
    return problems[0] ?? { kind: 'feel', expression: trimmed }
  }
  return {
    code: 'DUE_INVALID',
    message: `期限「${trimmed}」无法识别：应为「N working days」「N days」「N hours」「N working days after = FEEL」、ISO 8601 时长或以 = 开头的 FEEL 表达式`,
    messageEn: `due "${trimmed}" is not "N working days", "N days", "N hours", "N working days after = <FEEL>", an ISO 8601 duration or a FEEL expression starting with =`,
  }
}

export function isDueSpec(value: DueSpec | FeelProblem): value is DueSpec {
  return 'kind' in value
}

function endOfDay(dueDate: string, provisional = false): Due {
  return { dueDate, dueAt: startOfShanghaiDay(addDays(dueDate, 1)), provisional }
}

function workingDays(calendar: WorkingCalendar, from: string, days: number): Due {
  const result = countWorkingDays(calendar, from, days)
  return endOfDay(result.date, result.provisional)
}

/** Whether a due date depends on the working-day calendar (and so may move when a year is entered). */
export function dependsOnCalendar(spec: DueSpec): boolean {
  return spec.kind === 'working-days' || spec.kind === 'working-days-after'
}

function exactly(dueAt: Date): Due {
  return { dueDate: shanghaiDate(dueAt), dueAt, provisional: false }
}

/**
 * Whether a due instant is exact (an hours deadline) rather than the end of
 * a whole day: whole-day deadlines fall due at 00:00 Shanghai time of the
 * day after `dueDate`. The app shows exact ones with their time of day.
 */
export function isExactDue(dueDate: string | null, dueAt: Date | null): boolean {
  if (!dueDate || !dueAt) return false
  return dueAt.getTime() !== startOfShanghaiDay(addDays(dueDate, 1)).getTime()
}

/** Reads a FEEL result as an instant: a date-time (a bare date is 00:00 in Shanghai), or an ISO string. */
function feelResultToInstant(value: unknown, expression: string): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const instant = value.length === 10 ? startOfShanghaiDay(value) : new Date(value)
    if (!Number.isNaN(instant.getTime())) return instant
  }
  const luxon = value as { toJSDate?: () => Date; hour?: number } | null
  if (luxon && typeof luxon.toJSDate === 'function') {
    // A FEEL date() has no zone: it means that day in Shanghai.
    return luxon.hour === undefined ? startOfShanghaiDay(shanghaiDate(luxon.toJSDate())) : luxon.toJSDate()
  }
  throw new ExpressionFailed(expression, '结果不是时间 result is not a date-time')
}

/** Reads a FEEL result as a due date: a date, a date-time, or a YYYY-MM-DD string. */
function feelResultToDate(value: unknown, expression: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    return value.length === 10 ? value : shanghaiDate(new Date(value))
  }
  const luxon = value as { toISODate?: () => string; toJSDate?: () => Date; hour?: number; minute?: number; second?: number } | null
  if (luxon && typeof luxon.toISODate === 'function' && typeof luxon.toJSDate === 'function') {
    const isDateOnly = !luxon.hour && !luxon.minute && !luxon.second
    return isDateOnly ? luxon.toISODate() : shanghaiDate(luxon.toJSDate())
  }
  throw new ExpressionFailed(expression, '结果不是日期 result is not a date')
}

/** A count of days held in a variable (a department's setting copied at start): a whole number from 1 to 365. */
function countAt(variables: Readonly<Record<string, unknown>>, dotted: string): number {
  let current: unknown = variables
  for (const part of dotted.split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined
  if (typeof current === 'number' && Number.isInteger(current) && current >= 1 && current <= 365) return current
  throw new ExpressionFailed(dotted, `期限天数不是 1–365 的整数 days is not a whole number from 1 to 365: ${JSON.stringify(current)}`)
}

export function computeDue(spec: DueSpec, start: Date, calendar: () => WorkingCalendar, variables: Readonly<Record<string, unknown>>): Due {
  switch (spec.kind) {
    case 'working-days':
      return workingDays(calendar(), shanghaiDate(start), spec.days)
    case 'duration':
      return endOfDay(shanghaiDate(addIsoDuration(start, parseIsoDuration(spec.iso)!)))
    case 'feel':
      return endOfDay(feelResultToDate(evaluateFeel(spec.expression, variables), spec.expression))
    case 'working-days-after': {
      const days = spec.daysVariable ? countAt(variables, spec.daysVariable) : spec.days
      return workingDays(calendar(), feelResultToDate(evaluateFeel(spec.expression, variables), spec.expression), days)
    }
    case 'hours':
      return exactly(addIsoDuration(start, parseIsoDuration(spec.iso)!))
    case 'hours-after':
      return exactly(addIsoDuration(feelResultToInstant(evaluateFeel(spec.expression, variables), spec.expression), parseIsoDuration(spec.iso)!))
  }
}
