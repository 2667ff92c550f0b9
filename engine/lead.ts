/**
 * zf:lead — a step that must be done some days before a date its own form
 * gives. Pure: the spec, the submitted payload, the day of completion and the
 * calendar go in; a field error comes out when the step is too late.
 *
 *   "2 working days before plannedDate"  submitted at the latest 2 working days before (Art. 9)
 *   "7 days before hearingTime"          at the latest 7 calendar days before (行政处罚法 Art. 64)
 *   "2 个工作日 before plannedDate"
 *
 * "N working days before D" means: on or before addWorkingDays(D, -N), the
 * same convention as deadlines (the day itself does not count). A date-time
 * field counts by its day in Asia/Shanghai.
 */
import { addDays, isDate, shanghaiDate } from './calendar/dates.ts'
import { addWorkingDays, type WorkingCalendar } from './calendar/working-calendar.ts'
import type { LeadSpec } from './definition/definition-model.ts'
import type { FieldError } from './errors.ts'
import type { FeelProblem } from './feel.ts'

const LEAD = /^(\d+)\s*(working\s+days?|个?工作日|days?|日|天)\s+before\s+([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)$/i

export function parseLead(text: string): LeadSpec | FeelProblem {
  const match = LEAD.exec(text.trim())
  if (!match) {
    return {
      code: 'LEAD_INVALID',
      message: `提前期限「${text}」无法识别：应为「N working days before 字段」或「N days before 字段」`,
      messageEn: `lead "${text}" is not "N working days before <field>" or "N days before <field>"`,
    }
  }
  const working = /working|工作日/i.test(match[2]!)
  return { days: Number(match[1]), unit: working ? 'working-days' : 'days', field: match[3]! }
}

export function isLeadSpec(value: LeadSpec | FeelProblem): value is LeadSpec {
  return 'field' in value
}

/** The value at a dotted path of a submitted form, or undefined. */
export function valueAt(payload: unknown, dotted: string): unknown {
  let current = payload
  for (const part of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

/** The day (YYYY-MM-DD, Shanghai) a date or date-time field names, or null. */
function dayOf(value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isDate(value) ? value : null
  const instant = new Date(value)
  return Number.isNaN(instant.getTime()) ? null : shanghaiDate(instant)
}

/** The last day on which a step with this lead may be done for the given target day. */
export function latestDay(spec: LeadSpec, target: string, calendar: () => WorkingCalendar): string {
  return spec.unit === 'working-days' ? addWorkingDays(calendar(), target, -spec.days) : addDays(target, -spec.days)
}

/**
 * A field error when completing on `today` is too late for the date in the
 * payload; null when it is in time. A missing date is the form's business.
 */
export function checkLead(spec: LeadSpec, payload: unknown, today: string, calendar: () => WorkingCalendar): FieldError | null {
  const target = dayOf(valueAt(payload, spec.field))
  if (!target) return null
  const latest = latestDay(spec, target, calendar)
  if (today <= latest) return null
  const unit = spec.unit === 'working-days' ? '个工作日' : '日'
  return {
    path: `/${spec.field.replaceAll('.', '/')}`,
    message: `须于该日期 ${spec.days} ${unit}前办理：${target} 的事项最迟应在 ${latest} 提交，今天（${today}）已来不及，请改期`,
  }
}
