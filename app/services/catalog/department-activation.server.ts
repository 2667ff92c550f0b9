/**
 * A department's own version in force (docs/decisions/040): activating a
 * version for one department's subtree, and removing it so that the
 * department follows the version above it again. Like the catalog's own
 * activation, the row, the counter every server process watches and the
 * operation log change in one transaction.
 */
import type { Db, DbOrTx, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { appendAudit } from '../audit.server.ts'
import { Conflict, NotFound } from '../errors.ts'
import { bumpCounter } from './counter.server.ts'
import { kindTitles, type CatalogActor, type CatalogKind } from './kinds.ts'
import { versionExists } from './versions.server.ts'

export interface DepartmentActivationInput {
  kind: CatalogKind
  key: string
  version: number
  departmentId: string
  actor: CatalogActor
  changeNote: string
}

/** Makes `version` the department's own version in force, inside the caller's transaction. */
export async function activateForDepartmentIn(tx: Tx, a: DepartmentActivationInput, clock: Clock): Promise<void> {
  if (!(await versionExists(tx, a.kind, a.key, a.version))) throw new NotFound(`${kindTitles[a.kind]}「${a.key}」没有第 ${a.version} 版`)
  const where = { kind_key_departmentId: { kind: a.kind, key: a.key, departmentId: a.departmentId } }
  const before = await tx.departmentActivation.findUnique({ where, select: { version: true } })
  const who = { updatedAt: clock.now(), updatedById: a.actor.id, updatedByName: a.actor.displayName }
  const row = await tx.departmentActivation.upsert({
    where,
    create: { kind: a.kind, key: a.key, departmentId: a.departmentId, version: a.version, ...who },
    update: { version: a.version, ...who },
  })
  await bumpCounter(tx)
  await appendAudit(tx, {
    actorId: a.actor.id, actorName: a.actor.displayName,
    action: 'catalog.department-activate', targetType: 'DepartmentActivation', targetId: row.id,
    detail: { kind: a.kind, key: a.key, departmentId: a.departmentId, version: a.version, previous: before?.version ?? null, changeNote: a.changeNote },
  }, clock)
}

/**
 * Removes the department's own version: its new matters follow the version
 * in force above it again. 409 when it has none (nothing to go back from).
 */
export async function removeDepartmentActivation(
  db: Db, r: { kind: CatalogKind; key: string; departmentId: string; actor: CatalogActor; reason: string | null }, clock: Clock,
): Promise<{ removedVersion: number }> {
  return db.$transaction(async (tx) => {
    const row = await tx.departmentActivation.findUnique({ where: { kind_key_departmentId: { kind: r.kind, key: r.key, departmentId: r.departmentId } } })
    if (!row) throw new Conflict('本部门没有自有版本，已在沿用上级版本。')
    await tx.departmentActivation.delete({ where: { id: row.id } })
    await bumpCounter(tx)
    await appendAudit(tx, {
      actorId: r.actor.id, actorName: r.actor.displayName,
      action: 'catalog.department-remove', targetType: 'DepartmentActivation', targetId: row.id,
      detail: { kind: r.kind, key: r.key, departmentId: r.departmentId, removedVersion: row.version, reason: r.reason },
    }, clock)
    return { removedVersion: row.version }
  })
}

export interface DepartmentVersionRow {
  departmentId: string
  departmentName: string
  departmentPath: string
  version: number
  updatedByName: string | null
  updatedAt: Date
}

/** The departments with their own version of an item, within the subtree at `underPath` (all when null), in tree order. */
export async function departmentVersions(db: DbOrTx, kind: CatalogKind, key: string, underPath: string | null = null): Promise<DepartmentVersionRow[]> {
  const rows = await db.departmentActivation.findMany({
    where: { kind, key, ...(underPath ? { department: { path: { startsWith: underPath } } } : {}) },
    select: { departmentId: true, version: true, updatedByName: true, updatedAt: true, department: { select: { name: true, path: true } } },
  })
  return rows
    .map((r) => ({ departmentId: r.departmentId, departmentName: r.department.name, departmentPath: r.department.path, version: r.version, updatedByName: r.updatedByName, updatedAt: r.updatedAt }))
    .sort((a, b) => a.departmentPath.localeCompare(b.departmentPath))
}
