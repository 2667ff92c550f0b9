/**
 * The kinds of item in the catalog and where each is kept. Definitions keep
 * their versions in ProcessDefinition, forms (with their templates) in
 * FormVersion, every other kind in CatalogVersion (docs/decisions/025).
 */
export const CATALOG_KINDS = ['definition', 'form', 'reference', 'role'] as const
export type CatalogKind = (typeof CATALOG_KINDS)[number]

/** Kinds whose versions are rows of CatalogVersion (content JSON). */
export type EntryKind = Exclude<CatalogKind, 'definition' | 'form'>

export const kindTitles: Record<CatalogKind, string> = {
  definition: '流程定义',
  form: '表单与模板',
  reference: '参考清单',
  role: '角色权限规则',
}

/** baseline: the shipped folders; admin: edited in the browser; import: `catalog import`. */
export type VersionSource = 'baseline' | 'admin' | 'import'

export function isCatalogKind(value: string): value is CatalogKind {
  return (CATALOG_KINDS as readonly string[]).includes(value)
}

export function isEntryKind(kind: CatalogKind): kind is EntryKind {
  return kind !== 'definition' && kind !== 'form'
}

/** Who made a version or an activation; null: the system (baseline seeding). */
export interface CatalogActor {
  id: string
  displayName: string
}

/** Item keys are lowercase words with hyphens, as folder and file names of the shipped layout. */
export const ITEM_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
