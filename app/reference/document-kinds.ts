/**
 * The order in which document kinds are offered: the order of
 * shared/brief/glossary.md, which follows an inspection and a case from
 * start to end (Art. 8–14). Titles come from each form's manifest.
 */
export const documentKindOrder: readonly string[] = [
  'onsite-inspection-plan', 'onsite-inspection-record', 'rectification-order', 'onsite-measures-decision', 'rectification-review-opinion',
  'case-filing-approval', 'inquiry-notice', 'inquiry-record', 'site-examination-record', 'sampling-evidence-voucher',
  'penalty-notice', 'penalty-hearing-notice', 'statement-defense-record', 'legal-review-opinion', 'committee-minutes',
  'coercion-approval', 'coercion-decision', 'case-disposition-approval', 'onsite-penalty-decision', 'penalty-decision',
  'hearing-notice', 'hearing-record', 'hearing-report', 'service-receipt', 'case-closing-approval',
  'annual-plan', 'inspection-scheme', 'temporary-plan', 'inspection-summary',
]

/** Position of a kind in that order; unknown kinds go last, by key. */
export function documentKindRank(key: string): number {
  const i = documentKindOrder.indexOf(key)
  return i === -1 ? documentKindOrder.length : i
}
