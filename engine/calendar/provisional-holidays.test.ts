import { describe, expect, it } from 'vitest'
import { provisionalHolidays, provisionalYear } from './provisional-holidays.ts'
import { statutoryCalendarDays } from './statutory-holidays.ts'

const named = (year: number) => Object.fromEntries(provisionalHolidays(year))

describe('the provisional calendar of 《全国年节及纪念日放假办法》 (2024 revision)', () => {
  it('2027: 元旦 1 day, 春节 除夕–正月初三 with Art. 6 make-up days after the weekend, 清明, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 October', () => {
    expect(named(2027)).toEqual({
      '2027-01-01': '元旦',
      // 除夕 Friday 5 February, 初一–初三 6–8 February; Saturday 6 and Sunday 7 are made up on 9 and 10 February.
      '2027-02-05': '春节', '2027-02-06': '春节', '2027-02-07': '春节', '2027-02-08': '春节', '2027-02-09': '春节补假', '2027-02-10': '春节补假',
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节', '2027-05-02': '劳动节', '2027-05-03': '劳动节补假', '2027-05-04': '劳动节补假',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节', '2027-10-02': '国庆节', '2027-10-03': '国庆节', '2027-10-04': '国庆节补假', '2027-10-05': '国庆节补假',
    })
  })

  it('a year has 13 statutory days off (fewer only when two festivals fall on the same day), each on a day the provisional calendar rests', () => {
    for (let year = 2027; year <= 2060; year++) {
      const days = provisionalYear(year)
      expect(days).toHaveLength(year % 4 === 0 ? 366 : 365)
      const festivals = [...provisionalHolidays(year).values()].filter((name) => !name.endsWith('补假'))
      expect(festivals.length).toBeLessThanOrEqual(13)
      expect(festivals.length).toBeGreaterThanOrEqual(12)
      for (const day of days) if (day.name) expect(day.kind).toBe('holiday')
    }
  })

  it('places every festival of 2025 and 2026 where the State Council notices put them', () => {
    for (const year of [2025, 2026]) {
      const entered = new Map(statutoryCalendarDays(year, year).map((d) => [d.date, d]))
      for (const [date, name] of provisionalHolidays(year)) {
        if (name.endsWith('补假')) continue
        expect(entered.get(date), `${date} ${name}`).toMatchObject({ kind: 'holiday' })
      }
    }
  })
})
