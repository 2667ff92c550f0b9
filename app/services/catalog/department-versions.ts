/**
 * Which version of an item is in force for a department (docs/decisions/040):
 * the department's own version, else the nearest department's up the tree
 * that has one, else the item's active version (CatalogItem.activeVersion,
 * what the region publishes for everyone). Pure: the catalog's snapshot and
 * the pages' database reads both answer through it.
 */
import { selfAndAncestors } from '../../utils/department-path.ts'

export interface VersionInForce {
  /** null: the catalog names no version (the newest stored one is used). */
  version: number | null
  /** The department whose own version this is; null: the item's active version. */
  fromDepartmentId: string | null
}

/**
 * @example
 * versionInForce(new Map([['ili', 4]]), '/region/ili/yining/', 2) // { version: 4, fromDepartmentId: 'ili' }
 * versionInForce(new Map(), '/region/ili/yining/', 2)             // { version: 2, fromDepartmentId: null }
 */
export function versionInForce(own: ReadonlyMap<string, number> | undefined, departmentPath: string | null | undefined, active: number | null): VersionInForce {
  if (own?.size && departmentPath) {
    for (const id of selfAndAncestors(departmentPath)) {
      const version = own.get(id)
      if (version !== undefined) return { version, fromDepartmentId: id }
    }
  }
  return { version: active, fromDepartmentId: null }
}
