/**
 * How a document is named where one must be told from another (a request's
 * target, a timeline entry, a choice list): its number, or, for a 笔录 issued
 * unnumbered, its title with its verification code, which is as unique.
 */
import { formatVerificationCode } from './verification-code.ts'

/** @example documentReference({ number: null, verificationCode: 'K7QX3M9P2TRW8VZ0', title: '询问笔录' }) // '询问笔录（验证码 K7QX-3M9P-2TRW-8VZ0）' */
export function documentReference(d: { number: string | null; verificationCode: string; title: string }): string {
  return d.number ?? `${d.title}（验证码 ${formatVerificationCode(d.verificationCode)}）`
}
