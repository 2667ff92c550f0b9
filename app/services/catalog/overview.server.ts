/**
 * What the catalog page lists: every item with its active, baseline and
 * available (可更新) versions, and the statutory gates, read-only.
 */
import type { Db } from '../../../prisma/client.ts'
import { gateRules } from '../workflow/gates.server.ts'
import { kindTitles, type CatalogKind } from './kinds.ts'

export interface CatalogRow {
  kind: CatalogKind
  kindTitle: string
  key: string
  activeVersion: number
  baselineVersion: number | null
  availableVersion: number | null
  updatedByName: string | null
  updatedAt: string
}

export async function catalogOverview(db: Db): Promise<{ items: CatalogRow[]; gates: Array<{ key: string; title: string; basis: string }> }> {
  const items = await db.catalogItem.findMany({ orderBy: [{ kind: 'asc' }, { key: 'asc' }] })
  const rules = gateRules()
  return {
    items: items.map((i) => ({
      kind: i.kind as CatalogKind, kindTitle: kindTitles[i.kind as CatalogKind] ?? i.kind, key: i.key,
      activeVersion: i.activeVersion, baselineVersion: i.baselineVersion, availableVersion: i.availableVersion,
      updatedByName: i.updatedByName, updatedAt: i.updatedAt.toISOString(),
    })),
    gates: Object.entries(rules.gates).map(([key, g]) => ({ key, title: g.title, basis: g.basis })),
  }
}
