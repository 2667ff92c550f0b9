/**
 * Roles of shared/brief/glossary.md. Keys are stable identifiers used in
 * role assignments, BPMN `zf:role` and permissions; titles are what users see.
 */
import baseline from '../../catalog/reference/roles.json'

export interface RoleInfo {
  key: string
  title: string
  /** Which certificate the role requires (第六条): none, either, or one kind. */
  certificate: 'none' | 'any' | 'enforcement' | 'supervision'
  /** Only assignable in the region department (and its units). */
  regionOnly?: boolean
  description: string
  /**
   * A named review group (审核小组, docs/decisions/042): a role whose holders
   * are the group's members, granted in the department it sits in (by code).
   */
  group?: boolean
  department?: string
}

// The shipped baseline (catalog/reference/roles.json); the catalog replaces
// the contents with the active version at run time (installRoles), in place, so
// every module holding `roles` sees the change (docs/decisions/025).
const list: RoleInfo[] = [...(baseline as RoleInfo[])]
export const roles: readonly RoleInfo[] = list

let byKey = new Map(list.map((r) => [r.key, r]))

/** Installs the catalog's active list of roles (app/services/catalog). */
export function installRoles(next: readonly RoleInfo[]): void {
  list.splice(0, list.length, ...next)
  byKey = new Map(list.map((r) => [r.key, r]))
}

export function roleInfo(key: string): RoleInfo | undefined {
  return byKey.get(key)
}

export function roleTitle(key: string): string {
  return byKey.get(key)?.title ?? key
}

export function isRoleKey(key: string): boolean {
  return byKey.has(key)
}

/** The named review groups among the roles (docs/decisions/042). */
export function reviewGroups(): RoleInfo[] {
  return list.filter((r) => r.group)
}
