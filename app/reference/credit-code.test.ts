import { describe, expect, it } from 'vitest'
import { creditCodeCheckChar, isValidCreditCode, makeCreditCode } from './credit-code.ts'

describe('统一社会信用代码 check characters (GB 32100-2015)', () => {
  it('should accept published codes of real enterprises', () => {
    // Published on the national enterprise credit publicity system.
    expect(isValidCreditCode('91110000802100433B')).toBe(true) // 中国石油化工股份有限公司
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true)
  })

  it('should refuse a code whose last character was altered', () => {
    expect(isValidCreditCode('91110000802100433C')).toBe(false)
  })

  it('should refuse letters that the standard excludes (I, O, S, V, Z)', () => {
    expect(isValidCreditCode('91110000802100433I')).toBe(false)
  })

  it('should build codes that validate', () => {
    const code = makeCreditCode('91', '654021', '31234567')
    expect(code).toHaveLength(18)
    expect(isValidCreditCode(code)).toBe(true)
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17])
  })
})
