/**
 * A step's deadline as every page shows it: the date for whole-day
 * deadlines (unchanged), the date and time for exact ones (hours, e.g. the
 * 24-hour report after an on-the-spot coercive measure, 行政强制法第十九条).
 */
import { isExactDue } from '../../../engine/index.ts'

const SHANGHAI_OFFSET_MS = 8 * 3600_000

export function dueLabel(dueDate: string | null, dueAt: Date | null): string | null {
  if (!dueDate) return null
  if (!isExactDue(dueDate, dueAt)) return dueDate
  return new Date(dueAt!.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 16)
}
