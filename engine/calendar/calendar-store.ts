/**
 * The working-day calendar in the database: seeding (idempotent, never
 * overwriting a day an administrator has edited) and loading.
 */
import type { DbOrTx } from '../../prisma/client.ts'
import type { Clock } from '../clock.ts'
import { systemClock } from '../clock.ts'
import { HOLIDAY_SOURCE, SEED_NOTICES, SEED_YEARS, statutoryCalendarDays } from './statutory-holidays.ts'
import { buildCalendar, type WorkingCalendar } from './working-calendar.ts'

/**
 * Inserts the days of the seed years that are not in the table yet, and
 * records those years as entered (CalendarYear, with their notices) under a
 * new calendar version when anything was added. Safe to call at every
 * start-up: existing rows, including administrators' edits, are kept.
 */
export async function seedCalendar(
  db: DbOrTx,
  { from = SEED_YEARS.from, to = SEED_YEARS.to, clock = systemClock }: { from?: number; to?: number; clock?: Clock } = {},
): Promise<{ inserted: number; kept: number }> {
  const days = statutoryCalendarDays(from, to)
  const existing = await db.calendarDay.findMany({
    where: { date: { gte: `${from}-01-01`, lte: `${to}-12-31` } },
    select: { date: true },
  })
  const have = new Set(existing.map((row) => row.date))
  const missing = days.filter((day) => !have.has(day.date))
  const updatedAt = clock.now()
  // Chunked: PostgreSQL and SQLite both limit bound parameters per statement.
  for (let i = 0; i < missing.length; i += 500) {
    await db.calendarDay.createMany({ data: missing.slice(i, i + 500).map((day) => ({ ...day, updatedAt })) })
  }
  const years = await db.calendarYear.findMany({ where: { year: { gte: from, lte: to } }, select: { year: true } })
  const haveYears = new Set(years.map((y) => y.year))
  const missingYears: number[] = []
  for (let year = from; year <= to; year++) if (!haveYears.has(year)) missingYears.push(year)
  if (missing.length || missingYears.length) {
    // A new version, so that every process with the calendar cached reloads it.
    const { version } = await db.calendarVersion.create({
      data: { year: null, note: `内置数据 ${from}–${to}（${HOLIDAY_SOURCE}）`, changes: '[]', moved: '[]', createdById: null, createdByName: 'system', createdAt: updatedAt },
    })
    await db.calendarYear.createMany({
      data: missingYears.map((year) => ({ year, noticeNumber: SEED_NOTICES[year]?.noticeNumber ?? null, noticeDate: SEED_NOTICES[year]?.noticeDate ?? null, source: 'seed', version, updatedAt })),
    })
  }
  return { inserted: missing.length, kept: have.size }
}

/**
 * The calendar's version: the highest CalendarVersion, 0 before any. Every
 * change of the calendar adds a version, so a process that cached the
 * calendar reloads it when this number moved (a cheap read per request).
 */
export async function calendarVersion(db: DbOrTx): Promise<number> {
  const { _max } = await db.calendarVersion.aggregate({ _max: { version: true } })
  return _max.version ?? 0
}

export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.calendarDay.findMany({ select: { date: true, kind: true } })
  return buildCalendar(rows)
}
