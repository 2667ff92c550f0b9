/**
 * Roles and their rules in the catalog tables (kind `role`): read the active
 * versions through an in-memory cache, save a new version. Small on purpose
 * (four functions) so the catalog service can take it over later (ADR 026).
 *
 * Cache: per database client, reloaded when CatalogCounter moved. A save in
 * this process drops the cache at once (the next request sees it); another
 * process sees the counter move within `RECHECK_MS` — real time, not the
 * application clock, because it bounds staleness of memory, not a legal date.
 */
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import { appendAudit } from '../audit.server.ts'
import { Conflict } from '../errors.ts'
// The catalog's one hash of a version's content (SM3 of canonical JSON), so an export imports back as the same version.
import { contentHash } from '../catalog/versions.server.ts'
import { bumpCounter, readCounter } from '../catalog/counter.server.ts'
import baseline from './baseline-roles.json' with { type: 'json' }
import type { RoleContent, RoleSet } from './rules.ts'

const KIND = 'role'
const RECHECK_MS = 1000

interface CacheEntry {
  counter: number
  checkedAt: number
  roles: RoleSet
}

const caches = new WeakMap<object, CacheEntry>()

/** The shipped baseline (the file), for seeding and for the page's "compare with baseline". */
let shipped: RoleSet | undefined
export function baselineRoles(): RoleSet {
  return shipped ??= new Map((baseline as { roles: Array<RoleContent & { key: string }> }).roles.map(({ key, ...role }) => [key, role]))
}


async function loadRoles(db: DbOrTx): Promise<RoleSet> {
  const items = await db.catalogItem.findMany({ where: { kind: KIND }, select: { key: true, activeVersion: true } })
  if (items.length === 0) return new Map()
  const versions = await db.catalogVersion.findMany({
    where: { kind: KIND, OR: items.map((i) => ({ key: i.key, version: i.activeVersion })) }, select: { key: true, content: true },
  })
  return new Map(versions.map((v) => [v.key, v.content as unknown as RoleContent]))
}

/**
 * The active version of every role, from memory unless the counter moved.
 * Inside a transaction pass the transaction and, as `cacheOf`, the client it
 * belongs to: the cache stays the client's, the reads go through the transaction.
 */
export async function activeRoles(db: DbOrTx, cacheOf: object = db): Promise<RoleSet> {
  const cached = caches.get(cacheOf)
  if (cached && Date.now() - cached.checkedAt < RECHECK_MS) return cached.roles
  const counter = await readCounter(db)
  if (cached && cached.counter === counter) {
    cached.checkedAt = Date.now()
    return cached.roles
  }
  const roles = await loadRoles(db)
  caches.set(cacheOf, { counter, checkedAt: Date.now(), roles })
  return roles
}

/** Forgets this client's cached roles (after a save, or when a test changed the tables itself). */
export function invalidateRoles(db: Db): void {
  caches.delete(db)
}

/**
 * Stores `content` as the role's next version, makes it active, moves the
 * counter and logs it — one transaction. The caller has already checked the
 * rules (rule-checks.ts) and the actor's permission.
 */
export async function saveRole(
  db: Db, clock: Clock, actor: Actor, key: string, content: RoleContent, changeNote: string, expectedVersion?: number,
): Promise<{ version: number }> {
  const now = clock.now()
  const saved = await db.$transaction(async (tx) => {
    const item = await tx.catalogItem.findUnique({ where: { kind_key: { kind: KIND, key } } })
    if (expectedVersion !== undefined && item && item.activeVersion !== expectedVersion) {
      throw new Conflict('该角色的规则已被他人修改，请刷新后重试。')
    }
    const last = await tx.catalogVersion.findFirst({ where: { kind: KIND, key }, orderBy: { version: 'desc' }, select: { version: true } })
    const version = (last?.version ?? 0) + 1
    const by = { createdById: actor.id, createdByName: actor.displayName }
    await tx.catalogVersion.create({
      data: { kind: KIND, key, version, content: content as object, contentHash: contentHash(content), changeNote, source: 'admin', createdAt: now, ...by },
    })
    const active = { activeVersion: version, updatedAt: now, updatedById: actor.id, updatedByName: actor.displayName }
    await tx.catalogItem.upsert({ where: { kind_key: { kind: KIND, key } }, create: { kind: KIND, key, ...active }, update: active })
    await bumpCounter(tx)
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'permission.role.save', targetType: 'Role', targetId: key, detail: { version, changeNote, rules: content.rules.length },
    }, clock)
    return { version }
  })
  invalidateRoles(db)
  return saved
}

/**
 * Seeds the shipped baseline into a database that has no role yet (start-up
 * and the test databases); never overwrites a stored role. Returns the keys seeded.
 */
export async function seedBaselineRoles(db: Db, clock: Clock): Promise<string[]> {
  const now = clock.now()
  const seeded = await db.$transaction(async (tx) => {
    const present = new Set((await tx.catalogItem.findMany({ where: { kind: KIND }, select: { key: true } })).map((i) => i.key))
    const missing = [...baselineRoles()].filter(([key]) => !present.has(key))
    for (const [key, content] of missing) {
      await tx.catalogVersion.create({
        data: { kind: KIND, key, version: 1, content: content as object, contentHash: contentHash(content), changeNote: '随系统发布的基线规则', source: 'baseline', createdAt: now },
      })
      await tx.catalogItem.create({ data: { kind: KIND, key, activeVersion: 1, baselineVersion: 1, updatedAt: now } })
    }
    if (missing.length) {
      await bumpCounter(tx)
    }
    return missing.map(([key]) => key)
  })
  invalidateRoles(db)
  return seeded
}

/** A role's stored versions, newest first (the page's history). */
export async function roleVersions(db: Db, key: string) {
  return db.catalogVersion.findMany({
    where: { kind: KIND, key }, orderBy: { version: 'desc' },
    select: { version: true, changeNote: true, source: true, createdByName: true, createdAt: true, contentHash: true },
  })
}
