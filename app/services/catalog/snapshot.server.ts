/**
 * What is in force, read from the database in one go: the active version of
 * every item — definitions as version numbers (with the departments' own
 * versions, docs/decisions/040), forms as loaded forms
 * built from their FormVersion rows (schema, UI schema and template bytes),
 * every other kind as its content JSON. The catalog keeps one snapshot in
 * memory and swaps it whole when the counter moves.
 */
import path from 'node:path'
import type { DbOrTx } from '../../../prisma/client.ts'
import { FORMS_DIR, type LoadedForm } from '../../../forms/_lib/registry.ts'
import type { FormManifest } from '../../../forms/_lib/manifest.ts'
import type { JsonSchema } from '../../../forms/_lib/bundle.ts'
import { readCounter } from './counter.server.ts'
import type { CatalogKind } from './kinds.ts'

export interface ItemState {
  kind: CatalogKind
  key: string
  activeVersion: number
  baselineVersion: number | null
  availableVersion: number | null
}

export interface ActiveForm extends LoadedForm {
  /** FormVersion.version of this content. */
  version: number
}

export interface CatalogSnapshot {
  /** The counter value this snapshot was read at. */
  counter: number
  items: ItemState[]
  /** Definition key → active version number. */
  definitions: Map<string, number>
  /** Definition key → department id → that department's own version (DepartmentActivation). */
  departmentDefinitions: Map<string, Map<string, number>>
  forms: Map<string, ActiveForm>
  /** `${kind}:${key}` → content of the active version (reference lists, roles). */
  entries: Map<string, { version: number; content: unknown }>
}

export const emptySnapshot: CatalogSnapshot = { counter: -1, items: [], definitions: new Map(), departmentDefinitions: new Map(), forms: new Map(), entries: new Map() }

export function entryId(kind: CatalogKind, key: string): string {
  return `${kind}:${key}`
}

type FormRow = { formKey: string; version: number; contentHash: string; manifest: unknown; schema: unknown; uiSchema: unknown; templateName: string; template: Uint8Array }

export function formFromRow(row: FormRow): ActiveForm {
  const schema = row.schema as JsonSchema
  return {
    key: row.formKey, version: row.version, dir: path.join(FORMS_DIR, row.formKey),
    // Stored schemas are the bundled ones (no $ref left), so both views are the same object.
    manifest: row.manifest as FormManifest, schema, bundledSchema: schema, uiSchema: row.uiSchema as JsonSchema,
    templateName: row.templateName, template: Buffer.from(row.template), contentHash: row.contentHash,
  }
}

export async function loadSnapshot(db: DbOrTx): Promise<CatalogSnapshot> {
  // The counter first: a change committed while the rest is read makes the next check reload again.
  const counter = await readCounter(db)
  const items = await db.catalogItem.findMany({ select: { kind: true, key: true, activeVersion: true, baselineVersion: true, availableVersion: true }, orderBy: [{ kind: 'asc' }, { key: 'asc' }] })
  const of = (kind: string) => items.filter((i) => i.kind === kind)
  const definitions = new Map(of('definition').map((i) => [i.key, i.activeVersion]))
  const departmentDefinitions = new Map<string, Map<string, number>>()
  for (const a of await db.departmentActivation.findMany({ where: { kind: 'definition' }, select: { key: true, departmentId: true, version: true } })) {
    const own = departmentDefinitions.get(a.key) ?? new Map<string, number>()
    own.set(a.departmentId, a.version)
    departmentDefinitions.set(a.key, own)
  }
  const formItems = of('form')
  const formRows = formItems.length
    ? await db.formVersion.findMany({ where: { OR: formItems.map((i) => ({ formKey: i.key, version: i.activeVersion })) } })
    : []
  const entryItems = items.filter((i) => i.kind !== 'definition' && i.kind !== 'form')
  const entryRows = entryItems.length
    ? await db.catalogVersion.findMany({ where: { OR: entryItems.map((i) => ({ kind: i.kind, key: i.key, version: i.activeVersion })) }, select: { kind: true, key: true, version: true, content: true } })
    : []
  return {
    counter,
    items: items as ItemState[],
    definitions,
    departmentDefinitions,
    forms: new Map(formRows.map((r) => [r.formKey, formFromRow(r)])),
    entries: new Map(entryRows.map((r) => [entryId(r.kind as CatalogKind, r.key), { version: r.version, content: r.content }])),
  }
}
