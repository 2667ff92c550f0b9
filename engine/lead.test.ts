import { describe, expect, it } from 'vitest'
import { buildCalendar } from './calendar/working-calendar.ts'
import { statutoryCalendarDays } from './calendar/statutory-holidays.ts'
import { checkLead, parseLead } from './lead.ts'

const calendar = buildCalendar(statutoryCalendarDays(2025, 2026))

describe('zf:lead', () => {
  it('reads working days and calendar days before a (dotted) form field, in English or Chinese', () => {
    expect(parseLead('2 working days before plannedDate')).toEqual({ days: 2, unit: 'working-days', field: 'plannedDate' })
    expect(parseLead('2 个工作日 before plannedDate')).toEqual({ days: 2, unit: 'working-days', field: 'plannedDate' })
    expect(parseLead('7 days before hearing.time')).toEqual({ days: 7, unit: 'days', field: 'hearing.time' })
  })

  it('refuses anything else with a stable code', () => {
    expect(parseLead('two days ahead')).toMatchObject({ code: 'LEAD_INVALID' })
    expect(parseLead('2 working days before = date(x)')).toMatchObject({ code: 'LEAD_INVALID' })
  })

  it('lets a hearing notice be served 7 days before the hearing, counting the hearing day by its date in Shanghai, and not 6', () => {
    const spec = { days: 7, unit: 'days' as const, field: 'hearingTime' }
    const payload = { hearingTime: '2026-03-25T10:00:00+08:00' }
    expect(checkLead(spec, payload, '2026-03-18', () => calendar)).toBeNull()
    expect(checkLead(spec, payload, '2026-03-19', () => calendar)).toEqual({ path: '/hearingTime', message: expect.stringContaining('最迟应在 2026-03-18 提交') })
  })

  it('counts a hearing notice 7 working days before the hearing across the National Day holiday, from either side (行政处罚法 Art. 64, 85)', () => {
    const spec = parseLead('7 working days before hearingTime')
    if (!('field' in spec)) throw new Error(spec.message)
    // 1–7 October 2026 off, Saturday 10 October a make-up working day: 8, 9, 10, 12, 13, 14, 15 are the 7 working days before the 16th.
    expect(checkLead(spec, { hearingTime: '2026-10-16T09:30:00+08:00' }, '2026-09-30', () => calendar)).toBeNull()
    expect(checkLead(spec, { hearingTime: '2026-10-16T09:30:00+08:00' }, '2026-10-08', () => calendar)).toBeNull()
    expect(checkLead(spec, { hearingTime: '2026-10-16T09:30:00+08:00' }, '2026-10-09', () => calendar)).toEqual({ path: '/hearingTime', message: expect.stringContaining('7 个工作日前') })
    // A hearing on 8 October has the holiday and Mid-Autumn (25 September) on its near side: the notice had to be out by 21 September.
    expect(checkLead(spec, { hearingTime: '2026-10-08T09:30:00+08:00' }, '2026-09-21', () => calendar)).toBeNull()
    expect(checkLead(spec, { hearingTime: '2026-10-08T09:30:00+08:00' }, '2026-09-30', () => calendar)).toEqual({ path: '/hearingTime', message: expect.stringContaining('最迟应在 2026-09-21 提交') })
  })

  it('leaves a missing or unreadable date to the form', () => {
    const spec = { days: 2, unit: 'working-days' as const, field: 'plannedDate' }
    expect(checkLead(spec, {}, '2026-03-02', () => calendar)).toBeNull()
    expect(checkLead(spec, { plannedDate: '2026-02-30' }, '2026-03-02', () => calendar)).toBeNull()
  })
})
