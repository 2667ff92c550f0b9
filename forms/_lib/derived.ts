/**
 * Fields the system writes from others when a step's form is submitted
 * (form.json `derived`), so that what a definition reads keeps one place:
 * the 责令限期整改指令书 gives each item its own deadline, and the 整改复查
 * step counts from the latest of them (`order.deadline`). The target is an
 * `"x-system": true` field of the schema: validated and stored, never typed.
 */

/** `{ "latest": "findings.deadline" }`: the latest ISO date (YYYY-MM-DD) among the array's items. */
export interface DerivedRule {
  latest: string
}

export function derivedRuleProblems(rules: unknown): string[] {
  if (rules === undefined) return []
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return ['derived must map fields to rules']
  return Object.entries(rules as Record<string, unknown>).flatMap(([field, rule]) => {
    const latest = (rule as Partial<DerivedRule> | null)?.latest
    return typeof latest === 'string' && /^[\w]+\.[\w]+$/.test(latest) ? [] : [`derived.${field}: expected { "latest": "<array>.<field>" }`]
  })
}

/**
 * @example
 * derivedFields({ deadline: { latest: 'findings.deadline' } },
 *   { findings: [{ deadline: '2026-03-16' }, { deadline: '2026-03-30' }] }) // { deadline: '2026-03-30' }
 */
export function derivedFields(rules: Record<string, DerivedRule> | undefined, payload: unknown): Record<string, unknown> {
  if (!rules || !payload || typeof payload !== 'object') return {}
  const out: Record<string, unknown> = {}
  for (const [field, rule] of Object.entries(rules)) {
    const [array = '', key = ''] = rule.latest.split('.')
    const items = (payload as Record<string, unknown>)[array]
    if (!Array.isArray(items)) continue
    // ISO dates order as strings.
    const dates = items.map((item) => (item as Record<string, unknown> | null)?.[key]).filter((d): d is string => typeof d === 'string').sort()
    if (dates.length) out[field] = dates[dates.length - 1]
  }
  return out
}
