/**
 * Immutable versions of catalog entries (reference lists, roles): a new
 * version only when the content is new — identical content, by its SM3 hash
 * over canonical JSON, is the version already stored — and a listing of the
 * versions of any kind with who, when, why and which one is active.
 */
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { canonicalJson, sm3 } from '../../../forms/_lib/registry.ts'
import { appendAudit } from '../audit.server.ts'
import type { CatalogActor, CatalogKind, EntryKind, VersionSource } from './kinds.ts'

export function contentHash(content: unknown): string {
  return sm3(canonicalJson(content))
}

export interface NewEntryVersion {
  kind: EntryKind
  key: string
  content: unknown
  source: VersionSource
  changeNote?: string | null
  actor?: CatalogActor | null
}

/** Stores a version of an entry inside the caller's transaction; identical content returns the stored version. */
export async function createEntryVersionIn(tx: DbOrTx, v: NewEntryVersion, clock: Clock): Promise<{ version: number; created: boolean }> {
  const hash = contentHash(v.content)
  const same = await tx.catalogVersion.findFirst({ where: { kind: v.kind, key: v.key, contentHash: hash }, orderBy: { version: 'desc' }, select: { version: true } })
  if (same) return { version: same.version, created: false }
  const last = await tx.catalogVersion.findFirst({ where: { kind: v.kind, key: v.key }, orderBy: { version: 'desc' }, select: { version: true } })
  const row = await tx.catalogVersion.create({
    data: {
      kind: v.kind, key: v.key, version: (last?.version ?? 0) + 1,
      content: v.content as object, contentHash: hash, changeNote: v.changeNote ?? null, source: v.source,
      createdById: v.actor?.id ?? null, createdByName: v.actor?.displayName ?? null, createdAt: clock.now(),
    },
  })
  await appendAudit(tx, {
    actorId: v.actor?.id ?? null, actorName: v.actor?.displayName ?? null,
    action: 'catalog.version', targetType: 'CatalogVersion', targetId: row.id,
    detail: { kind: v.kind, key: v.key, version: row.version, contentHash: hash, source: v.source, changeNote: v.changeNote ?? null },
  }, clock)
  return { version: row.version, created: true }
}

export interface VersionListing {
  version: number
  hash: string
  source: string
  changeNote: string | null
  createdByName: string | null
  createdAt: Date
  active: boolean
  baseline: boolean
  available: boolean
}

/** Every version of an item, oldest first, with its standing (active / newest baseline / 可更新). */
export async function listVersions(db: Db, kind: CatalogKind, key: string): Promise<VersionListing[]> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind, key } } })
  const rows = await versionRows(db, kind, key)
  // Without a catalog row the newest version is the one in force (as before the catalog).
  const active = item?.activeVersion ?? rows.at(-1)?.version ?? null
  return rows.map((r) => ({
    ...r, active: r.version === active, baseline: r.version === item?.baselineVersion, available: r.version === item?.availableVersion,
  }))
}

async function versionRows(db: Db, kind: CatalogKind, key: string) {
  if (kind === 'definition') {
    const rows = await db.processDefinition.findMany({ where: { key }, orderBy: { version: 'asc' }, select: { version: true, sha256: true, source: true, changeNote: true, deployedByName: true, deployedAt: true } })
    return rows.map((r) => ({ version: r.version, hash: r.sha256, source: r.source, changeNote: r.changeNote, createdByName: r.deployedByName, createdAt: r.deployedAt }))
  }
  if (kind === 'form') {
    const rows = await db.formVersion.findMany({ where: { formKey: key }, orderBy: { version: 'asc' }, select: { version: true, contentHash: true, source: true, changeNote: true, createdByName: true, createdAt: true } })
    return rows.map((r) => ({ version: r.version, hash: r.contentHash, source: r.source, changeNote: r.changeNote, createdByName: r.createdByName, createdAt: r.createdAt }))
  }
  const rows = await db.catalogVersion.findMany({ where: { kind, key }, orderBy: { version: 'asc' }, select: { version: true, contentHash: true, source: true, changeNote: true, createdByName: true, createdAt: true } })
  return rows.map((r) => ({ version: r.version, hash: r.contentHash, source: r.source, changeNote: r.changeNote, createdByName: r.createdByName, createdAt: r.createdAt }))
}

/** Whether `version` of the item is stored (an activation may name only a stored version). */
export async function versionExists(tx: DbOrTx, kind: CatalogKind, key: string, version: number): Promise<boolean> {
  if (kind === 'definition') return (await tx.processDefinition.count({ where: { key, version } })) > 0
  if (kind === 'form') return (await tx.formVersion.count({ where: { formKey: key, version } })) > 0
  return (await tx.catalogVersion.count({ where: { kind, key, version } })) > 0
}
