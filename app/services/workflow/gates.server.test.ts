import { describe, expect, it } from 'vitest'
import { engineGateRules, gateRules, passesGate } from './gates.server.ts'

describe('a gate step passes its gate at run time exactly as the deploy-time check assumes', () => {
  it('passes only with a named passing outcome: 同意 passes, 退回, 不予批准 and an outcome merely named like approval do not', () => {
    expect(passesGate('approve')).toBe(true)
    for (const outcome of ['return', 'reject', 'disapprove', 'approve ', 'refer-committee', '', null, undefined]) {
      expect(passesGate(outcome), String(outcome)).toBe(false)
    }
  })

  it('hands the same passing outcomes to the engine for the deploy-time check', () => {
    for (const rule of engineGateRules()) expect(rule.passingOutcomes).toEqual(gateRules().passingOutcomes)
  })
})
