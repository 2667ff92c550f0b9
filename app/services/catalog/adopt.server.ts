/**
 * Adopting a 可更新 baseline: an explicit administrator's action. `baselineDiff`
 * shows, line by line, what activating the offered baseline would change
 * against the version in force; `adoptBaseline` activates it (audited).
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { sm3 } from '../../../forms/_lib/registry.ts'
import { Conflict } from '../errors.ts'
import { activate } from './activate.server.ts'
import { kindTitles, type CatalogActor, type CatalogKind } from './kinds.ts'
import { lineDiff, type DiffLine } from './line-diff.ts'

/** The text of a version as it is compared: the XML, or pretty JSON with the template's hash. */
async function versionText(db: Db, kind: CatalogKind, key: string, version: number): Promise<string> {
  if (kind === 'definition') {
    return (await db.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { xml: true } }))?.xml ?? ''
  }
  if (kind === 'form') {
    const row = await db.formVersion.findUnique({ where: { formKey_version: { formKey: key, version } }, select: { manifest: true, schema: true, uiSchema: true, templateName: true, contentHash: true, template: true } })
    if (!row) return ''
    return JSON.stringify({ manifest: row.manifest, schema: row.schema, uiSchema: row.uiSchema, template: `${row.templateName} SM3 ${sm3(Buffer.from(row.template))}` }, null, 2)
  }
  const row = await db.catalogVersion.findUnique({ where: { kind_key_version: { kind, key, version } }, select: { content: true } })
  return JSON.stringify(row?.content ?? null, null, 2)
}

export interface BaselineOffer {
  kind: CatalogKind
  key: string
  activeVersion: number
  availableVersion: number
  diff: DiffLine[]
}

/** The offered baseline of an item with its diff against the version in force, or null when nothing is offered. */
export async function baselineDiff(db: Db, kind: CatalogKind, key: string): Promise<BaselineOffer | null> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind, key } } })
  if (!item?.availableVersion) return null
  const [before, after] = await Promise.all([versionText(db, kind, key, item.activeVersion), versionText(db, kind, key, item.availableVersion)])
  return { kind, key, activeVersion: item.activeVersion, availableVersion: item.availableVersion, diff: lineDiff(before, after) }
}

/** Activates the offered baseline of an item. */
export async function adoptBaseline(db: Db, kind: CatalogKind, key: string, actor: CatalogActor | null, clock: Clock): Promise<number> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind, key } } })
  if (!item?.availableVersion) throw new Conflict(`${kindTitles[kind]}「${key}」没有可更新的基线版本`)
  const version = item.availableVersion
  await activate(db, { kind, key, version, actor, changeNote: `采用随版本发布的基线 v${version}` }, clock)
  return version
}
