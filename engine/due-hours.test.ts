import { describe, expect, it } from 'vitest'
import { computeDue, isExactDue, parseDue, type DueSpec } from './due.ts'
import { buildCalendar } from './calendar/working-calendar.ts'

const noCalendar = () => {
  throw new Error('an hours deadline needs no calendar')
}

function spec(text: string): DueSpec {
  const parsed = parseDue(text)
  if (!('kind' in parsed)) throw new Error(parsed.message)
  return parsed
}

describe('zf:due in hours (行政强制法 Art. 19: report and approval within 24 hours)', () => {
  it('should read "24 hours", "24 小时" and PT24H as the same exact deadline', () => {
    expect([spec('24 hours'), spec('24 小时'), spec('24 个小时'), spec('PT24H'), spec('1 hour')]).toEqual([
      { kind: 'hours', iso: 'PT24H' }, { kind: 'hours', iso: 'PT24H' }, { kind: 'hours', iso: 'PT24H' }, { kind: 'hours', iso: 'PT24H' }, { kind: 'hours', iso: 'PT1H' },
    ])
  })

  it('should make a step opened at 21:30 due at 21:30 the next day, not at the end of a day', () => {
    const due = computeDue(spec('24 小时'), new Date('2026-03-05T21:30:00+08:00'), noCalendar, {})
    expect([due.dueDate, due.dueAt.toISOString()]).toEqual(['2026-03-06', new Date('2026-03-06T21:30:00+08:00').toISOString()])
    expect(isExactDue(due.dueDate, due.dueAt)).toBe(true)
  })

  it('should count hours through weekends and holidays, as the law counts hours', () => {
    const due = computeDue(spec('PT24H'), new Date('2025-09-30T18:00:00+08:00'), noCalendar, {})
    expect(due.dueAt.toISOString()).toBe(new Date('2025-10-01T18:00:00+08:00').toISOString())
  })

  it('should keep every whole-day form as before: due at 00:00 after the due date, not exact', () => {
    const calendar = buildCalendar([])
    const start = new Date('2026-03-05T21:30:00+08:00')
    const cases = ['7 days', 'P7D', 'P1DT2H', '= date("2026-03-20")'].map((text) => computeDue(spec(text), start, () => calendar, {}))
    expect(cases.map((d) => [d.dueDate, d.dueAt.toISOString(), isExactDue(d.dueDate, d.dueAt)])).toEqual([
      ['2026-03-12', new Date('2026-03-13T00:00:00+08:00').toISOString(), false],
      ['2026-03-12', new Date('2026-03-13T00:00:00+08:00').toISOString(), false],
      ['2026-03-06', new Date('2026-03-07T00:00:00+08:00').toISOString(), false],
      ['2026-03-20', new Date('2026-03-21T00:00:00+08:00').toISOString(), false],
    ])
  })

  it('should refuse hours it cannot read, with a Chinese message', () => {
    const parsed = parseDue('24 hrs')
    expect('kind' in parsed).toBe(false)
    expect((parsed as { message: string }).message).toContain('N hours')
  })
})

describe('zf:due in hours after an instant the form gives (the 24 hours run from the on-the-spot measure, not from the report)', () => {
  it('should make the approval due 24 hours after the time the measure was taken', () => {
    const parsed = spec('24 hours after = date and time(proposal.implementedAt)')
    expect(parsed).toEqual({ kind: 'hours-after', iso: 'PT24H', expression: '= date and time(proposal.implementedAt)' })
    const due = computeDue(parsed, new Date('2026-03-05T23:00:00+08:00'), noCalendar, { proposal: { implementedAt: '2026-03-05T21:30:00+08:00' } })
    expect([due.dueDate, due.dueAt.toISOString(), isExactDue(due.dueDate, due.dueAt)]).toEqual(['2026-03-06', new Date('2026-03-06T21:30:00+08:00').toISOString(), true])
  })

  it('should fail clearly when the form gives no time', () => {
    expect(() => computeDue(spec('24 小时 after = proposal.implementedAt'), new Date(), noCalendar, { proposal: {} })).toThrow(/not a date-time/)
  })
})
