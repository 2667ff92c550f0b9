/**
 * A matter's case facts (forms/_lib/case-facts.ts, docs/decisions/038) read
 * from its records — issued documents, and submitted steps not issued —
 * through the matter's pinned form versions; and the correction of an
 * earlier record from a later document: a draft under review is updated, an
 * issued document gets a change request (第七条) stating the correction.
 */
import type { DbOrTx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { caseFact, FACT_PREFIX, getPath, resolveFacts, sameValue, wordingChanges, type CaseRecord, type ResolvedFacts, type TextChange } from '../../../forms/_lib/case-facts.ts'
import { setPath } from '../../../forms/_lib/prefill.ts'
import { formsOfMatter } from '../catalog/matter-forms.server.ts'
import { appendAudit } from '../audit.server.ts'
import { InvalidInput } from '../errors.ts'
import { abilityFor, mayOpenMatter } from '../permissions.server.ts'
import { checkRequestTarget, openMatter, type MatterContext } from './matters.server.ts'

const APPROVAL_FORM = 'approval'

/** The party as documents record it (forms/_common/party.json). */
export function partyOfEntity(party: { name: string; creditCode: string; legalRepresentative: string; address: string; contactPhone: string | null }) {
  return {
    kind: '单位', name: party.name, creditCode: party.creditCode, legalRepresentative: party.legalRepresentative,
    address: party.address, ...(party.contactPhone ? { phone: party.contactPhone } : {}),
  }
}

function issuable(forms: FormRegistry, formKey: string): boolean {
  if (!forms.has(formKey)) return false
  const { manifest } = forms.get(formKey)
  return manifest.kind !== 'approval' && manifest.numbered
}

/** The matter's records a fact can come from, oldest first. */
async function recordsOf(db: DbOrTx, forms: FormRegistry, matterId: string): Promise<CaseRecord[]> {
  const [documents, tasks] = await Promise.all([
    db.document.findMany({
      where: { matterId, deletedAt: null },
      select: { id: true, formKey: true, number: true, data: true, issuedAt: true, taskId: true, madeByName: true, issuedByName: true, formVersion: { select: { title: true } } },
    }),
    db.task.findMany({
      where: { businessKey: matterId, status: 'completed' },
      select: { id: true, name: true, elementId: true, form: true, payload: true, outcome: true, completedAt: true, completedByName: true },
    }),
  ])
  const records: CaseRecord[] = documents.map((d) => ({
    type: 'document', id: d.id, formKey: d.formKey, title: d.formVersion.title, issued: true, draft: false,
    at: d.issuedAt.toISOString(), by: d.madeByName ?? d.issuedByName, data: d.data, number: d.number,
  }))
  for (const t of tasks) {
    if (!t.completedAt) continue
    // A submission that became a document (issued by the step itself, or later at approval) is read from the document.
    const issued = documents.some((d) => d.taskId === t.id || (d.formKey === t.form && d.issuedAt >= t.completedAt!))
    const data = t.form === APPROVAL_FORM || issued || !t.payload ? null : JSON.parse(t.payload)
    records.push({
      type: 'step', id: t.id, formKey: t.form, title: forms.has(t.form) ? forms.get(t.form).manifest.title : t.name, stepName: t.name,
      issued: false, draft: !!data && issuable(forms, t.form), at: t.completedAt.toISOString(), by: t.completedByName,
      data, elementId: t.elementId, outcome: t.outcome,
    })
  }
  return records
}

/** The facts of a matter, each with its source. `forms` is the matter's own registry (formsOfMatter). */
export async function caseFacts(db: DbOrTx, forms: FormRegistry, matterId: string): Promise<ResolvedFacts> {
  const matter = await db.matter.findUnique({ where: { id: matterId }, select: { party: true } })
  if (!matter) return {}
  const records = await recordsOf(db, forms, matterId)
  return resolveFacts(records, (key) => (forms.has(key) ? forms.get(key).manifest : undefined), { party: matter.party ? partyOfEntity(matter.party) : undefined })
}

/** A prefilled field of a step's form, as its page shows it: the fact, its value and where it comes from. */
export interface PrefilledFact {
  field: string
  fact: string
  title: string
  value: unknown
  label: string
  correctable: boolean
}

/** The fields of this form that take a fact the matter knows. */
export function prefilledFacts(forms: FormRegistry, formKey: string, facts: ResolvedFacts): PrefilledFact[] {
  if (!forms.has(formKey)) return []
  return Object.entries(forms.get(formKey).manifest.prefill).flatMap(([field, source]) => {
    const key = source.startsWith(FACT_PREFIX) ? source.slice(FACT_PREFIX.length) : null
    const fact = key ? facts[key] : undefined
    if (!key || !fact) return []
    return [{ field, fact: key, title: caseFact(key)?.title ?? key, value: fact.value, label: fact.source.label, correctable: fact.source.correctable }]
  })
}

interface DraftCorrection { kind: 'draft'; taskId: string; field: string; fact: string; title: string; from: unknown; to: unknown }
interface DocumentCorrection { kind: 'document'; documentId: string; documentTitle: string; facts: string[]; titles: string[]; changes: TextChange[] }
export type Correction = DraftCorrection | DocumentCorrection

export interface CorrectionContext extends MatterContext {
  registry: FormRegistry
}

/**
 * What correcting the earlier records means for the facts the user chose,
 * checked before the later step completes, so a correction that cannot be
 * made refuses the submission with a Chinese message and changes nothing.
 * A fact whose value the user did not change is left out.
 */
export async function planCorrections(ctx: CorrectionContext, actor: Actor, step: { businessKey: string | null; form: string }, payload: unknown, keys: string[]): Promise<Correction[]> {
  if (keys.length === 0 || !step.businessKey) return []
  const forms = await formsOfMatter(ctx.db, ctx.registry, step.businessKey)
  const facts = await caseFacts(ctx.db, forms, step.businessKey)
  const taken = prefilledFacts(forms, step.form, facts)
  const out: Correction[] = []
  for (const key of [...new Set(keys)]) {
    const field = taken.find((f) => f.fact === key)
    const fact = facts[key]
    const title = caseFact(key)?.title ?? key
    if (!field || !fact || !fact.source.correctable || !fact.source.recordId || !fact.source.field) {
      throw new InvalidInput({ _form: [`「${title}」没有可以更正的原记录。`] }, '无法更正原记录')
    }
    const to = getPath(payload, field.field)
    if (sameValue(to, fact.value)) continue
    if (fact.source.kind === 'draft') {
      out.push({ kind: 'draft', taskId: fact.source.recordId, field: fact.source.field, fact: key, title, from: fact.value, to })
      continue
    }
    const changes = wordingChanges(title, fact.value, to)
    if (!changes) {
      throw new InvalidInput({ _form: [`「${title}」的修改不能写成“原内容 → 更改为”的文字更正（第七条），请选择“仅修改本文书”，或另行提出更改申请。`] }, '无法更正原记录')
    }
    const documentId = fact.source.recordId
    const existing = out.find((c): c is DocumentCorrection => c.kind === 'document' && c.documentId === documentId)
    if (existing) {
      existing.facts.push(key)
      existing.titles.push(title)
      existing.changes.push(...changes)
      continue
    }
    out.push({ kind: 'document', documentId, documentTitle: forms.has(fact.source.formKey!) ? forms.get(fact.source.formKey!).manifest.title : '', facts: [key], titles: [title], changes })
  }
  const documents = out.filter((c): c is DocumentCorrection => c.kind === 'document')
  if (documents.length) {
    // Who may ask to change a record (第七条): the same checks the request's own opening makes.
    const ability = await abilityFor(ctx.db, actor, ctx.clock.now())
    if (!mayOpenMatter(ability, 'change-request', actor.departmentId)) {
      throw new InvalidInput({ _form: ['您没有提出执法记录更改申请的权限，请选择“仅修改本文书”。'] }, '无法更正原记录')
    }
    for (const c of documents) await checkRequestTarget(ctx, actor, 'change-request', c.documentId)
  }
  return out
}

export interface AppliedCorrection {
  kind: 'draft' | 'change-request'
  titles: string[]
  /** The change request opened, for the notice and its link. */
  request?: { matterId: string; number: string }
}

/** Applies what `planCorrections` decided, after the later step completed; each correction is audited. */
export async function applyCorrections(ctx: CorrectionContext, actor: Actor, from: { taskId: string; formTitle: string; matterId: string }, plan: Correction[]): Promise<AppliedCorrection[]> {
  const audit = { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
  const applied: AppliedCorrection[] = []
  for (const c of plan.filter((p): p is DraftCorrection => p.kind === 'draft')) {
    await ctx.db.$transaction(async (tx) => {
      const task = await tx.task.findUniqueOrThrow({ where: { id: c.taskId }, select: { payload: true } })
      const data = (task.payload ? JSON.parse(task.payload) : {}) as Record<string, unknown>
      setPath(data, c.field, c.to)
      await tx.task.update({ where: { id: c.taskId }, data: { payload: JSON.stringify(data) } })
      await appendAudit(tx, {
        ...audit, action: 'fact.correct', targetType: 'Task', targetId: c.taskId,
        detail: { matterId: from.matterId, fact: c.fact, from: c.from, to: c.to, via: 'draft', fromTask: from.taskId },
      }, ctx.clock)
    })
    applied.push({ kind: 'draft', titles: [c.title] })
  }
  for (const c of plan.filter((p): p is DocumentCorrection => p.kind === 'document')) {
    const titles = c.titles.join('、')
    const reason = `制作《${from.formTitle}》时核实，《${c.documentTitle}》所载${titles}有误，申请按核实后的内容更正。`
    const { matter } = await openMatter(ctx, actor, {
      kind: 'change-request', title: `更正《${c.documentTitle}》的${titles}`.slice(0, 100),
      data: { targetDocumentId: c.documentId, reason, proposedChanges: c.changes },
    })
    await appendAudit(ctx.db, {
      ...audit, action: 'fact.correct', targetType: 'Document', targetId: c.documentId,
      detail: { matterId: from.matterId, facts: c.facts, changes: c.changes, via: 'change-request', request: matter.id, requestNumber: matter.number, fromTask: from.taskId },
    }, ctx.clock)
    applied.push({ kind: 'change-request', titles: c.titles, request: { matterId: matter.id, number: matter.number } })
  }
  return applied
}
