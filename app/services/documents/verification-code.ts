/**
 * Verification codes printed on documents: 16 characters of Crockford
 * base32 (no I, L, O, U), 80 random bits, shown in groups of four.
 */
import crypto from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function newVerificationCode(): string {
  const bytes = crypto.randomBytes(10)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

/** `ABCD-EFGH-JKMN-PQRS` */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-')
}

/** What a person types or a scanner reads → the stored form; null when it cannot be a code. */
export function normalizeVerificationCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? code : null
}
