/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters — registration authority
 * (1), entity kind (1), administrative division (6), organisation code
 * (9, itself ending in a GB 11714 check character) and a final check
 * character over the first 17.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i] ?? '')
    if (value < 0) throw new Error(`invalid character in credit code: ${first17[i]}`)
    sum += value * WEIGHTS[i]!
  }
  return CHARSET[(31 - (sum % 31)) % 31]!
}

/** GB 11714 check character of an 8-character organisation code body. */
export function organisationCodeCheckChar(body8: string): string {
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = body8[i] ?? ''
    const value = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55
    sum += value * ORG_WEIGHTS[i]!
  }
  const check = 11 - (sum % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  return creditCodeCheckChar(code.slice(0, 17)) === code[17]
}

/** Builds a valid code from its parts, e.g. for demo data. */
export function makeCreditCode(kind: string, division: string, orgBody8: string): string {
  const first17 = `${kind}${division}${orgBody8}${organisationCodeCheckChar(orgBody8)}`
  return first17 + creditCodeCheckChar(first17)
}
