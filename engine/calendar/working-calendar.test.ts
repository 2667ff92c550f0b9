import { describe, expect, it } from 'vitest'
import { CalendarNotCovered } from '../errors.ts'
import { statutoryCalendarDays } from './statutory-holidays.ts'
import { addWorkingDays, countWorkingDays, isProvisional, buildCalendar, isWorkingDay, workingDaysBetween } from './working-calendar.ts'
import { addDays, dayOfWeek } from './dates.ts'

const calendar = buildCalendar(statutoryCalendarDays(2020, 2026))
const offDays = (from: string, to: string) => statutoryCalendarDays(Number(from.slice(0, 4)), Number(to.slice(0, 4)))
  .filter((d) => d.date >= from && d.date <= to && d.kind === 'holiday').map((d) => d.date)

describe('the 2025 holiday schedule (国办发明电〔2024〕12号)', () => {
  it('National Day and Mid-Autumn: 1–8 October off; Sunday 28 September and Saturday 11 October are workdays', () => {
    expect(offDays('2025-09-27', '2025-10-12')).toEqual([
      '2025-09-27', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-12',
    ])
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true)
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true)
  })

  it('Spring Festival: 28 January to 4 February off; Sunday 26 January and Saturday 8 February are workdays', () => {
    expect(offDays('2025-01-28', '2025-02-04')).toHaveLength(8)
    expect([isWorkingDay(calendar, '2025-01-26'), isWorkingDay(calendar, '2025-02-08'), isWorkingDay(calendar, '2025-02-05')]).toEqual([true, true, true])
  })

  it('Labour Day 1–5 May with Sunday 27 April worked; Dragon Boat 31 May to 2 June', () => {
    expect(offDays('2025-05-01', '2025-05-05')).toHaveLength(5)
    expect(isWorkingDay(calendar, '2025-04-27')).toBe(true)
    expect(offDays('2025-05-31', '2025-06-02')).toHaveLength(3)
  })

  it('a 3-working-day review sent on 30 September is due 11 October; 1 working day later is 9 October', () => {
    expect(addWorkingDays(calendar, '2025-09-30', 3)).toBe('2025-10-11')
    expect(addWorkingDays(calendar, '2025-09-30', 1)).toBe('2025-10-09')
    expect(workingDaysBetween(calendar, '2025-09-30', '2025-10-11')).toBe(3)
    expect(workingDaysBetween(calendar, '2025-09-30', '2025-10-12')).toBe(3)
  })
})

describe('the 2026 holiday schedule (国务院办公厅 2025年11月4日通知)', () => {
  it('New Year 1–3 January off, Sunday 4 January worked', () => {
    expect(offDays('2026-01-01', '2026-01-03')).toHaveLength(3)
    expect(isWorkingDay(calendar, '2026-01-04')).toBe(true)
  })

  it('Spring Festival 15–23 February off; Saturdays 14 and 28 February worked', () => {
    expect(offDays('2026-02-14', '2026-02-28')).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ])
    expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-14')
    expect(addWorkingDays(calendar, '2026-02-14', 1)).toBe('2026-02-24')
  })

  it('Labour Day 1–5 May with Saturday 9 May worked; Mid-Autumn 25–27 September; National Day 1–7 October with 20 September and 10 October worked', () => {
    expect(offDays('2026-05-01', '2026-05-05')).toHaveLength(5)
    expect(isWorkingDay(calendar, '2026-05-09')).toBe(true)
    expect(offDays('2026-09-25', '2026-09-27')).toHaveLength(3)
    expect(offDays('2026-10-01', '2026-10-07')).toHaveLength(7)
    expect([isWorkingDay(calendar, '2026-09-20'), isWorkingDay(calendar, '2026-10-10')]).toEqual([true, true])
  })
})

describe('working-day arithmetic', () => {
  it('counts backwards for "at least N working days before", e.g. an inspection plan 2 working days ahead', () => {
    expect(addWorkingDays(calendar, '2025-10-09', -2)).toBe('2025-09-29')
    expect(workingDaysBetween(calendar, '2025-10-09', '2025-09-29')).toBe(-2)
  })

  it('workingDaysBetween undoes addWorkingDays over every start date of 2025', () => {
    for (let d = new Date('2025-01-01T00:00:00Z'); d.getUTCFullYear() === 2025; d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10)
      for (const n of [1, 3, 7, 10]) expect(workingDaysBetween(calendar, date, addWorkingDays(calendar, date, n))).toBe(n)
    }
  })

  it('past the last entered year counts on the provisional calendar and says so: 2026-12-29 + 3 working days = 2027-01-04 (暂定)', () => {
    expect(countWorkingDays(calendar, '2026-12-29', 3)).toEqual({ date: '2027-01-04', provisional: true })
    expect(countWorkingDays(calendar, '2026-12-25', 3)).toEqual({ date: '2026-12-30', provisional: false })
    expect(isProvisional(calendar, '2027-01-04')).toBe(true)
    expect(isProvisional(calendar, '2026-12-31')).toBe(false)
  })

  it('refuses only absurd dates: before the first entered day, or decades past the last entered year', () => {
    expect(() => workingDaysBetween(calendar, '2019-12-30', '2020-01-03')).toThrow(CalendarNotCovered)
    expect(() => addWorkingDays(buildCalendar([]), '2025-09-30', 1)).toThrow(/未覆盖 2025-10-01/)
    expect(isProvisional(calendar, '2056-12-31')).toBe(true)
    expect(() => isWorkingDay(calendar, '2057-01-01')).toThrow(/超出可推算的范围/)
  })

  it('rejects dates that are not dates', () => {
    expect(() => addWorkingDays(calendar, '2025-02-30', 1)).toThrow(TypeError)
  })
})

// Every special day of 2021–2023 as the notices list them (checked 2026-11-27 against
// reproductions of 国办发明电〔2020〕27号, 〔2021〕11号 and 〔2022〕16号; ADR 005), so a
// chinese-days update that drifts from the notices fails here.
describe('the 2021–2023 holiday schedules, every special day as the State Council notices list them', () => {
  const range = (from: string, to: string) => {
    const days: string[] = []
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d)
    return days
  }
  const weekend = (date: string) => [0, 6].includes(dayOfWeek(date))
  const notices: Record<number, { off: Array<[string, string]>; worked: string[] }> = {
    2021: {
      off: [['2021-01-01', '2021-01-03'], ['2021-02-11', '2021-02-17'], ['2021-04-03', '2021-04-05'], ['2021-05-01', '2021-05-05'], ['2021-06-12', '2021-06-14'], ['2021-09-19', '2021-09-21'], ['2021-10-01', '2021-10-07']],
      worked: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
    },
    2022: {
      off: [['2022-01-01', '2022-01-03'], ['2022-01-31', '2022-02-06'], ['2022-04-03', '2022-04-05'], ['2022-04-30', '2022-05-04'], ['2022-06-03', '2022-06-05'], ['2022-09-10', '2022-09-12'], ['2022-10-01', '2022-10-07'], ['2022-12-31', '2022-12-31']],
      worked: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
    },
    2023: {
      off: [['2023-01-01', '2023-01-02'], ['2023-01-21', '2023-01-27'], ['2023-04-05', '2023-04-05'], ['2023-04-29', '2023-05-03'], ['2023-06-22', '2023-06-24'], ['2023-09-29', '2023-10-06']],
      worked: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
    },
  }
  for (const [year, notice] of Object.entries(notices)) {
    it(`${year}: the holidays and the make-up workdays, and no other special day`, () => {
      const special = statutoryCalendarDays(Number(year), Number(year)).filter((d) => (d.kind === 'holiday') !== weekend(d.date))
      const off = notice.off.flatMap(([from, to]) => range(from, to)).filter((d) => !weekend(d))
      expect(special.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual(off)
      expect(special.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(notice.worked)
    })
  }
})
