/**
 * zf:due — when a user task must be done. Pure: the start instant, the
 * calendar and the variables go in, a due date comes out.
 *
 *   "3 working days" / "3 个工作日"  working days after the day the task starts (Art. 12)
 *   "7 days" / "P90D"               calendar days or any ISO 8601 duration
 *   "= date(hearing.date) - duration(\"P7D\")"   a FEEL expression giving a date or date-time
 *   "10 working days after = date(scheme.period.end)"   working days after a date a FEEL expression gives (Art. 14)
 *
 * A deadline is a whole day: the task is overdue from 00:00 Shanghai time
 * of the day after its due date.
 */
import { addDays, shanghaiDate, startOfShanghaiDay } from './calendar/dates.ts'
import { addWorkingDays, type WorkingCalendar } from './calendar/working-calendar.ts'
import { ExpressionFailed } from './errors.ts'
import { checkFeel, evaluateFeel, type FeelProblem } from './feel.ts'
import { addIsoDuration, parseIsoDuration } from './iso-duration.ts'

export type DueSpec =
  | { kind: 'working-days'; days: number }
  | { kind: 'duration'; iso: string }
  | { kind: 'feel'; expression: string }
  | { kind: 'working-days-after'; days: number; expression: string }

export interface Due {
  /** Last day to act, YYYY-MM-DD in Asia/Shanghai. */
  dueDate: string
  /** The instant from which the task is overdue. */
  dueAt: Date
}

const WORKING_DAYS = /^(\d+)\s*(?:working\s+days?|个?工作日)$/i
const CALENDAR_DAYS = /^(\d+)\s*(?:days?|日|天)$/i
const WORKING_DAYS_AFTER = /^(\d+)\s*(?:working\s+days?|个?工作日)\s+after\s+(=.+)$/i

export function parseDue(text: string): DueSpec | FeelProblem {
  const trimmed = text.trim()
  const working = WORKING_DAYS.exec(trimmed)
  if (working) return { kind: 'working-days', days: Number(working[1]) }
  const after = WORKING_DAYS_AFTER.exec(trimmed)
  if (after) {
    const problems = checkFeel(after[2]!)
    return problems[0] ?? { kind: 'working-days-after', days: Number(after[1]), expression: after[2]!.trim() }
  }
  const calendar = CALENDAR_DAYS.exec(trimmed)
  if (calendar) return { kind: 'duration', iso: `P${calendar[1]}D` }
  if (trimmed.startsWith('P')) {
    return parseIsoDuration(trimmed)
      ? { kind: 'duration', iso: trimmed }
      : { code: 'DUE_INVALID', message: `期限「${trimmed}」不是有效的 ISO 8601 时长`, messageEn: `due "${trimmed}" is not an ISO 8601 duration` }
  }
  if (trimmed.startsWith('=')) {
    const problems = checkFeel(trimmed)
    return problems[0] ?? { kind: 'feel', expression: trimmed }
  }
  return {
    code: 'DUE_INVALID',
    message: `期限「${trimmed}」无法识别：应为「N working days」「N days」「N working days after = FEEL」、ISO 8601 时长或以 = 开头的 FEEL 表达式`,
    messageEn: `due "${trimmed}" is not "N working days", "N days", "N working days after = <FEEL>", an ISO 8601 duration or a FEEL expression starting with =`,
  }
}

export function isDueSpec(value: DueSpec | FeelProblem): value is DueSpec {
  return 'kind' in value
}

function endOfDay(dueDate: string): Due {
  return { dueDate, dueAt: startOfShanghaiDay(addDays(dueDate, 1)) }
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

export function computeDue(spec: DueSpec, start: Date, calendar: () => WorkingCalendar, variables: Readonly<Record<string, unknown>>): Due {
  switch (spec.kind) {
    case 'working-days':
      return endOfDay(addWorkingDays(calendar(), shanghaiDate(start), spec.days))
    case 'duration':
      return endOfDay(shanghaiDate(addIsoDuration(start, parseIsoDuration(spec.iso)!)))
    case 'feel':
      return endOfDay(feelResultToDate(evaluateFeel(spec.expression, variables), spec.expression))
    case 'working-days-after':
      return endOfDay(addWorkingDays(calendar(), feelResultToDate(evaluateFeel(spec.expression, variables), spec.expression), spec.days))
  }
}
