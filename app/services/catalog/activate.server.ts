/**
 * Activation: one version of an item becomes the one in force. The item's
 * row, the counter every server process watches, and the operation log
 * change in one transaction, so either all processes will see the change or
 * none happened.
 */
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { appendAudit } from '../audit.server.ts'
import { NotFound } from '../errors.ts'
import { bumpCounter } from './counter.server.ts'
import { kindTitles, type CatalogActor, type CatalogKind } from './kinds.ts'
import { versionExists } from './versions.server.ts'

export interface Activation {
  kind: CatalogKind
  key: string
  version: number
  actor?: CatalogActor | null
  changeNote?: string | null
}

export async function activateIn(tx: Tx, a: Activation, clock: Clock): Promise<void> {
  if (!(await versionExists(tx, a.kind, a.key, a.version))) throw new NotFound(`${kindTitles[a.kind]}「${a.key}」没有第 ${a.version} 版`)
  const before = await tx.catalogItem.findUnique({ where: { kind_key: { kind: a.kind, key: a.key } } })
  const who = { updatedAt: clock.now(), updatedById: a.actor?.id ?? null, updatedByName: a.actor?.displayName ?? null }
  // Adopting the offered baseline (or the same version otherwise) leaves nothing to offer.
  const available = before?.availableVersion === a.version ? null : before?.availableVersion ?? null
  const item = await tx.catalogItem.upsert({
    where: { kind_key: { kind: a.kind, key: a.key } },
    create: { kind: a.kind, key: a.key, activeVersion: a.version, ...who },
    update: { activeVersion: a.version, availableVersion: available, ...who },
  })
  await bumpCounter(tx)
  await appendAudit(tx, {
    actorId: a.actor?.id ?? null, actorName: a.actor?.displayName ?? null,
    action: 'catalog.activate', targetType: 'CatalogItem', targetId: item.id,
    detail: { kind: a.kind, key: a.key, version: a.version, previous: before?.activeVersion ?? null, changeNote: a.changeNote ?? null },
  }, clock)
}

/** Activates one version in its own transaction. */
export function activate(db: Db, a: Activation, clock: Clock): Promise<void> {
  return db.$transaction((tx) => activateIn(tx, a, clock))
}
