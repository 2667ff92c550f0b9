/**
 * Proposed form changes (issue 13 part 1, ADR 041): the legal office of the
 * organ that owns a form edits it in the form studio and, after the same
 * checks as a save, submits a proposal with a change note. A process
 * administrator reads what it changes field by field, then accepts it — a
 * new form version through the catalog exactly as a direct save, the checks
 * run again, recorded as proposed by one and accepted by the other — or
 * rejects it with a reason. The proposer is told the outcome. Every step is
 * in the operation log; who may do what is the permission rules'
 * (`create`, `read`, `approve` on CatalogProposal).
 */
import { subject } from '@casl/ability'
import type { CatalogProposal } from '@zhifa/prisma-sqlite'
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'
import { canonicalJson, type LoadedForm } from '../../../forms/_lib/registry.ts'
import { loadExamples } from '../../../forms/_lib/examples.ts'
import { appendAudit } from '../audit.server.ts'
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts'
import { notifyOnce } from '../notifications.server.ts'
import { accessibleWhere, rolesAllowedTo, type AppAbility } from '../permissions.server.ts'
import { activeRoles } from '../permissions/rule-store.server.ts'
import { fieldChanges, type FieldChange } from '../documents/field-diff.ts'
import { activeForm, candidateForm, checkCandidate, refuse, requireNote, storeCandidate, storedFormVersion, type FormEdit, type StudioDeps } from './form-studio.server.ts'
import { formChanges, type FormChanges } from './form-field-diff.ts'
import { formatDiff, lineDiff } from './line-diff.ts'
import type { ProposalRow, ProposalStatus } from './proposal-row.ts'

const KIND = 'form'

export const PROPOSAL_STATUS_TITLES: Record<ProposalStatus, string> = { pending: '待处理', accepted: '已采纳', rejected: '已驳回' }

export interface Acting {
  actor: Actor
  ability: AppAbility
}

export interface FormOwner {
  organId: string
  organName: string
}

/**
 * The organ that owns each form: the organ of whoever put its version in
 * force, the region for a shipped version nobody changed (ADR 041). Forms
 * are one catalog for the whole region; the rules decide which legal
 * offices may propose to an owner (shipped: its own and those below it).
 */
export async function formOwners(db: DbOrTx, keys: string[]): Promise<Map<string, FormOwner>> {
  const items = await db.catalogItem.findMany({ where: { kind: KIND, key: { in: keys } }, select: { key: true, updatedById: true } })
  const publisherIds = [...new Set(items.map((i) => i.updatedById).filter((id): id is string => !!id))]
  const publishers = new Map((await db.user.findMany({ where: { id: { in: publisherIds } }, select: { id: true, organId: true } })).map((u) => [u.id, u.organId]))
  const region = await db.department.findFirst({ where: { parentId: null }, orderBy: { sortOrder: 'asc' }, select: { id: true } })
  const organIds = new Set<string>([...publishers.values(), ...(region ? [region.id] : [])])
  const names = new Map((await db.department.findMany({ where: { id: { in: [...organIds] } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]))
  const owners = new Map<string, FormOwner>()
  for (const key of keys) {
    const publisher = items.find((i) => i.key === key)?.updatedById
    const organId = (publisher ? publishers.get(publisher) : undefined) ?? region?.id
    if (organId) owners.set(key, { organId, organName: names.get(organId) ?? '' })
  }
  return owners
}

export async function formOwner(db: DbOrTx, key: string): Promise<FormOwner> {
  const owner = (await formOwners(db, [key])).get(key)
  if (!owner) throw new NotFound('未找到表单所属机关。')
  return owner
}

/** May this ability propose a change to the form owned by `owner` (the rules' `create` on CatalogProposal)? */
export function mayPropose(ability: AppAbility, key: string, owner: FormOwner): boolean {
  return ability.can('create', subject('CatalogProposal', { kind: KIND, key, ownerOrganId: owner.organId } as CatalogProposal))
}

function auditActor(actor: Actor) {
  return { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp ?? null }
}

const link = (row: Pick<CatalogProposal, 'key' | 'id'>) => `/admin/forms/${row.key}/proposals/${row.id}`

/** The proposed parts as stored. */
export interface ProposedForm {
  schema: JsonSchema
  uiSchema: JsonSchema
  validExample?: Record<string, unknown>
}

function proposedOf(row: Pick<CatalogProposal, 'content'>): ProposedForm {
  const content = (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as ProposedForm
  return content
}

const validPayload = (form: LoadedForm) => loadExamples(form).find((e) => e.valid)?.payload ?? {}

/** Same schema, UI schema and valid example: what a person can change in the studio. */
function sameContent(a: LoadedForm, b: LoadedForm): boolean {
  // Canonical: PostgreSQL's jsonb gives the stored version's keys back in its own order.
  const text = (f: LoadedForm) => canonicalJson([f.bundledSchema, f.uiSchema, validPayload(f)])
  return text(a) === text(b)
}

/**
 * Submits the studio's edit as a proposal: refused (nothing stored) when the
 * proposer may not propose to this form's owner (403), the note is missing,
 * nothing changed, or any check fails — with the same messages as a save.
 */
export async function proposeFormEdit(deps: StudioDeps, acting: Acting, key: string, edit: FormEdit, note: string): Promise<{ id: string; warnings: string[] }> {
  const { actor, ability } = acting
  const owner = await formOwner(deps.db, key)
  if (!mayPropose(ability, key, owner)) throw new Forbidden('只有表单所属机关及其下级机关的法制审核人员可以提出修改。')
  const changeNote = requireNote(note)
  const active = await activeForm(deps, key)
  const form = candidateForm(active, edit)
  // Not by hash alone: a shipped version has no stored examples, so any candidate of it hashes differently.
  if (form.contentHash === active.contentHash || sameContent(active, form)) throw new InvalidInput({ form: ['与生效版本相同，没有可提议的修改'] })
  const check = await checkCandidate(deps, form)
  if (check.problems.length) refuse(check.problems, '未提交')
  const content: ProposedForm = { schema: edit.schema, uiSchema: edit.uiSchema, ...(edit.validExample ? { validExample: edit.validExample } : {}) }
  const row = await deps.db.$transaction(async (tx) => {
    const same = await tx.catalogProposal.findFirst({ where: { kind: KIND, key, status: 'pending', contentHash: form.contentHash }, select: { proposedByName: true } })
    if (same) throw new InvalidInput({ form: [`${same.proposedByName}已提出内容相同的修改，正在等待处理`] })
    const created = await tx.catalogProposal.create({
      data: {
        kind: KIND, key, baseVersion: active.version ?? 0, content: content as object, contentHash: form.contentHash, changeNote,
        ownerOrganId: owner.organId, status: 'pending', proposedById: actor.id, proposedByName: actor.displayName,
        proposerDepartmentId: actor.departmentId, proposerOrganId: actor.organId, createdAt: deps.clock.now(),
      },
    })
    await appendAudit(tx, {
      ...auditActor(actor), action: 'catalog.proposal.submit', targetType: 'CatalogProposal', targetId: created.id,
      detail: { kind: KIND, key, baseVersion: created.baseVersion, contentHash: form.contentHash, changeNote, warnings: check.warnings },
    }, deps.clock)
    return created
  })
  await tellDeciders(deps.db, deps.clock, row, active.manifest.title)
  return { id: row.id, warnings: check.warnings }
}

/** Everyone whose role's rules let them decide the proposal is told it waits (after the proposal is committed). */
async function tellDeciders(db: Db, clock: Clock, row: CatalogProposal, title: string): Promise<void> {
  const roles = rolesAllowedTo(await activeRoles(db), 'approve', 'CatalogProposal', row)
  const holders = await db.roleAssignment.findMany({ where: { role: { in: roles }, user: { status: 'active' } }, select: { userId: true } })
  for (const userId of new Set(holders.map((h) => h.userId))) {
    await notifyOnce(db, {
      userId, kind: 'catalog-proposal-submitted', now: clock.now(), link: link(row), dedupeKey: `proposal:${row.id}:submitted:${userId}`,
      title: `「${title}」有新的修改提议`, body: `${row.proposedByName}提议修改「${title}」：${row.changeNote}`,
    })
  }
}

async function tellProposer(db: Db, clock: Clock, row: CatalogProposal, title: string, outcome: 'accepted' | 'rejected'): Promise<void> {
  await notifyOnce(db, {
    userId: row.proposedById, kind: `catalog-proposal-${outcome}`, now: clock.now(), link: link(row), dedupeKey: `proposal:${row.id}:${outcome}`,
    title: outcome === 'accepted' ? `您对「${title}」的修改提议已采纳` : `您对「${title}」的修改提议被驳回`,
    body: outcome === 'accepted'
      ? `${row.decidedByName}采纳了您的修改提议（${row.changeNote}），已作为第 ${row.acceptedVersion} 版生效。`
      : `${row.decidedByName}驳回了您的修改提议（${row.changeNote}）。理由：${row.decisionNote}`,
  })
}

/** The proposal for a decision: 404 when there is none of this form, 403 when the rules do not let this person decide it, 409 when it was decided. */
async function decidable(db: DbOrTx, acting: Acting, key: string, id: string): Promise<CatalogProposal> {
  const row = await db.catalogProposal.findUnique({ where: { id } })
  if (!row || row.kind !== KIND || row.key !== key) throw new NotFound('没有这条修改提议。')
  if (!acting.ability.can('approve', subject('CatalogProposal', row))) throw new Forbidden('只有流程配置管理员可以采纳或驳回修改提议。')
  if (row.status !== 'pending') throw new Conflict(`该提议已${PROPOSAL_STATUS_TITLES[row.status as ProposalStatus] ?? '处理'}。`)
  return row
}

/** The conditional update deciding a pending proposal: someone else deciding it first is a conflict, and the whole decision rolls back. */
type Decision = Pick<CatalogProposal, 'status' | 'decidedById' | 'decidedByName' | 'decidedAt' | 'decisionNote'> & { acceptedVersion?: number }

async function decideIn(tx: DbOrTx, id: string, data: Decision): Promise<void> {
  const updated = await tx.catalogProposal.updateMany({ where: { id, status: 'pending' }, data })
  if (updated.count !== 1) throw new Conflict('该提议刚刚已被他人处理，请刷新页面。')
}

/**
 * Accepts a proposal: the proposed edit over the version in force, checked
 * again, stored and activated as a direct save would be, with the decision
 * and its log entry in the same transaction. Refused with 409 when another
 * version came into force since it was proposed (the proposal would undo
 * that change), with the check's messages (400) when it no longer passes.
 */
export async function acceptFormProposal(deps: StudioDeps, acting: Acting, key: string, id: string, note = ''): Promise<{ version: number; warnings: string[] }> {
  const { actor } = acting
  const row = await decidable(deps.db, acting, key, id)
  const active = await activeForm(deps, key)
  if (active.version !== row.baseVersion) {
    throw new Conflict(`该提议基于第 ${row.baseVersion} 版，现在生效的是第 ${active.version} 版：采纳会撤销之后的修改。请驳回，由提议人在新版本上重新提议。`)
  }
  const form = candidateForm(active, proposedOf(row))
  const check = await checkCandidate(deps, form)
  if (check.problems.length) refuse(check.problems, '未采纳')
  const decisionNote = note.trim().slice(0, 500) || null
  const changeNote = `${row.changeNote}（${row.proposedByName}提议，${actor.displayName}采纳${decisionNote ? `：${decisionNote}` : ''}）`
  const decidedAt = deps.clock.now()
  const version = await storeCandidate(deps, actor, form, changeNote, {
    activate: true,
    within: async (tx, stored) => {
      await decideIn(tx, id, { status: 'accepted', decidedById: actor.id, decidedByName: actor.displayName, decidedAt, decisionNote, acceptedVersion: stored })
      await appendAudit(tx, {
        ...auditActor(actor), action: 'catalog.proposal.accept', targetType: 'CatalogProposal', targetId: id,
        detail: { kind: KIND, key, version: stored, proposedById: row.proposedById, proposedBy: row.proposedByName, acceptedBy: actor.displayName, note: decisionNote },
      }, deps.clock)
    },
  })
  const decided = await deps.db.catalogProposal.findUniqueOrThrow({ where: { id } })
  await tellProposer(deps.db, deps.clock, decided, active.manifest.title, 'accepted')
  return { version, warnings: check.warnings }
}

/** Rejects a proposal with a reason; nothing else changes. */
export async function rejectFormProposal(deps: Pick<StudioDeps, 'db' | 'clock' | 'catalog'>, acting: Acting, key: string, id: string, reason: string): Promise<void> {
  const { actor } = acting
  const trimmed = reason.trim()
  if (!trimmed) throw new InvalidInput({ reason: ['请填写驳回理由'] })
  if (trimmed.length > 500) throw new InvalidInput({ reason: ['驳回理由不能超过 500 字'] })
  await deps.db.$transaction(async (tx) => {
    await decidable(tx, acting, key, id)
    await decideIn(tx, id, { status: 'rejected', decidedById: actor.id, decidedByName: actor.displayName, decidedAt: deps.clock.now(), decisionNote: trimmed })
    await appendAudit(tx, {
      ...auditActor(actor), action: 'catalog.proposal.reject', targetType: 'CatalogProposal', targetId: id, detail: { kind: KIND, key, reason: trimmed },
    }, deps.clock)
  })
  const decided = await deps.db.catalogProposal.findUniqueOrThrow({ where: { id } })
  const title = deps.catalog.forms.has(key) ? deps.catalog.forms.get(key).manifest.title : key
  await tellProposer(deps.db, deps.clock, decided, title, 'rejected')
}

/** Proposals the ability may read (the rules' `read`): pending first, then the latest decided; of one form when `key` is given. */
export async function formProposals(db: Db, ability: AppAbility, titleOf: (key: string) => string, filter: { key?: string; take?: number } = {}): Promise<ProposalRow[]> {
  const where = { AND: [accessibleWhere(ability, 'read', 'CatalogProposal'), { kind: KIND }, ...(filter.key ? [{ key: filter.key }] : [])] }
  const take = filter.take ?? 50
  const [pending, decided] = await Promise.all([
    db.catalogProposal.findMany({ where: { AND: [...where.AND, { status: 'pending' }] }, orderBy: { createdAt: 'asc' }, take }),
    db.catalogProposal.findMany({ where: { AND: [...where.AND, { status: { not: 'pending' } }] }, orderBy: { decidedAt: 'desc' }, take: 20 }),
  ])
  return [...pending, ...decided].map((r) => ({
    id: r.id, key: r.key, title: titleOf(r.key), status: r.status as ProposalStatus, changeNote: r.changeNote, proposedByName: r.proposedByName,
    createdAt: r.createdAt.toISOString(), baseVersion: r.baseVersion, decidedByName: r.decidedByName, decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote, acceptedVersion: r.acceptedVersion,
  }))
}

export interface ProposalView extends ProposalRow {
  ownerOrganName: string
  activeVersion: number | null
  changes: FormChanges
  exampleChanges: FieldChange[]
  schemaDiff: string
  uiSchemaDiff: string
  mayDecide: boolean
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

/**
 * One proposal as its page shows it: who, when, why, and what it changes —
 * a pending one against the version in force (what accepting it would do),
 * a decided one against the version it was made on. 403 for whoever the
 * rules do not let read it.
 */
export async function proposalView(deps: Pick<StudioDeps, 'db' | 'catalog'>, ability: AppAbility, key: string, id: string): Promise<ProposalView> {
  const row = await deps.db.catalogProposal.findUnique({ where: { id } })
  if (!row || row.kind !== KIND || row.key !== key) throw new NotFound('没有这条修改提议。')
  if (!ability.can('read', subject('CatalogProposal', row))) throw new Forbidden()
  await deps.catalog.fresh()
  const active: LoadedForm & { version?: number } = deps.catalog.forms.get(key)
  const against = row.status === 'pending' ? active : await storedFormVersion(deps.db, key, row.baseVersion)
  const candidate = candidateForm(against, proposedOf(row))
  const owner = await deps.db.department.findUnique({ where: { id: row.ownerOrganId }, select: { name: true } })
  return {
    id: row.id, key, title: active.manifest.title, status: row.status as ProposalStatus, changeNote: row.changeNote, proposedByName: row.proposedByName,
    createdAt: row.createdAt.toISOString(), baseVersion: row.baseVersion, decidedByName: row.decidedByName, decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote, acceptedVersion: row.acceptedVersion, ownerOrganName: owner?.name ?? '—', activeVersion: active.version ?? null,
    changes: formChanges({ schema: against.bundledSchema, uiSchema: against.uiSchema }, { schema: candidate.bundledSchema, uiSchema: candidate.uiSchema }),
    exampleChanges: fieldChanges(candidate.bundledSchema, validPayload(against), validPayload(candidate)),
    schemaDiff: formatDiff(lineDiff(pretty(against.bundledSchema), pretty(candidate.bundledSchema))),
    uiSchemaDiff: formatDiff(lineDiff(pretty(against.uiSchema), pretty(candidate.uiSchema))),
    mayDecide: row.status === 'pending' && ability.can('approve', subject('CatalogProposal', row)),
  }
}
