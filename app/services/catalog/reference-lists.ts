/**
 * The reference lists of the catalog (kind `reference`): their shipped
 * baseline files and how the active version reaches the modules that use
 * them. roles, matter kinds, outcomes and scopes live in app/reference and
 * scopes.server.ts as lists that the catalog replaces in place, so the many
 * synchronous callers (a role's title in a table cell) stay as they are.
 * The statutory gates are no reference list: definitions/gates.json is the
 * regulation, shown read-only and changed only by a release.
 */
import path from 'node:path'
import { installRoles, type RoleInfo } from '../../reference/roles.ts'
import { installMatterKinds, type MatterKindInfo } from '../../reference/matters.ts'
import { installOutcomes } from '../../reference/outcomes.ts'
import { installScopes } from '../workflow/scopes.server.ts'

export interface ReferenceList {
  key: string
  title: string
  /** The shipped baseline file, relative to the checkout. */
  file: string
  /** Installs the active content in this process; absent: read where it is used (numbering). */
  apply?: (content: unknown) => void
  /** A problem with the content in Chinese, or null (checked before any import activates it). */
  check(content: unknown): string | null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const keyed = (v: unknown, fields: string[]) => Array.isArray(v) && v.every((e) => isObject(e) && fields.every((f) => typeof e[f] === 'string'))
const titles = (v: unknown) => isObject(v) && Object.entries(v).every(([k, t]) => k.startsWith('$') || typeof t === 'string')

export const referenceLists: readonly ReferenceList[] = [
  { key: 'roles', title: '角色', file: 'catalog/reference/roles.json', apply: (c) => installRoles(c as RoleInfo[]), check: (c) => (keyed(c, ['key', 'title']) ? null : '应为含 key 与 title 的角色数组') },
  {
    key: 'matter-kinds', title: '执法事项类型及其启动的流程', file: 'catalog/reference/matter-kinds.json', apply: (c) => installMatterKinds(c as MatterKindInfo[]),
    check: (c) => (keyed(c, ['key', 'title', 'abbreviation']) ? null : '应为含 key、title、abbreviation 的事项类型数组'),
  },
  { key: 'outcomes', title: '办理结果名称', file: 'catalog/reference/outcomes.json', apply: installOutcomes as (c: unknown) => void, check: (c) => (titles(c) ? null : '应为「结果键: 中文名称」对象') },
  { key: 'scopes', title: '办理范围名称', file: 'catalog/reference/scopes.json', apply: installScopes as (c: unknown) => void, check: (c) => (titles(c) ? null : '应为「范围键: 中文名称」对象') },
  {
    key: 'numbering', title: '文书编号格式', file: 'forms/_common/numbering.json',
    check: (c) => (isObject(c) && typeof c.pattern === 'string' && c.pattern.includes('{seq') ? null : '编号格式 pattern 必须包含 {seq}'),
  },
]

export function referenceList(key: string): ReferenceList | undefined {
  return referenceLists.find((r) => r.key === key)
}

export function baselineFile(list: ReferenceList, root = process.cwd()): string {
  return path.join(root, list.file)
}
