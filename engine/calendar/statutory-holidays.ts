/**
 * China's statutory holidays and make-up working days (调休) as published
 * each year by the General Office of the State Council, taken from the npm
 * package chinese-days. docs/decisions/005-working-day-calendar.md records
 * how its data was checked against the notices.
 */
import { createRequire } from 'node:module'
import { addDays, dayOfWeek } from './dates.ts'
import type { CalendarDayRow, DayKind } from './working-calendar.ts'

const require = createRequire(import.meta.url)

interface ChineseDaysData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData
const version = (require('chinese-days/package.json') as { version: string }).version

export const HOLIDAY_SOURCE = `chinese-days@${version}`
export const WEEKDAY_SOURCE = 'weekday-rule'

/** The years the seed covers. */
export const SEED_YEARS = { from: 2020, to: 2026 } as const

/**
 * The State Council notices the seed years come from, as docs/decisions/005
 * lists them (文号 and date where known; null where the record has none).
 */
export const SEED_NOTICES: Record<number, { noticeNumber: string | null; noticeDate: string | null }> = {
  2020: { noticeNumber: '国办发明电〔2019〕16号、国办发明电〔2020〕1号（延长春节假期）', noticeDate: null },
  2021: { noticeNumber: '国办发明电〔2020〕27号', noticeDate: '2020-11-25' },
  2022: { noticeNumber: '国办发明电〔2021〕11号', noticeDate: '2021-10-25' },
  2023: { noticeNumber: '国办发明电〔2022〕16号', noticeDate: '2022-12-08' },
  2024: { noticeNumber: null, noticeDate: '2023-10-25' },
  2025: { noticeNumber: '国办发明电〔2024〕12号', noticeDate: '2024-11-12' },
  2026: { noticeNumber: null, noticeDate: '2025-11-04' },
}

export interface SeedDay extends CalendarDayRow {
  kind: DayKind
  name: string | null
  source: string
}

/** Entries look like "National Day,国庆节,3": English name, Chinese name, length of the holiday. */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry
}

/** Every day of the given years, classified. */
export function statutoryCalendarDays(fromYear: number, toYear: number): SeedDay[] {
  const days: SeedDay[] = []
  for (let date = `${fromYear}-01-01`; date <= `${toYear}-12-31`; date = addDays(date, 1)) {
    const holiday = data.holidays[date]
    const workday = data.workdays[date]
    if (holiday) days.push({ date, kind: 'holiday', name: chineseName(holiday), source: HOLIDAY_SOURCE })
    else if (workday) days.push({ date, kind: 'workday', name: `调休上班（${chineseName(workday)}）`, source: HOLIDAY_SOURCE })
    else {
      const weekend = [0, 6].includes(dayOfWeek(date))
      days.push({ date, kind: weekend ? 'holiday' : 'workday', name: null, source: WEEKDAY_SOURCE })
    }
  }
  return days
}
