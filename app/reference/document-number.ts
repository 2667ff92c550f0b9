/**
 * What lists and pages show for a document's number. A 笔录 issued while its
 * department leaves transcripts unnumbered (the national formats do not
 * number 询问笔录, 陈述申辩笔录, 听证笔录) has none.
 */
export const UNNUMBERED = '不编号（笔录）'

/** @example documentNumberText(null) // '不编号（笔录）' */
export function documentNumberText(number: string | null): string {
  return number ?? UNNUMBERED
}
