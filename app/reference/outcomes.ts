/**
 * Titles of step outcomes (zf:outcomes), from definitions/outcomes.json —
 * the file process administrators extend with their definitions. A test of
 * definitions/ checks that every outcome a definition offers has a title.
 */
import titles from '../../definitions/outcomes.json'

const outcomeTitles = Object.fromEntries(Object.entries(titles).filter(([key]) => !key.startsWith('$'))) as Record<string, string>

export function outcomeTitle(outcome: string | null | undefined): string {
  return outcome ? outcomeTitles[outcome] ?? outcome : ''
}

/** Outcomes that send a step back or refuse it: they need a comment saying why. */
export const returningOutcomes = new Set(['return', 'reject'])
