import { describe, expect, it } from 'vitest'
import { checkPeriod, parsePeriod } from './party-period.ts'

describe('zf:period', () => {
  const spec = { field: 'requested', equals: false, waiverField: 'waiver' }

  it('reads "<field> = <value> until due unless <waiver field>", with dotted fields and JSON literals', () => {
    expect(parsePeriod('requested = false until due unless waiver')).toEqual(spec)
    expect(parsePeriod('answer.kind = "none" until due unless answer.waiver')).toEqual({ field: 'answer.kind', equals: 'none', waiverField: 'answer.waiver' })
  })

  it('refuses anything else with a stable code', () => {
    expect(parsePeriod('requested = false')).toMatchObject({ code: 'PERIOD_INVALID' })
    expect(parsePeriod('= not(requested) until due unless waiver')).toMatchObject({ code: 'PERIOD_INVALID' })
  })

  it('refuses "no hearing requested" up to and including the last day of the period, in Chinese, naming that day', () => {
    const error = checkPeriod(spec, { requested: false }, '2026-10-15', '2026-10-15', '听证申请登记')
    expect(error).toEqual({ path: '/requested', message: expect.stringContaining('当事人的法定期限至 2026-10-15 届满') })
    expect(error!.message).toContain('「听证申请登记」不能登记为当事人未提出')
    expect(checkPeriod(spec, { requested: false }, '2026-10-15', '2026-09-30', '听证申请登记')).not.toBeNull()
  })

  it('accepts it the day after the period ends, or earlier with the party\'s written waiver', () => {
    expect(checkPeriod(spec, { requested: false }, '2026-10-15', '2026-10-16', '听证申请登记')).toBeNull()
    expect(checkPeriod(spec, { requested: false, waiver: { date: '2026-10-09', partySignature: { name: '王建国', date: '2026-10-09' } } }, '2026-10-15', '2026-10-09', '听证申请登记')).toBeNull()
  })

  it('never stands in the way of the party acting within the period, nor of a step without a due date', () => {
    expect(checkPeriod(spec, { requested: true }, '2026-10-15', '2026-10-09', '听证申请登记')).toBeNull()
    expect(checkPeriod(spec, { requested: false }, null, '2026-10-09', '听证申请登记')).toBeNull()
    expect(checkPeriod(spec, { requested: false, waiver: {} }, '2026-10-15', '2026-10-09', '听证申请登记')).not.toBeNull()
  })

  it('takes as a waiver only its date with a scan or the party\'s signature', () => {
    const at = (waiver: unknown) => checkPeriod(spec, { requested: false, waiver }, '2026-10-15', '2026-10-09', '听证申请登记')
    expect(at({ date: '2026-10-09' })).not.toBeNull()
    expect(at({ partySignature: { name: '王建国', date: '2026-10-09' } })).not.toBeNull()
    expect(at({ date: '2026-10-09', scan: '' })).not.toBeNull()
    expect(at({ date: '2026-10-09', scan: 'data:image/png;base64,iVBORw0KGgo=' })).toBeNull()
  })
})
