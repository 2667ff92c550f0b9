/**
 * The definition version in force for a department (docs/decisions/040),
 * two ways: for the engine, when a matter starts its procedure (memory, plus
 * the department's path read in the operation's own transaction only when
 * some department has its own version of that procedure), and for the pages,
 * read from the database with who owns it.
 */
import type { DbOrTx } from '../../../prisma/client.ts'
import type { ActiveVersion } from '../../../engine/index.ts'
import type { Catalog } from './catalog.server.ts'
import { versionInForce, type VersionInForce } from './department-versions.ts'

/** The engine's `activeVersion` adapter over this process's catalog. */
export function activeVersionOf(catalog: Catalog): ActiveVersion {
  return async (key, tx, departmentId) => {
    if (!departmentId || catalog.departmentDefinitions(key).size === 0) return catalog.activeDefinition(key)
    const department = await tx.department.findUnique({ where: { id: departmentId }, select: { path: true } })
    return catalog.activeDefinition(key, department?.path ?? null)
  }
}

export interface DefinitionInForce extends VersionInForce {
  version: number
  /** The version everyone without an own version follows (the catalog's active one). */
  activeVersion: number
}

/**
 * Read from the database: the version of definition `key` in force for the
 * department at `departmentPath` (null: the region's, for everyone), and whose
 * it is. A key the catalog does not name follows its newest stored version.
 */
export async function definitionInForce(db: DbOrTx, key: string, departmentPath: string | null): Promise<DefinitionInForce | null> {
  const [item, newest, own] = await Promise.all([
    db.catalogItem.findUnique({ where: { kind_key: { kind: 'definition', key } }, select: { activeVersion: true } }),
    db.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { version: true } }),
    departmentPath ? db.departmentActivation.findMany({ where: { kind: 'definition', key }, select: { departmentId: true, version: true } }) : [],
  ])
  const active = item?.activeVersion ?? newest?.version ?? null
  if (active === null) return null
  const found = versionInForce(new Map(own.map((o) => [o.departmentId, o.version])), departmentPath, active)
  return { version: found.version ?? active, fromDepartmentId: found.fromDepartmentId, activeVersion: active }
}
