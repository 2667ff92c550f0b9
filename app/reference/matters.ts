/**
 * Kinds of matter (执法事项) and the procedure each starts. Keys from the
 * glossary; the definition keys name folders of definitions/.
 */
import baseline from '../../catalog/reference/matter-kinds.json'

export interface MatterKindInfo {
  key: string
  title: string
  /** Abbreviation in the matter number, e.g. （伊县）应急检〔2026〕3号. */
  abbreviation: string
  variants?: Array<{ key: string; title: string; definition: string }>
  /** Definition started when there are no variants. */
  definition?: string
  /** Needs a regulated entity as the party. */
  hasParty: boolean
}

// The shipped baseline (catalog/reference/matter-kinds.json); the catalog
// replaces the contents with the active version at run time, in place.
const list: MatterKindInfo[] = [...(baseline as MatterKindInfo[])]
export const matterKinds: readonly MatterKindInfo[] = list

let byKey = new Map(list.map((k) => [k.key, k]))

/** Installs the catalog's active list of matter kinds (app/services/catalog). */
export function installMatterKinds(next: readonly MatterKindInfo[]): void {
  list.splice(0, list.length, ...next)
  byKey = new Map(list.map((k) => [k.key, k]))
}

export function matterKind(key: string): MatterKindInfo | undefined {
  return byKey.get(key)
}

/** The definition a matter of this kind and variant starts, or null. */
export function definitionFor(kind: string, variant?: string | null): string | null {
  const info = byKey.get(kind)
  if (!info) return null
  if (info.variants) return info.variants.find((v) => v.key === variant)?.definition ?? null
  return info.definition ?? null
}
