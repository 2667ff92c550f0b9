/**
 * Titles of step outcomes (zf:outcomes): the catalog's reference list
 * `outcomes`, shipped as catalog/reference/outcomes.json, which process
 * administrators extend with their definitions. A test of definitions/
 * checks that every outcome a shipped definition offers has a title.
 */
import baseline from '../../catalog/reference/outcomes.json'

function titlesOf(list: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(list).filter(([key, title]) => !key.startsWith('$') && typeof title === 'string')) as Record<string, string>
}

let activeTitles = titlesOf(baseline)

/** Installs the catalog's active list of outcome titles (app/services/catalog). */
export function installOutcomes(next: Record<string, unknown>): void {
  activeTitles = titlesOf(next)
}

/** Every outcome key with its Chinese name (the studio's outcome choices). */
export function outcomeTitles(): Record<string, string> {
  return { ...activeTitles }
}

export function outcomeTitle(outcome: string | null | undefined): string {
  return outcome ? activeTitles[outcome] ?? outcome : ''
}

/** Outcomes that send a step back or refuse it: they need a comment saying why. */
export const returningOutcomes = new Set(['return', 'reject'])
