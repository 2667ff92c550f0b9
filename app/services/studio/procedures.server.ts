/**
 * The process studio's lists (issue 12 part 3): every procedure with the
 * version in force, and one procedure's versions with who published each,
 * when, why, from where, whether it is in force and how many instances still
 * run on it; plus the history of activations (publish, roll back, adopt),
 * read from the operation log where each one is recorded with its note, and
 * the departments that run their own version (docs/decisions/040).
 */
import type { Db } from '../../../prisma/client.ts'
import { listVersions, type VersionListing } from '../catalog/versions.server.ts'
import { NotFound } from '../errors.ts'
import { departmentVersions } from '../catalog/department-activation.server.ts'

export interface ProcedureRow {
  key: string
  name: string
  activeVersion: number
  versions: number
  /** Who published the version in force, and when. */
  publishedByName: string | null
  publishedAt: string
  /** Who made it the one in force, and when (a roll back makes an older version active again). */
  activatedByName: string | null
  activatedAt: string | null
  running: number
}

/** Every procedure stored, by key, with the version in force (the newest when the catalog does not name one yet). */
export async function procedureList(db: Db): Promise<ProcedureRow[]> {
  const [items, newest, running] = await Promise.all([
    db.catalogItem.findMany({ where: { kind: 'definition' } }),
    db.processDefinition.groupBy({ by: ['key'], _max: { version: true }, _count: { _all: true } }),
    db.processInstance.groupBy({ by: ['definitionKey'], where: { status: 'running' }, _count: { _all: true } }),
  ])
  const itemOf = new Map(items.map((i) => [i.key, i]))
  const active = newest.map((n) => ({ key: n.key, version: itemOf.get(n.key)?.activeVersion ?? n._max.version ?? 1, versions: n._count._all }))
  const rows = active.length
    ? await db.processDefinition.findMany({
        where: { OR: active.map((a) => ({ key: a.key, version: a.version })) },
        select: { key: true, version: true, name: true, deployedByName: true, deployedAt: true },
      })
    : []
  const rowOf = new Map(rows.map((r) => [r.key, r]))
  const runningOf = new Map(running.map((r) => [r.definitionKey, r._count._all]))
  return active.flatMap((a) => {
    const row = rowOf.get(a.key)
    if (!row) return []
    const item = itemOf.get(a.key)
    return [{
      key: a.key, name: row.name, activeVersion: a.version, versions: a.versions,
      publishedByName: row.deployedByName, publishedAt: row.deployedAt.toISOString(),
      activatedByName: item?.updatedByName ?? null, activatedAt: item?.updatedAt.toISOString() ?? null,
      running: runningOf.get(a.key) ?? 0,
    }]
  }).sort((x, y) => x.name.localeCompare(y.name, 'zh-CN') || x.key.localeCompare(y.key))
}

export interface ProcedureVersion extends Omit<VersionListing, 'createdAt'> {
  createdAt: string
  /** Instances still running on this version. */
  running: number
  /** Departments whose own version in force this is (a county's review steps). */
  ownedBy: string[]
}

export interface DepartmentOwnVersion {
  departmentName: string
  version: number
  byName: string | null
  at: string
}

export interface Activation {
  at: string
  byName: string | null
  version: number
  previous: number | null
  note: string | null
}

export interface ProcedureVersions {
  key: string
  name: string
  versions: ProcedureVersion[]
  /** Newest first. */
  activations: Activation[]
  /** Departments with their own version in force for their subtree, in tree order. */
  departments: DepartmentOwnVersion[]
}

export async function procedureVersions(db: Db, key: string): Promise<ProcedureVersions> {
  const listed = await listVersions(db, 'definition', key)
  if (!listed.length) throw new NotFound(`没有流程「${key}」`)
  const [running, active, item, own] = await Promise.all([
    db.processInstance.groupBy({ by: ['definitionVersion'], where: { definitionKey: key, status: 'running' }, _count: { _all: true } }),
    db.processDefinition.findFirstOrThrow({ where: { key, version: listed.find((v) => v.active)?.version ?? listed.at(-1)!.version }, select: { name: true } }),
    db.catalogItem.findUnique({ where: { kind_key: { kind: 'definition', key } }, select: { id: true } }),
    departmentVersions(db, 'definition', key),
  ])
  const runningOf = new Map(running.map((r) => [r.definitionVersion, r._count._all]))
  const log = item
    ? await db.auditEntry.findMany({ where: { action: 'catalog.activate', targetType: 'CatalogItem', targetId: item.id }, orderBy: { seq: 'desc' }, take: 100, select: { at: true, actorName: true, detail: true } })
    : []
  const activations = log.map((e) => {
    const detail = JSON.parse(e.detail ?? '{}') as { version?: number; previous?: number | null; changeNote?: string | null }
    return { at: e.at.toISOString(), byName: e.actorName, version: detail.version ?? 0, previous: detail.previous ?? null, note: detail.changeNote ?? null }
  })
  return {
    key, name: active.name,
    versions: listed.map((v) => ({
      ...v, createdAt: v.createdAt.toISOString(), running: runningOf.get(v.version) ?? 0,
      ownedBy: own.filter((d) => d.version === v.version).map((d) => d.departmentName),
    })).reverse(),
    activations,
    departments: own.map((d) => ({ departmentName: d.departmentName, version: d.version, byName: d.updatedByName, at: d.updatedAt.toISOString() })),
  }
}
