/**
 * A year's holiday schedule as the State Council notice states it: the
 * notice (文号, date), the holidays as date ranges and the make-up working
 * days (调休上班). Entered on the 工作日历 page or imported from a file
 * (JSON, CSV or iCalendar); `scheduleDays` turns it into every day of the
 * year for the CalendarDay table: days the notice does not name follow the
 * weekday rule (an entered year has no Art. 6 make-up days of its own: the
 * notice already placed them). Problems are Chinese sentences, keyed by field.
 */
import { addDays, dayOfWeek, isDate } from './dates.ts'
import type { DayKind } from './working-calendar.ts'

export interface HolidayRange {
  name: string
  from: string
  to: string
}

export interface MakeUpWorkday {
  name: string
  date: string
}

export interface YearSchedule {
  year: number
  noticeNumber: string | null
  noticeDate: string | null
  holidays: HolidayRange[]
  workdays: MakeUpWorkday[]
}

export interface ScheduleProblem {
  field: 'year' | 'noticeNumber' | 'noticeDate' | 'holidays' | 'workdays' | 'file'
  message: string
}

export interface ScheduleDay {
  date: string
  kind: DayKind
  name: string | null
}

export type ScheduleFormat = 'json' | 'csv' | 'ics'

const MIN_YEAR = 2000
const MAX_YEAR = 2099

/** 2027-01-01, 2027/1/1 or 2027年1月1日 → 2027-01-01; null when it is none of them. */
export function normalizeDate(text: string): string | null {
  const m = /^(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*(?:-|\/|\.|月)\s*(\d{1,2})\s*日?$/.exec(text.trim())
  if (!m) return null
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
  return isDate(date) ? date : null
}

const RANGE_SEPARATOR = /\s*(?:至|到|~|～|—|－|–)\s*/

/**
 * Holiday lines as a notice lists them, one festival a line: 「元旦 2027-01-01 至 2027-01-03」,
 * 「春节：2027年2月5日至2月11日」 is not understood (the year of each date is needed).
 */
export function parseHolidayLines(text: string): { holidays: HolidayRange[]; problems: ScheduleProblem[] } {
  const holidays: HolidayRange[] = []
  const problems: ScheduleProblem[] = []
  text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
    const m = /^(.+?)[\s:：,，]+(\S.*)$/.exec(line)
    const [from, to = from] = (m?.[2] ?? '').split(RANGE_SEPARATOR)
    const a = from ? normalizeDate(from) : null
    const b = to ? normalizeDate(to) : null
    if (!m || !a || !b) problems.push({ field: 'holidays', message: `放假安排第 ${i + 1} 行「${line}」应为「名称 开始日期 至 结束日期」，日期写作 2027-01-01` })
    else holidays.push({ name: m[1]!.trim(), from: a, to: b })
  })
  return { holidays, problems }
}

/** Make-up working day lines: 「春节 2027-02-14、2027-02-20」. */
export function parseWorkdayLines(text: string): { workdays: MakeUpWorkday[]; problems: ScheduleProblem[] } {
  const workdays: MakeUpWorkday[] = []
  const problems: ScheduleProblem[] = []
  text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
    const m = /^(.+?)[\s:：,，]+(\S.*)$/.exec(line)
    const dates = (m?.[2] ?? '').split(/\s*[、,，;；\s]\s*/).filter(Boolean).map(normalizeDate)
    if (!m || dates.length === 0 || dates.some((d) => !d)) problems.push({ field: 'workdays', message: `调休上班第 ${i + 1} 行「${line}」应为「名称 日期、日期」，日期写作 2027-02-14` })
    else for (const date of dates) workdays.push({ name: m[1]!.trim(), date: date! })
  })
  return { workdays, problems }
}

/** Checks a schedule; empty when it can be saved. */
export function checkSchedule(s: YearSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = []
  if (!Number.isInteger(s.year) || s.year < MIN_YEAR || s.year > MAX_YEAR) {
    problems.push({ field: 'year', message: `年度应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数` })
    return problems
  }
  if (s.noticeDate !== null && !isDate(s.noticeDate)) problems.push({ field: 'noticeDate', message: '通知日期应写作 2026-11-04' })
  if (s.noticeNumber !== null && s.noticeNumber.length > 100) problems.push({ field: 'noticeNumber', message: '文号过长（不超过 100 字）' })
  if (s.holidays.length === 0) problems.push({ field: 'holidays', message: `请填写 ${s.year} 年的放假安排（至少一项）` })
  const inYear = (date: string) => date.startsWith(`${s.year}-`)
  const off = new Set<string>()
  for (const h of s.holidays) {
    if (!h.name) problems.push({ field: 'holidays', message: `${h.from} 起的放假安排缺少名称` })
    if (!isDate(h.from) || !isDate(h.to) || h.to < h.from) {
      problems.push({ field: 'holidays', message: `「${h.name}」的日期范围 ${h.from} 至 ${h.to} 无效` })
      continue
    }
    if (!inYear(h.from) || !inYear(h.to)) problems.push({ field: 'holidays', message: `「${h.name}」${h.from} 至 ${h.to} 不在 ${s.year} 年内` })
    for (let d = h.from; d <= h.to; d = addDays(d, 1)) off.add(d)
  }
  for (const w of s.workdays) {
    if (!isDate(w.date)) problems.push({ field: 'workdays', message: `调休上班日期 ${w.date} 无效` })
    else if (!inYear(w.date)) problems.push({ field: 'workdays', message: `调休上班日期 ${w.date} 不在 ${s.year} 年内` })
    else if (off.has(w.date)) problems.push({ field: 'workdays', message: `${w.date} 同时被列为放假和调休上班` })
    else if (![0, 6].includes(dayOfWeek(w.date))) problems.push({ field: 'workdays', message: `${w.date} 不是周六或周日，无需调休上班` })
  }
  return problems
}

/** Every day of the schedule's year, classified (call checkSchedule first). */
export function scheduleDays(s: YearSchedule): ScheduleDay[] {
  const named = new Map<string, ScheduleDay>()
  for (const h of s.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) named.set(d, { date: d, kind: 'holiday', name: h.name })
  for (const w of s.workdays) named.set(w.date, { date: w.date, kind: 'workday', name: `调休上班（${w.name}）` })
  const days: ScheduleDay[] = []
  for (let date = `${s.year}-01-01`; date <= `${s.year}-12-31`; date = addDays(date, 1)) {
    days.push(named.get(date) ?? { date, kind: [0, 6].includes(dayOfWeek(date)) ? 'holiday' : 'workday', name: null })
  }
  return days
}

/** Consecutive single days of the same festival and kind, as ranges: what a file lists day by day. */
function fromDays(year: number, days: { date: string; kind: DayKind; name: string }[], notice: Pick<YearSchedule, 'noticeNumber' | 'noticeDate'>): YearSchedule {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date))
  const holidays: HolidayRange[] = []
  const workdays: MakeUpWorkday[] = []
  for (const day of sorted) {
    if (day.kind === 'workday') {
      workdays.push({ name: day.name, date: day.date })
      continue
    }
    const last = holidays.at(-1)
    if (last && last.name === day.name && addDays(last.to, 1) === day.date) last.to = day.date
    else holidays.push({ name: day.name, from: day.date, to: day.date })
  }
  return { year, ...notice, holidays, workdays }
}

function kindOfLabel(label: string): DayKind | null {
  const l = label.trim().toLowerCase()
  if (['holiday', 'off', '放假', '休', '休息'].includes(l)) return 'holiday'
  if (['workday', 'work', '上班', '班', '调休上班'].includes(l)) return 'workday'
  return null
}

function unfoldIcs(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)
}

/** The festival name of an iCalendar SUMMARY such as 「春节(休)」 or 「国庆节(班)」, and its kind. */
function icsDay(summary: string): { name: string; kind: DayKind } {
  const m = /^(.*?)\s*[(（]\s*(休|班)\s*[)）]\s*$/.exec(summary)
  if (m) return { name: m[1]!.trim(), kind: m[2] === '班' ? 'workday' : 'holiday' }
  return { name: summary.replace(/上班|调休/g, '').trim() || summary, kind: /班/.test(summary) ? 'workday' : 'holiday' }
}

/**
 * Reads a schedule file. A file may cover several years (chinese-days'
 * holidays.ics does): only `year`'s days are taken, and a file that covers
 * more than one year needs `year`.
 */
export function parseScheduleFile(
  text: string,
  format: ScheduleFormat,
  options: { year?: number; noticeNumber?: string | null; noticeDate?: string | null } = {},
): { schedule: YearSchedule | null; problems: ScheduleProblem[] } {
  const notice = { noticeNumber: options.noticeNumber ?? null, noticeDate: options.noticeDate ?? null }
  const fail = (message: string) => ({ schedule: null, problems: [{ field: 'file' as const, message }] })
  const days: { date: string; kind: DayKind; name: string }[] = []
  if (format === 'json') {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      return fail('文件不是有效的 JSON')
    }
    const d = data as Partial<YearSchedule> & { days?: { date: string; kind: string; name?: string }[] }
    if (!d || typeof d !== 'object') return fail('JSON 应为一个对象：{ "year", "noticeNumber", "noticeDate", "holidays": [{ "name", "from", "to" }], "workdays": [{ "name", "date" }] }')
    if (Array.isArray(d.holidays) || Array.isArray(d.workdays)) {
      const year = options.year ?? Number(d.year)
      const schedule: YearSchedule = {
        year,
        noticeNumber: typeof d.noticeNumber === 'string' ? d.noticeNumber : notice.noticeNumber,
        noticeDate: typeof d.noticeDate === 'string' ? d.noticeDate : notice.noticeDate,
        holidays: (d.holidays ?? []).map((h) => ({ name: String(h?.name ?? ''), from: String(h?.from ?? ''), to: String(h?.to ?? h?.from ?? '') })),
        workdays: (d.workdays ?? []).map((w) => ({ name: String(w?.name ?? ''), date: String(w?.date ?? '') })),
      }
      return { schedule, problems: checkSchedule(schedule) }
    }
    if (!Array.isArray(d.days)) return fail('JSON 中没有 holidays、workdays 或 days')
    for (const day of d.days) {
      const kind = kindOfLabel(String(day?.kind ?? ''))
      const date = normalizeDate(String(day?.date ?? ''))
      if (!kind || !date) return fail(`无法识别的日期项：${JSON.stringify(day)}`)
      days.push({ date, kind, name: String(day.name ?? '') })
    }
  } else if (format === 'csv') {
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
    for (const [i, line] of lines.entries()) {
      const [dateText = '', kindText = '', ...rest] = line.split(/\s*[,，\t]\s*/)
      const date = normalizeDate(dateText)
      const kind = kindOfLabel(kindText)
      if (i === 0 && !date) continue // header
      if (!date || !kind) return fail(`CSV 第 ${i + 1} 行「${line}」应为「日期,放假或上班,名称」`)
      days.push({ date, kind, name: rest.join(',').trim() })
    }
  } else {
    if (!/BEGIN:VCALENDAR/.test(text)) return fail('文件不是 iCalendar（缺少 BEGIN:VCALENDAR）')
    let event: { start?: string; end?: string; summary?: string } | null = null
    for (const line of unfoldIcs(text)) {
      if (line === 'BEGIN:VEVENT') event = {}
      else if (line === 'END:VEVENT' && event) {
        const start = event.start ? normalizeDate(event.start.replace(/^(\d{4})(\d{2})(\d{2}).*$/, '$1-$2-$3')) : null
        const endExclusive = event.end ? normalizeDate(event.end.replace(/^(\d{4})(\d{2})(\d{2}).*$/, '$1-$2-$3')) : null
        if (!start) return fail(`iCalendar 事件「${event.summary ?? ''}」缺少有效的 DTSTART`)
        const { name, kind } = icsDay(event.summary ?? '')
        const last = endExclusive && endExclusive > start ? addDays(endExclusive, -1) : start
        for (let d = start; d <= last; d = addDays(d, 1)) days.push({ date: d, kind, name })
        event = null
      } else if (event) {
        const [key = '', ...value] = line.split(':')
        const prop = key.split(';')[0]
        if (prop === 'DTSTART') event.start = value.join(':')
        else if (prop === 'DTEND') event.end = value.join(':')
        else if (prop === 'SUMMARY') event.summary = value.join(':').trim()
      }
    }
  }
  if (days.length === 0) return fail('文件中没有任何日期')
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))]
  const year = options.year ?? (years.length === 1 ? years[0]! : null)
  if (year === null) return fail(`文件包含 ${years.join('、')} 多个年度，请指定要导入的年度`)
  const ofYear = days.filter((d) => d.date.startsWith(`${year}-`))
  if (ofYear.length === 0) return fail(`文件中没有 ${year} 年的日期`)
  const schedule = fromDays(year, ofYear, notice)
  return { schedule, problems: checkSchedule(schedule) }
}
