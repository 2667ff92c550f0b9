/**
 * Drafts saved as the user types (the browser debounces and calls
 * `saveDraft`), so a closed tab or a dropped connection loses nothing.
 * Drafts are not validated (a half-filled form is the point) but must be
 * JSON objects of bounded size; each save carries the revision it started
 * from, and a save from a stale tab is refused instead of silently
 * overwriting newer text.
 *
 * A draft keeps its form version (docs/decisions/039): a matter's draft is of
 * the version the matter uses (docs/decisions/025), any other draft of the
 * version it was started on, until its owner migrates it to a newer one
 * (draft-migration.server.ts).
 */
import { formsOfMatter, storedFormVersion, withVersions } from '../catalog/matter-forms.server.ts'
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { appendAudit } from '../audit.server.ts'
import { DraftConflict, InvalidForm } from './errors.ts'

export interface DraftPlace {
  formKey: string
  subject?: { type: string; id: string }
  taskId?: string
}

export interface SavedDraft {
  id: string
  data: Record<string, unknown>
  revision: number
  formVersion: string
  updatedAt: Date
}

const MAX_DRAFT_BYTES = 512 * 1024

/** The unique place of a draft: "<formKey>|<subjectType>|<subjectId>|<taskId>". */
export function scopeOf(place: DraftPlace): string {
  return [place.formKey, place.subject?.type ?? '', place.subject?.id ?? '', place.taskId ?? ''].join('|')
}

type DraftRow = { id: string; data: unknown; revision: number; formVersion: string; updatedAt: Date }

function savedOf(row: DraftRow): SavedDraft {
  return { id: row.id, data: row.data as Record<string, unknown>, revision: row.revision, formVersion: row.formVersion, updatedAt: row.updatedAt }
}

export async function loadDraft(db: DbOrTx, actor: Actor, place: DraftPlace): Promise<SavedDraft | null> {
  const row = await db.formDraft.findUnique({ where: { ownerId_scope: { ownerId: actor.id, scope: scopeOf(place) } } })
  return row ? savedOf(row) : null
}

/** The matter a draft belongs to: its subject, or the matter of its step. */
export async function matterOfPlace(db: DbOrTx, place: DraftPlace): Promise<string | null> {
  if (place.subject) return place.subject.type === 'matter' ? place.subject.id : null
  if (!place.taskId) return null
  return (await db.task.findUnique({ where: { id: place.taskId }, select: { businessKey: true } }))?.businessKey ?? null
}

/**
 * The forms as a draft at this place sees them: a matter's, the versions the
 * matter uses; otherwise the active forms, except, for a document made
 * outside a matter, the draft's own form at the version the draft was saved
 * on (`draftVersion`, a content hash) while that version is stored.
 */
export async function formsOfPlace(db: DbOrTx, active: FormRegistry, place: DraftPlace, draftVersion: string | null): Promise<FormRegistry> {
  const matterId = await matterOfPlace(db, place)
  if (matterId) return formsOfMatter(db, active, matterId)
  // A step outside any matter is shown and checked with the active forms: its draft cannot keep another.
  if (place.taskId || !draftVersion || !active.has(place.formKey) || active.get(place.formKey).contentHash === draftVersion) return active
  const kept = await storedFormVersion(db, place.formKey, { contentHash: draftVersion })
  return kept ? withVersions(active, new Map([[place.formKey, kept]])) : active
}

/**
 * @param baseRevision the revision the client last saw (0 for a new draft).
 * @throws DraftConflict when the stored draft is newer than `baseRevision`.
 */
export async function saveDraft(db: Db, registry: FormRegistry, clock: Clock, actor: Actor, place: DraftPlace, data: unknown, baseRevision: number): Promise<SavedDraft> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InvalidForm(place.formKey, [{ path: '', message: '草稿内容应为表单对象' }])
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_DRAFT_BYTES) throw new InvalidForm(place.formKey, [{ path: '', message: '草稿过大（超过 512 KB）' }])
  const scope = scopeOf(place)
  const now = clock.now()
  return db.$transaction(async (tx) => {
    const existing = await tx.formDraft.findUnique({ where: { ownerId_scope: { ownerId: actor.id, scope } }, select: { id: true, revision: true, formVersion: true } })
    if (existing && existing.revision !== baseRevision) throw new DraftConflict(existing.revision)
    // The draft stays on its version: the matter's (docs/decisions/025), or the one it was started on (039).
    const form = (await formsOfPlace(tx, registry, place, existing?.formVersion ?? null)).get(place.formKey)
    const row = existing
      ? await tx.formDraft.update({
        // Conditional on the revision, so two saves racing past the check cannot both win.
        where: { id: existing.id, revision: existing.revision },
        data: { data: data as object, formVersion: form.contentHash, revision: existing.revision + 1, updatedAt: now },
      })
      : await tx.formDraft.create({
        data: {
          ownerId: actor.id, formKey: place.formKey, scope, subjectType: place.subject?.type ?? null, subjectId: place.subject?.id ?? null,
          taskId: place.taskId ?? null, data: data as object, formVersion: form.contentHash, createdAt: now, updatedAt: now,
        },
      })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'draft.save', targetType: 'FormDraft', targetId: row.id, detail: { formKey: place.formKey, revision: row.revision },
    }, clock)
    return savedOf(row)
  })
}

/** Removes the draft (after the form was submitted, or on the user's request). */
export async function discardDraft(db: Db, clock: Clock, actor: Actor, place: DraftPlace): Promise<boolean> {
  const scope = scopeOf(place)
  return db.$transaction(async (tx) => {
    const { count } = await tx.formDraft.deleteMany({ where: { ownerId: actor.id, scope } })
    if (count) {
      await appendAudit(tx, {
        actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
        action: 'draft.discard', targetType: 'FormDraft', detail: { formKey: place.formKey },
      }, clock)
    }
    return count > 0
  })
}

export interface LiveDraft {
  id: string
  formKey: string
  updatedAt: Date
  /** Where the draft is opened again: its step, or the document form with its subject. */
  href: string
}

/**
 * The owner's drafts that can still be finished, newest first: a step's
 * draft lives while its step is open (it ends with the step, see
 * `endDraftsOfClosedSteps`); other drafts live until issued or discarded.
 */
export async function liveDrafts(db: Db, ownerId: string, take = 50): Promise<LiveDraft[]> {
  const rows = await db.formDraft.findMany({
    where: { ownerId }, orderBy: { updatedAt: 'desc' },
    select: { id: true, formKey: true, subjectType: true, subjectId: true, taskId: true, updatedAt: true },
  })
  const taskIds = rows.flatMap((r) => (r.taskId ? [r.taskId] : []))
  const open = new Set(taskIds.length
    ? (await db.task.findMany({ where: { id: { in: taskIds }, status: 'open' }, select: { id: true } })).map((t) => t.id)
    : [])
  return rows.filter((r) => !r.taskId || open.has(r.taskId)).slice(0, take).map((r) => ({
    id: r.id, formKey: r.formKey, updatedAt: r.updatedAt,
    href: r.taskId
      ? `/tasks/${r.taskId}`
      : `/documents/new/${r.formKey}${r.subjectType && r.subjectId ? `?subject=${r.subjectType}:${r.subjectId}` : ''}`,
  }))
}

/** Removes the drafts of a matter's steps that are no longer open (completed, returned past, cancelled). */
export async function endDraftsOfClosedSteps(db: Db, clock: Clock, actor: Actor, businessKey: string): Promise<number> {
  const closed = await db.task.findMany({ where: { businessKey, status: { not: 'open' } }, select: { id: true } })
  if (closed.length === 0) return 0
  return db.$transaction(async (tx) => {
    const drafts = await tx.formDraft.findMany({ where: { taskId: { in: closed.map((t) => t.id) } }, select: { id: true, formKey: true, taskId: true } })
    if (drafts.length === 0) return 0
    await tx.formDraft.deleteMany({ where: { id: { in: drafts.map((d) => d.id) } } })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'draft.end', targetType: 'Matter', targetId: businessKey, detail: { drafts: drafts.map((d) => ({ formKey: d.formKey, taskId: d.taskId })) },
    }, clock)
    return drafts.length
  })
}

/** The user discards one of their own drafts (from the list of drafts); false when it is not theirs or gone. */
export async function discardDraftById(db: Db, clock: Clock, actor: Actor, draftId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const draft = await tx.formDraft.findFirst({ where: { id: draftId, ownerId: actor.id }, select: { id: true, formKey: true } })
    if (!draft) return false
    await tx.formDraft.delete({ where: { id: draft.id } })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'draft.discard', targetType: 'FormDraft', targetId: draft.id, detail: { formKey: draft.formKey },
    }, clock)
    return true
  })
}
