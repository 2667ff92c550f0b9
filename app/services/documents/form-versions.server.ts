/**
 * Form versions in the database: a form whose content hash is new gets the
 * next version number, with its template stored byte for byte, so documents
 * issued under it render the same way for ever.
 */
import type { DbOrTx, Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import { appendAudit } from '../audit.server.ts'

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'P2002'
}

async function find(db: DbOrTx, form: LoadedForm) {
  return db.formVersion.findUnique({ where: { formKey_contentHash: { formKey: form.key, contentHash: form.contentHash } } })
}

/** Where a new version comes from (the catalog's versions carry who, why and from where). */
export interface FormVersionOrigin {
  source?: 'baseline' | 'admin' | 'import'
  changeNote?: string | null
  actor?: { id: string; displayName: string } | null
}

/**
 * The stored version of this form definition inside a transaction the
 * caller holds, created (and logged) when first seen. Issuing a document
 * from a workflow step runs in the step's transaction: a query on another
 * connection would wait for it (on SQLite, for ever).
 */
export async function ensureFormVersionIn(tx: DbOrTx, form: LoadedForm, clock: Clock, origin: FormVersionOrigin = {}) {
  const existing = await find(tx, form)
  if (existing) return existing
  const last = await tx.formVersion.findFirst({ where: { formKey: form.key }, orderBy: { version: 'desc' }, select: { version: true } })
  const row = await tx.formVersion.create({
    data: {
      formKey: form.key,
      version: (last?.version ?? 0) + 1,
      contentHash: form.contentHash,
      title: form.manifest.title,
      manifest: form.manifest as object,
      schema: form.bundledSchema as object,
      uiSchema: form.uiSchema as object,
      templateName: form.templateName,
      template: new Uint8Array(form.template),
      createdAt: clock.now(),
      source: origin.source ?? 'baseline',
      changeNote: origin.changeNote ?? null,
      createdById: origin.actor?.id ?? null,
      createdByName: origin.actor?.displayName ?? null,
    },
  })
  await appendAudit(tx, {
    actorId: origin.actor?.id ?? null, actorName: origin.actor?.displayName ?? null,
    action: 'form.version', targetType: 'FormVersion', targetId: row.id,
    detail: { formKey: form.key, version: row.version, contentHash: form.contentHash, source: row.source, changeNote: row.changeNote },
  }, clock)
  return row
}

/** The stored version of this form definition, created (and logged) when first seen. */
export async function ensureFormVersion(db: Db, form: LoadedForm, clock: Clock) {
  for (let attempt = 0; ; attempt++) {
    const existing = await find(db, form)
    if (existing) return existing
    try {
      return await db.$transaction((tx) => ensureFormVersionIn(tx, form, clock))
    } catch (e) {
      // Another process registered this (or another) version at the same moment: look again.
      if (!isUniqueViolation(e) || attempt >= 3) throw e
    }
  }
}

/** Registers every changed form (run at server start and by `forms check`); returns the keys that got a new version. */
export async function syncFormVersions(db: Db, registry: FormRegistry, clock: Clock): Promise<string[]> {
  const created: string[] = []
  for (const form of registry.all()) {
    const before = await find(db, form)
    if (!before) {
      await ensureFormVersion(db, form, clock)
      created.push(form.key)
    }
  }
  return created
}
