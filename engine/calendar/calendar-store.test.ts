import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { calendarVersion, loadCalendar, seedCalendar } from './calendar-store.ts'
import { addWorkingDays, isWorkingDay } from './working-calendar.ts'

describeEachDatabase('the calendar table is seeded for 2020–2026 and editable', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('seeding inserts every day of 2020–2026 once, with its source', async () => {
    expect(await seedCalendar(ctx.db, { clock })).toEqual({ inserted: 2557, kept: 0 })
    const nationalDay = await ctx.db.calendarDay.findUniqueOrThrow({ where: { date: '2025-10-01' } })
    expect(nationalDay).toMatchObject({ kind: 'holiday', name: '国庆节', source: 'chinese-days@1.5.7' })
    expect(await ctx.db.calendarDay.findUniqueOrThrow({ where: { date: '2025-10-11' } })).toMatchObject({ kind: 'workday', name: '调休上班（国庆节）' })
    const years = await ctx.db.calendarYear.findMany({ orderBy: { year: 'asc' } })
    expect(years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026])
    expect(years.find((y) => y.year === 2025)).toMatchObject({ noticeNumber: '国办发明电〔2024〕12号', noticeDate: '2024-11-12', source: 'seed' })
    expect(await calendarVersion(ctx.db)).toBe(years[0]!.version)
  })

  it('seeding again changes nothing and keeps an administrator’s edit', async () => {
    await ctx.db.calendarDay.update({ where: { date: '2025-10-09' }, data: { kind: 'holiday', name: '地方性停工', source: 'admin' } })
    const version = await calendarVersion(ctx.db)
    expect(await seedCalendar(ctx.db, { clock })).toEqual({ inserted: 0, kept: 2557 })
    expect(await calendarVersion(ctx.db), 'nothing added, no new version').toBe(version)
    const calendar = await loadCalendar(ctx.db)
    expect(isWorkingDay(calendar, '2025-10-09')).toBe(false)
    expect(addWorkingDays(calendar, '2025-09-30', 1)).toBe('2025-10-10')
  })
})
