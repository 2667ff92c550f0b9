/**
 * A matter runs on the form versions in force when it was opened (issue 11
 * part 3, docs/decisions/025): the versions are recorded on the matter
 * (`data.formVersions`), and every step form, draft, preview and document of
 * the matter reads its forms through `formsOfMatter`. Where a pinned version
 * is the active one (nearly always) this costs nothing; an earlier version is
 * read once from its FormVersion row and kept (versions never change).
 * A pin moves only when a draft of the matter is migrated to a newer version
 * (docs/decisions/039): `repinMatterFormIn`.
 */
import type { DbOrTx, Tx } from '../../../prisma/client.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import { bumpCounter } from './counter.server.ts'
import { formFromRow, type ActiveForm } from './snapshot.server.ts'

/** Form key → FormVersion.version. */
export type FormPins = Record<string, number>

/** The form versions in force now, read from the database (the matter is opened in this transaction). */
export async function activeFormVersions(tx: DbOrTx): Promise<FormPins> {
  const items = await tx.catalogItem.findMany({ where: { kind: 'form' }, select: { key: true, activeVersion: true } })
  return Object.fromEntries(items.map((i) => [i.key, i.activeVersion]))
}

// Pins are fixed when a matter opens (a migrated draft moves one, and every process then forgets
// what it kept, see repinMatterFormIn), and versions never change: both are kept in memory.
const PINS_KEPT = 2_000
const pinsOfMatter = new Map<string, FormPins>()
const versions = new Map<string, ActiveForm>()

async function pinsOf(db: DbOrTx, matterId: string): Promise<FormPins> {
  const kept = pinsOfMatter.get(matterId)
  if (kept) return kept
  const matter = await db.matter.findUnique({ where: { id: matterId }, select: { data: true } })
  const pins = ((matter?.data as { formVersions?: FormPins } | null)?.formVersions) ?? {}
  // A matter not found is not remembered: it may be created in a transaction not yet committed.
  if (matter) {
    if (pinsOfMatter.size >= PINS_KEPT) pinsOfMatter.delete(pinsOfMatter.keys().next().value!)
    pinsOfMatter.set(matterId, pins)
  }
  return pins
}

/** Forgets the pins kept for one matter, or for all (the catalog calls this whenever it reloads). */
export function forgetMatterPins(matterId?: string): void {
  if (matterId) pinsOfMatter.delete(matterId)
  else pinsOfMatter.clear()
}

/**
 * The matter uses another version of one form from now on (a draft of it was
 * migrated, docs/decisions/039), in the caller's transaction. The catalog's
 * counter moves too, so every server process reloads and forgets the pins it
 * kept; this process should also call `forgetMatterPins(matterId)` after the commit.
 */
export async function repinMatterFormIn(tx: Tx, matterId: string, formKey: string, version: number): Promise<void> {
  const matter = await tx.matter.findUniqueOrThrow({ where: { id: matterId }, select: { data: true } })
  const data = (matter.data ?? {}) as Record<string, unknown> & { formVersions?: FormPins }
  await tx.matter.update({ where: { id: matterId }, data: { data: { ...data, formVersions: { ...(data.formVersions ?? {}), [formKey]: version } } } })
  await bumpCounter(tx)
}

/** The version a form has in this registry (FormVersion.version), when it was read from the catalog. */
export function versionOf(form: LoadedForm): number | undefined {
  return (form as Partial<ActiveForm>).version
}

/** A stored version of a form, by number or by content hash; null when there is no such row. Kept once read. */
export async function storedFormVersion(db: DbOrTx, formKey: string, which: { version: number } | { contentHash: string }): Promise<ActiveForm | null> {
  const id = 'version' in which ? `${formKey}@${which.version}` : `${formKey}#${which.contentHash}`
  const kept = versions.get(id)
  if (kept) return kept
  const row = 'version' in which
    ? await db.formVersion.findUnique({ where: { formKey_version: { formKey, version: which.version } } })
    : await db.formVersion.findUnique({ where: { formKey_contentHash: { formKey, contentHash: which.contentHash } } })
  if (!row) return null
  const form = formFromRow(row)
  versions.set(`${formKey}@${row.version}`, form)
  versions.set(`${formKey}#${row.contentHash}`, form)
  return form
}

/** The registry with some forms replaced by other versions of theirs. */
export function withVersions(active: FormRegistry, replaced: Map<string, LoadedForm>): FormRegistry {
  if (replaced.size === 0) return active
  return {
    get dir() { return active.dir },
    keys: () => active.keys(),
    has: (key) => replaced.has(key) || active.has(key),
    get: (key) => replaced.get(key) ?? active.get(key),
    all: () => active.keys().map((key) => replaced.get(key) ?? active.get(key)),
  }
}

/**
 * The forms as the matter sees them: its pinned version of each form where
 * that differs from the active one, the active version otherwise (forms
 * added after the matter opened, or matters opened before versions were
 * recorded). Without a matter: the active forms.
 */
export async function formsOfMatter(db: DbOrTx, active: FormRegistry, matterId: string | null | undefined): Promise<FormRegistry> {
  if (!matterId) return active
  const pins = await pinsOf(db, matterId)
  const earlier = Object.entries(pins).filter(([key, version]) => active.has(key) && versionOf(active.get(key)) !== undefined && versionOf(active.get(key)) !== version)
  if (earlier.length === 0) return active
  const missing = earlier.filter(([key, version]) => !versions.has(`${key}@${version}`))
  if (missing.length) {
    const rows = await db.formVersion.findMany({ where: { OR: missing.map(([formKey, version]) => ({ formKey, version })) } })
    for (const row of rows) versions.set(`${row.formKey}@${row.version}`, formFromRow(row))
  }
  const pinned = new Map<string, LoadedForm>()
  for (const [key, version] of earlier) {
    const form = versions.get(`${key}@${version}`)
    if (form) pinned.set(key, form)
  }
  return withVersions(active, pinned)
}

/** The form version a document was issued under, to validate and render a change to it. */
export async function formVersionById(db: DbOrTx, formVersionId: string): Promise<LoadedForm> {
  const row = await db.formVersion.findUniqueOrThrow({ where: { id: formVersionId } })
  return formFromRow(row)
}
