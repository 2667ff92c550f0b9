/**
 * The provisional calendar of a year whose State Council schedule is not
 * entered yet: weekends, the statutory holidays of 《全国年节及纪念日放假办法》
 * (2024 revision, Art. 2) and the make-up rest days of its Art. 6 ("全体公民
 * 放假的假日，如果适逢星期六、星期日，应当在工作日补假"). The make-up working
 * days (调休上班) the yearly notice adds cannot be foreseen and are not
 * guessed: a provisional year has none. Lunar dates and 清明 come from
 * chinese-days' lunar and solar-term functions.
 * docs/decisions/018-calendar-versions-and-provisional-years.md
 */
import chineseDays from 'chinese-days'
import { addDays, dayOfWeek } from './dates.ts'
import type { DayKind } from './working-calendar.ts'

interface ChineseDaysLunar {
  getSolarDateFromLunar(lunarDate: string): { date: string; leapMonthDate?: string }
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string
}

// The default export: the CommonJS object in Node, the ES build's default in a bundle (the studio checks deadlines in the browser).
const lunar: ChineseDaysLunar = chineseDays

/** chinese-days' lunar tables end with 2100; the last Spring Festival eve they can place is that of 2099. */
export const PROVISIONAL_LAST_YEAR = 2099

export interface ProvisionalDay {
  date: string
  kind: DayKind
  /** The festival, 「<festival>补假」 for an Art. 6 make-up rest day, null for an ordinary day. */
  name: string | null
}

const cache = new Map<number, ReadonlyMap<string, string>>()

function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date)
  return dow === 0 || dow === 6
}

/** Art. 2 of the 办法 (2024 revision): the days every citizen has off, by date. */
function statutoryDays(year: number): Map<string, string> {
  const days = new Map<string, string>()
  const springFestival = lunar.getSolarDateFromLunar(`${year}-01-01`).date
  const add = (date: string, name: string) => days.set(date, name)
  add(`${year}-01-01`, '元旦')
  // 除夕 is the day before 正月初一 (the 29th or 30th of the twelfth month, whichever ends it).
  for (let i = -1; i <= 2; i++) add(addDays(springFestival, i), '春节')
  add(lunar.getSolarTermDate(year, 4, 'pure_brightness'), '清明节')
  add(`${year}-05-01`, '劳动节')
  add(`${year}-05-02`, '劳动节')
  add(lunar.getSolarDateFromLunar(`${year}-05-05`).date, '端午节')
  add(lunar.getSolarDateFromLunar(`${year}-08-15`).date, '中秋节')
  for (const d of ['10-01', '10-02', '10-03']) add(`${year}-${d}`, '国庆节')
  return days
}

/**
 * The rest days of a provisional year other than weekends: the statutory
 * holidays and, for each one on a Saturday or Sunday, a make-up rest day on
 * the first following working day not already taken (Art. 6).
 */
export function provisionalHolidays(year: number): ReadonlyMap<string, string> {
  const known = cache.get(year)
  if (known) return known
  const holidays = statutoryDays(year)
  const rest = new Map(holidays)
  for (const [date, name] of [...holidays].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isWeekend(date)) continue
    let makeUp = addDays(date, 1)
    while (isWeekend(makeUp) || rest.has(makeUp)) makeUp = addDays(makeUp, 1)
    rest.set(makeUp, `${name}补假`)
  }
  cache.set(year, rest)
  return rest
}

/** A day of the provisional calendar. */
export function provisionalDay(date: string): ProvisionalDay {
  const name = provisionalHolidays(Number(date.slice(0, 4))).get(date) ?? null
  return { date, kind: name || isWeekend(date) ? 'holiday' : 'workday', name }
}

/** Every day of a provisional year. */
export function provisionalYear(year: number): ProvisionalDay[] {
  const days: ProvisionalDay[] = []
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) days.push(provisionalDay(date))
  return days
}
