/**
 * Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai. China has one
 * time zone and no daylight saving, so a Shanghai date is the UTC instant
 * shifted by eight hours; deadlines are days, not instants.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000
const DAY_MS = 24 * 3600_000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** 00:00 in Shanghai on that date, as an instant. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(`${assertDate(date)}T00:00:00+08:00`)
}

export function isDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text)
  if (!m) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

export function assertDate(text: string): string {
  if (!isDate(text)) throw new TypeError(`not a date (YYYY-MM-DD): ${text}`)
  return text
}

/** The date `days` days after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}
