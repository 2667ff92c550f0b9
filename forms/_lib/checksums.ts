/**
 * Check characters of Chinese identifiers, so a typo is caught on the form
 * instead of on a served document.
 */

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet;
 * the last one is a mod-31 check character over the first 17.
 *
 * @example
 * isValidCreditCode('91650100MA77PY4H3L') // true or false by its check character
 */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  return creditCodeCheckChar(code.slice(0, 17)) === code[17]
}

export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/**
 * 公民身份号码 (GB 11643-1999): 18 characters, a valid birth date at
 * positions 7–14 and a mod-11 check character (0–9 or X).
 */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false
  return idNumberCheckChar(id.slice(0, 17)) === id[17]
}

export function idNumberCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11]!
}
