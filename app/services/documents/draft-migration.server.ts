/**
 * A draft in progress keeps its form version; when a newer version of the
 * form is in force its owner is offered a migration (issue 13 part 1,
 * docs/decisions/039). The pure decision is forms/_lib/draft-migration.ts;
 * this module finds the two versions, adds what a matter's draft must also
 * respect, and rewrites the draft.
 *
 * - A draft outside a matter moves alone: its data and its version change.
 * - A matter's draft is of the version the matter uses (docs/decisions/025),
 *   so migrating it moves the matter's version of that form: every draft of
 *   the form in the matter moves with it (all must be compatible), and a
 *   submission of the form that is still to be issued must be valid on the
 *   new version as it is.
 */
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import { checkDraftMigration, validAsIs, type DraftMigration } from '../../../forms/_lib/draft-migration.ts'
import { forgetMatterPins, repinMatterFormIn, versionOf } from '../catalog/matter-forms.server.ts'
import { formIssuesDocument } from '../workflow/step-documents.server.ts'
import { appendAudit } from '../audit.server.ts'
import { Conflict, NotFound } from '../errors.ts'
import { formsOfPlace, matterOfPlace, scopeOf, type DraftPlace } from './drafts.server.ts'
import { DraftConflict, DraftMigrationRefused } from './errors.ts'

export interface DraftVersionOffer {
  draftId: string
  /** The draft's revision the offer was made for (the migration is refused if it moved). */
  revision: number
  fromVersion: number
  toVersion: number
  changeNote: string | null
  /** Set for a matter's draft: migrating moves the matter's version of the form. */
  matterId: string | null
  compatible: boolean
  /** Why it cannot move (when not compatible). */
  reasons: string[]
  /** Fields the new version requires that the draft leaves empty. */
  toFill: string[]
  /** Fields the new version no longer has (their values are dropped). */
  dropped: string[]
  /** New fields given the new version's default. */
  filled: string[]
}

type Versions = { from: LoadedForm & { version: number }; to: LoadedForm & { version: number }; matterId: string | null }

/** The draft's version and the one in force, when the latter is newer. */
async function versionsOf(tx: Tx | Db, active: FormRegistry, place: DraftPlace, draftVersion: string): Promise<Versions | null> {
  if (!active.has(place.formKey)) return null
  const to = active.get(place.formKey)
  const from = (await formsOfPlace(tx, active, place, draftVersion)).get(place.formKey)
  const toVersion = versionOf(to)
  const fromVersion = versionOf(from)
  if (toVersion === undefined || fromVersion === undefined || toVersion <= fromVersion) return null
  return { from: { ...from, version: fromVersion }, to: { ...to, version: toVersion }, matterId: await matterOfPlace(tx, place) }
}

const listed = (labels: string[]) => labels.map((l) => `「${l}」`).join('、')

/** What keeps a complete submission from being valid on the new version as it is, in one sentence. */
function asIsProblem(check: DraftMigration): string {
  if (!check.compatible) return check.reasons.join('；')
  return [
    check.toFill.length ? `新版本要求填写${listed(check.toFill)}` : '',
    check.dropped.length ? `新版本不再有${listed(check.dropped)}` : '',
    check.filled.length ? `新版本新增了${listed(check.filled)}` : '',
  ].filter(Boolean).join('；')
}

interface OtherDraft { id: string; revision: number; data: Record<string, unknown>; check: DraftMigration & { compatible: true } }

/** The rest of the matter: other drafts of the form (each must move too) and submissions still to be issued (each must fit as is). */
async function matterObstacles(tx: Tx | Db, matterId: string, { from, to }: Versions, ownDraftId: string): Promise<{ reasons: string[]; others: OtherDraft[] }> {
  const reasons: string[] = []
  const tasks = await tx.task.findMany({ where: { businessKey: matterId, form: from.key }, select: { id: true } })
  const drafts = await tx.formDraft.findMany({
    where: { formKey: from.key, id: { not: ownDraftId }, OR: [{ subjectType: 'matter', subjectId: matterId }, { taskId: { in: tasks.map((t) => t.id) } }] },
    select: { id: true, ownerId: true, revision: true, data: true },
  })
  const owners = new Map((await tx.user.findMany({ where: { id: { in: drafts.map((d) => d.ownerId) } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]))
  const others: OtherDraft[] = []
  for (const draft of drafts) {
    const check = checkDraftMigration(from.bundledSchema, to.bundledSchema, draft.data as Record<string, unknown>)
    if (check.compatible) others.push({ id: draft.id, revision: draft.revision, data: check.data, check })
    else reasons.push(`本事项中${owners.get(draft.ownerId) ?? '其他人员'}的「${from.manifest.title}」草稿不能迁移：${check.reasons.join('；')}`)
  }
  // A step's submission is issued later (at its approval) with the matter's version of the form.
  if (formIssuesDocument(to)) {
    const submitted = await tx.task.findMany({
      where: { businessKey: matterId, form: from.key, status: 'completed', payload: { not: null }, instance: { status: 'running' } },
      select: { name: true, completedAt: true, payload: true },
    })
    for (const task of submitted) {
      const issued = await tx.document.count({ where: { matterId, formKey: from.key, issuedAt: { gte: task.completedAt ?? new Date(0) } } })
      if (issued) continue
      const check = checkDraftMigration(from.bundledSchema, to.bundledSchema, JSON.parse(task.payload!) as Record<string, unknown>)
      if (!validAsIs(check)) reasons.push(`本事项中已提交、尚未制发的「${task.name}」不符合新版本：${asIsProblem(check)}`)
    }
  }
  return { reasons, others }
}

/** A draft on the new version, conditional on its revision: a save racing past the checks is a conflict, not overwritten. */
async function rewrite(tx: Tx, draft: { id: string; revision: number; data: Record<string, unknown> }, formVersion: string, now: Date): Promise<void> {
  const { count } = await tx.formDraft.updateMany({
    where: { id: draft.id, revision: draft.revision },
    data: { data: draft.data as object, formVersion, revision: draft.revision + 1, updatedAt: now },
  })
  if (count === 0) throw new DraftConflict(draft.revision + 1)
}

/**
 * The offer for the actor's draft at this place, or null (no draft, or no
 * newer version in force). Shown where the draft is opened, whether or not it
 * can move.
 */
export async function draftVersionOffer(db: Db, active: FormRegistry, actor: Actor, place: DraftPlace): Promise<DraftVersionOffer | null> {
  const draft = await db.formDraft.findUnique({ where: { ownerId_scope: { ownerId: actor.id, scope: scopeOf(place) } }, select: { id: true, revision: true, data: true, formVersion: true } })
  if (!draft) return null
  const versions = await versionsOf(db, active, place, draft.formVersion)
  if (!versions) return null
  const { from, to, matterId } = versions
  const row = await db.formVersion.findUnique({ where: { formKey_version: { formKey: to.key, version: to.version } }, select: { changeNote: true } })
  const check = checkDraftMigration(from.bundledSchema, to.bundledSchema, draft.data as Record<string, unknown>)
  const matterReasons = check.compatible && matterId ? (await matterObstacles(db, matterId, versions, draft.id)).reasons : []
  const reasons = check.compatible ? matterReasons : check.reasons
  return {
    draftId: draft.id, revision: draft.revision, fromVersion: from.version, toVersion: to.version, changeNote: row?.changeNote ?? null, matterId,
    compatible: reasons.length === 0, reasons,
    toFill: check.compatible ? check.toFill : [], dropped: check.compatible ? check.dropped : [], filled: check.compatible ? check.filled : [],
  }
}

export interface MigratedDraft {
  revision: number
  fromVersion: number
  toVersion: number
  toFill: string[]
  dropped: string[]
  /** Other drafts of the matter moved with it. */
  othersMoved: number
}

/**
 * Rewrites the actor's draft with the newer version in force (and, for a
 * matter's draft, moves the matter's version of the form with every draft of
 * it), audited as `draft.migrate`, in one transaction.
 * @param expected the revision and version the user saw the offer for
 * @throws NotFound no draft; DraftConflict the draft changed since (409);
 *   Conflict the version in force changed since (409); DraftMigrationRefused (409)
 */
export async function migrateDraft(db: Db, active: FormRegistry, clock: Clock, actor: Actor, place: DraftPlace, expected: { revision: number; toVersion: number }): Promise<MigratedDraft> {
  const now = clock.now()
  const result = await db.$transaction(async (tx) => {
    const draft = await tx.formDraft.findUnique({ where: { ownerId_scope: { ownerId: actor.id, scope: scopeOf(place) } }, select: { id: true, revision: true, data: true, formVersion: true } })
    if (!draft) throw new NotFound('没有可迁移的草稿：草稿可能已提交或删除。')
    if (draft.revision !== expected.revision) throw new DraftConflict(draft.revision)
    const versions = await versionsOf(tx, active, place, draft.formVersion)
    if (!versions || versions.to.version !== expected.toVersion) throw new Conflict('表单的生效版本已经变化，请刷新页面后再看能否迁移。')
    const { from, to, matterId } = versions
    const check = checkDraftMigration(from.bundledSchema, to.bundledSchema, draft.data as Record<string, unknown>)
    if (!check.compatible) throw new DraftMigrationRefused(check.reasons)
    const others = matterId ? await matterObstacles(tx, matterId, versions, draft.id) : { reasons: [], others: [] }
    if (others.reasons.length) throw new DraftMigrationRefused(others.reasons)

    const who = { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
    const detail = { formKey: from.key, fromVersion: from.version, toVersion: to.version, matterId }
    await rewrite(tx, { id: draft.id, revision: draft.revision, data: check.data }, to.contentHash, now)
    await appendAudit(tx, { ...who, action: 'draft.migrate', targetType: 'FormDraft', targetId: draft.id, detail: { ...detail, revision: draft.revision + 1, toFill: check.toFill, dropped: check.dropped, filled: check.filled } }, clock)
    if (matterId) {
      await repinMatterFormIn(tx, matterId, from.key, to.version)
      await appendAudit(tx, { ...who, action: 'matter.form-version', targetType: 'Matter', targetId: matterId, detail: { formKey: from.key, fromVersion: from.version, toVersion: to.version, draftId: draft.id } }, clock)
      for (const other of others.others) {
        // Its owner's open page is refused its next save (a newer revision) and offered to load this one.
        await rewrite(tx, other, to.contentHash, now)
        await appendAudit(tx, { ...who, action: 'draft.migrate', targetType: 'FormDraft', targetId: other.id, detail: { ...detail, revision: other.revision + 1, with: draft.id, toFill: other.check.toFill, dropped: other.check.dropped, filled: other.check.filled } }, clock)
      }
    }
    return { revision: draft.revision + 1, fromVersion: from.version, toVersion: to.version, toFill: check.toFill, dropped: check.dropped, othersMoved: others.others.length, matterId }
  })
  // This process reads the matter's new version at once; the others reload on the counter.
  if (result.matterId) forgetMatterPins(result.matterId)
  const { matterId: _matterId, ...migrated } = result
  return migrated
}
