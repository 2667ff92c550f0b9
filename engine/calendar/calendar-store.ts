/**
 * The working-day calendar in the database: seeding (idempotent, never
 * overwriting a day an administrator has edited) and loading.
 */
import type { DbOrTx } from '../../prisma/client.ts'
import type { Clock } from '../clock.ts'
import { systemClock } from '../clock.ts'
import { SEED_YEARS, statutoryCalendarDays } from './statutory-holidays.ts'
import { buildCalendar, type WorkingCalendar } from './working-calendar.ts'

/**
 * Inserts the days of the seed years that are not in the table yet. Safe to
 * call at every start-up: existing rows, including administrators' edits,
 * are kept as they are.
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
  return { inserted: missing.length, kept: have.size }
}

export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.calendarDay.findMany({ select: { date: true, kind: true } })
  return buildCalendar(rows)
}
