/**
 * ISO 8601 durations (P90D, P1M, PT2H) and dates for timers, computed with
 * our clock instead of bpmn-engine's wall clock. Calendar parts (years,
 * months, days) are added on the Asia/Shanghai calendar.
 */

export interface IsoDuration {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
const SHANGHAI_OFFSET_MS = 8 * 3600_000

export function parseIsoDuration(text: string): IsoDuration | null {
  const trimmed = text.trim()
  const m = DURATION.exec(trimmed)
  if (!m || trimmed === 'P' || trimmed.endsWith('T')) return null
  const n = (i: number) => Number(m[i] ?? 0)
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) }
}

/** `instant` plus the duration, with calendar parts added on Shanghai wall-clock time. */
export function addIsoDuration(instant: Date, d: IsoDuration): Date {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS)
  if (d.years || d.months) {
    const day = local.getUTCDate()
    local.setUTCDate(1)
    local.setUTCMonth(local.getUTCMonth() + d.months + 12 * d.years)
    // 31 January + P1M is the last day of February, not 3 March.
    const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate()
    local.setUTCDate(Math.min(day, lastDay))
  }
  const ms = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000
  return new Date(local.getTime() + ms - SHANGHAI_OFFSET_MS)
}

/** An ISO date or date-time; a bare date means 00:00 in Shanghai. */
export function parseIsoInstant(text: string): Date | null {
  const trimmed = text.trim()
  const value = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+08:00` : trimmed
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : new Date(time)
}
