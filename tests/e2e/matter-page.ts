/**
 * The matter's page as each person last saw it. Submitting a step lands on
 * the matter's page, freshly loaded; the next step of the same person starts
 * from there without loading it again, unless someone acted on the matter
 * since (each person has a page of their own, see fixtures.ts `desk`).
 */
import type { Page } from '@playwright/test'

const actions = new Map<string, number>()
const seen = new WeakMap<Page, Map<string, number>>()

function matterOf(page: Page): string | null {
  return /^\/matters\/([a-z0-9]{20,})$/.exec(new URL(page.url()).pathname)?.[1] ?? null
}

/** The page just acted on the matter it now shows (a step submitted, a decision taken, a matter opened). */
export function acted(page: Page) {
  const matterId = matterOf(page)
  if (!matterId) return
  const count = (actions.get(matterId) ?? 0) + 1
  actions.set(matterId, count)
  if (!seen.has(page)) seen.set(page, new Map())
  seen.get(page)!.set(matterId, count)
}

/** Shows the matter's page, loading it only when what the page shows may be out of date. */
export async function showMatter(page: Page, matterId: string) {
  const current = matterOf(page) === matterId && seen.get(page)?.get(matterId) === (actions.get(matterId) ?? 0)
  if (current) return
  await page.goto(`/matters/${matterId}`)
  if (!seen.has(page)) seen.set(page, new Map())
  seen.get(page)!.set(matterId, actions.get(matterId) ?? 0)
}
