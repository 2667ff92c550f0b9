import { describe, expect, it } from 'vitest'
import { buildCalendar } from './calendar/working-calendar.ts'
import { statutoryCalendarDays } from './calendar/statutory-holidays.ts'
import { computeDue, parseDue } from './due.ts'
import { ExpressionFailed } from './errors.ts'

const calendar = buildCalendar(statutoryCalendarDays(2025, 2026))
const start = new Date('2026-09-30T09:00:00+08:00')

describe('zf:due', () => {
  it('serves a decision dated 30 September 2026 within 7 working days: by 15 October, over the National Day holiday and its make-up Saturday', () => {
    const spec = parseDue('7 working days after = date(decision.issueDate)')
    if (!('kind' in spec)) throw new Error(spec.message)
    expect(computeDue(spec, start, () => calendar, { decision: { issueDate: '2026-09-30' } }).dueDate).toBe('2026-10-15')
  })

  it('takes the count of working days from an instance variable, e.g. a department\'s statement period', () => {
    const spec = parseDue('partyPeriods.statementDays working days after = date(notice.servedAt)')
    expect(spec).toMatchObject({ kind: 'working-days-after', daysVariable: 'partyPeriods.statementDays' })
    if (!('kind' in spec)) throw new Error(spec.message)
    const served = { notice: { servedAt: '2026-09-14T10:30:00+08:00' } }
    expect(computeDue(spec, start, () => calendar, { ...served, partyPeriods: { statementDays: 3 } }).dueDate).toBe('2026-09-17')
    expect(computeDue(spec, start, () => calendar, { ...served, partyPeriods: { statementDays: 5 } }).dueDate).toBe('2026-09-20')
  })

  it('fails loudly when that variable is missing or not a whole number of days', () => {
    const spec = parseDue('partyPeriods.statementDays working days after = date(notice.servedAt)')
    if (!('kind' in spec)) throw new Error(spec.message)
    const served = { notice: { servedAt: '2026-09-14T10:30:00+08:00' } }
    expect(() => computeDue(spec, start, () => calendar, served)).toThrow(ExpressionFailed)
    expect(() => computeDue(spec, start, () => calendar, { ...served, partyPeriods: { statementDays: 2.5 } })).toThrow(ExpressionFailed)
  })
})

