import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { checkSchedule, parseHolidayLines, parseScheduleFile, parseWorkdayLines, scheduleDays } from './year-schedule.ts'
import { statutoryCalendarDays } from './statutory-holidays.ts'

const require = createRequire(import.meta.url)

describe('a year’s schedule as the notice states it, or from a file', () => {
  it('reads holiday ranges and make-up working days one a line, and refuses a line it cannot read in Chinese', () => {
    expect(parseHolidayLines('元旦 2027-01-01 至 2027-01-03\n春节：2027年2月5日~2027年2月11日\n清明节 2027-04-05')).toEqual({
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
        { name: '春节', from: '2027-02-05', to: '2027-02-11' },
        { name: '清明节', from: '2027-04-05', to: '2027-04-05' },
      ],
      problems: [],
    })
    expect(parseWorkdayLines('春节 2027-02-14、2027-02-20')).toEqual({ workdays: [{ name: '春节', date: '2027-02-14' }, { name: '春节', date: '2027-02-20' }], problems: [] })
    expect(parseHolidayLines('国庆 十月一日').problems[0]!.message).toContain('第 1 行')
  })

  it('rebuilds 2025 from chinese-days’ own iCalendar file exactly as the seed has it (a multi-year file needs the year)', () => {
    const ics = fs.readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8')
    expect(parseScheduleFile(ics, 'ics').problems[0]!.message).toMatch(/多个年度/)
    const { schedule, problems } = parseScheduleFile(ics, 'ics', { year: 2025, noticeNumber: '国办发明电〔2024〕12号', noticeDate: '2024-11-12' })
    expect(problems).toEqual([])
    const kinds = (days: { date: string; kind: string }[]) => days.map((d) => `${d.date}:${d.kind}`)
    expect(kinds(scheduleDays(schedule!))).toEqual(kinds(statutoryCalendarDays(2025, 2025)))
  })

  it('reads JSON ranges and CSV days, and refuses a date outside the year or a weekday make-up day', () => {
    const json = JSON.stringify({ year: 2027, noticeNumber: 'X', noticeDate: '2026-11-04', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], workdays: [{ name: '元旦', date: '2027-01-02' }] })
    expect(parseScheduleFile(json, 'json')).toMatchObject({ schedule: { year: 2027, workdays: [{ date: '2027-01-02' }] }, problems: [] })
    const csv = 'date,kind,name\n2027-01-01,放假,元旦\n2027-02-05,holiday,春节\n2027-02-06,休,春节\n2027-02-14,上班,春节\n'
    expect(parseScheduleFile(csv, 'csv').schedule).toMatchObject({ holidays: [{ name: '元旦' }, { name: '春节', from: '2027-02-05', to: '2027-02-06' }], workdays: [{ date: '2027-02-14' }] })
    const problems = checkSchedule({ year: 2027, noticeNumber: null, noticeDate: null, holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-01' }], workdays: [{ name: '元旦', date: '2027-01-04' }] })
    expect(problems.map((p) => p.message)).toEqual(['「元旦」2026-12-31 至 2027-01-01 不在 2027 年内', '2027-01-04 不是周六或周日，无需调休上班'])
  })
})
