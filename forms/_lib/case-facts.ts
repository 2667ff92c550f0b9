/**
 * What a case already knows (issue 14 part 4, docs/decisions/038): a small
 * vocabulary of case facts — 案由, 当事人, 违法事实, 法律依据, 决定书文号,
 * dates of earlier steps, reviewers — each with where it is first recorded,
 * and one pure function that reads them from a matter's records. A form
 * takes a fact by naming it in its manifest's prefill map
 * (`"caseName": "facts.caseName"`); the same field then records the fact
 * again when that form is issued, so a value corrected in a later document
 * flows on from there.
 */
import type { FormManifest } from './manifest.ts'
import { getPath } from './prefill.ts'

export { getPath }

/** Where a fact is first recorded. */
export type FactOrigin =
  /** A field of a form's data (dotted path). */
  | { kind: 'field'; form: string; field: string }
  /** The number the issued document of this form was given. */
  | { kind: 'number'; form: string }
  /** The day the document of this form was issued (for an approval form: the day it was approved). */
  | { kind: 'issued-date'; form: string }
  /** A completed step (by BPMN element id, optionally with its outcome): the day it was done, or who did it. */
  | { kind: 'step'; elements: string[]; outcome?: string; value: 'date' | 'name' }

export interface CaseFact {
  key: string
  /** Chinese name, as the confirm and the ADR say it. */
  title: string
  origin: FactOrigin
}

/**
 * The vocabulary. Keys are stable English names; forms take them as
 * `facts.<key>`. The matter's own party (chosen when the case was opened)
 * is the party until a document records another.
 */
export const CASE_FACTS: readonly CaseFact[] = [
  { key: 'caseName', title: '案由', origin: { kind: 'field', form: 'case-filing-approval', field: 'caseName' } },
  { key: 'party', title: '当事人', origin: { kind: 'field', form: 'case-filing-approval', field: 'party' } },
  { key: 'legalBasis', title: '法律依据', origin: { kind: 'field', form: 'case-filing-approval', field: 'legalBasis' } },
  { key: 'facts', title: '违法事实', origin: { kind: 'field', form: 'penalty-notice', field: 'facts' } },
  { key: 'violated', title: '违反的规定', origin: { kind: 'field', form: 'penalty-notice', field: 'violated' } },
  { key: 'proposedPenalty', title: '拟作出的行政处罚', origin: { kind: 'field', form: 'penalty-notice', field: 'proposedPenalty' } },
  { key: 'decisionNumber', title: '行政处罚决定书文号', origin: { kind: 'number', form: 'penalty-decision' } },
  { key: 'filingDate', title: '立案日期', origin: { kind: 'issued-date', form: 'case-filing-approval' } },
  { key: 'noticeDate', title: '告知日期', origin: { kind: 'field', form: 'penalty-notice', field: 'issueDate' } },
  { key: 'decisionDate', title: '决定日期', origin: { kind: 'field', form: 'penalty-decision', field: 'issueDate' } },
  // 送审日期: the day the officers ended the investigation and sent the case to the legal office.
  { key: 'reviewSentDate', title: '送审日期', origin: { kind: 'step', elements: ['inquiryRecord', 'siteExamination', 'sampling'], outcome: 'done', value: 'date' } },
  { key: 'filingReviewer', title: '立案审核人', origin: { kind: 'step', elements: ['reviewFiling'], outcome: 'approve', value: 'name' } },
  { key: 'filingApprover', title: '立案审批人', origin: { kind: 'step', elements: ['approveFiling'], outcome: 'approve', value: 'name' } },
  { key: 'legalReviewer', title: '法制审核人', origin: { kind: 'step', elements: ['legalReview'], value: 'name' } },
]

export const FACT_PREFIX = 'facts.'

export function caseFact(key: string): CaseFact | undefined {
  return CASE_FACTS.find((f) => f.key === key)
}

/** One record of a matter a fact can be read from: an issued document, or a submitted step (a draft under review, or a step record). */
export interface CaseRecord {
  type: 'document' | 'step'
  id: string
  formKey: string
  /** The form's title, e.g. 立案审批表. */
  title: string
  /** A step's name, e.g. 制作勘验笔录. */
  stepName?: string
  /** Issued document (true) or a step's submission not (yet) issued. */
  issued: boolean
  /** A submitted draft of a document issued at approval (zf:issue), as opposed to a step's own record. */
  draft: boolean
  /** When it was issued or submitted (ISO instant). */
  at: string
  /** Who made it. */
  by: string | null
  data: unknown
  number?: string | null
  elementId?: string
  outcome?: string | null
}

export interface FactSource {
  kind: 'document' | 'draft' | 'record' | 'step' | 'matter'
  recordId: string | null
  formKey: string | null
  /** The field of the record that holds the value (field facts only). */
  field: string | null
  /** 来自《立案审批表》（2026-03-02 张三） */
  label: string
  /** The earlier record can be corrected from a later document: a field of an issued document (change request) or of a draft (updated). */
  correctable: boolean
}

export interface ResolvedFact {
  value: unknown
  source: FactSource
}

export type ResolvedFacts = Record<string, ResolvedFact>

/** `YYYY-MM-DD` of an instant in China Standard Time. */
function shanghaiDay(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso))
}

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** Same JSON value (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return false
}

/** The fields of a form that take (and so record) a fact: `field → fact key`. */
export function factFields(manifest: Pick<FormManifest, 'key' | 'prefill'>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, source] of Object.entries(manifest.prefill)) {
    if (source.startsWith(FACT_PREFIX)) out[field] = source.slice(FACT_PREFIX.length)
  }
  for (const fact of CASE_FACTS) {
    if (fact.origin.kind === 'field' && fact.origin.form === manifest.key) out[fact.origin.field] ??= fact.key
  }
  return out
}

function label(record: CaseRecord, asStep = false): string {
  const day = shanghaiDay(record.at)
  const who = record.by ? ` ${record.by}` : ''
  if (asStep) return `来自「${record.stepName ?? record.title}」（${day}${who}）`
  const state = record.issued ? '' : record.draft ? '草稿，' : ''
  return `来自《${record.title}》（${state}${day}${who}）`
}

/**
 * The facts of a matter from its records. A field fact takes the value of
 * the latest issued document that records it; before any document records
 * it, the latest submitted draft under review (or step record) does. A
 * user's unsubmitted draft is not a record: its values stay in its own
 * form. Facts nobody recorded are absent.
 *
 * @param manifestOf the manifest of a form as the matter uses it (its pinned version).
 * @param base what the matter itself knows: its party.
 * @example resolveFacts([filing], (k) => registry.get(k).manifest).caseName
 *   // { value: '未按规定…案', source: { label: '来自《立案审批表》（2026-03-02 买买提）', … } }
 */
export function resolveFacts(
  records: readonly CaseRecord[],
  manifestOf: (formKey: string) => Pick<FormManifest, 'key' | 'prefill'> | undefined,
  base: { party?: unknown } = {},
): ResolvedFacts {
  const out: ResolvedFacts = {}
  if (present(base.party)) {
    out.party = { value: base.party, source: { kind: 'matter', recordId: null, formKey: null, field: null, label: '来自立案时选定的当事人', correctable: false } }
  }
  // Oldest first, drafts before documents: a later candidate replaces an earlier one.
  const ordered = [...records].sort((a, b) => Number(a.issued) - Number(b.issued) || a.at.localeCompare(b.at))
  for (const record of ordered) {
    const fields = factFields(manifestOf(record.formKey) ?? { key: record.formKey, prefill: {} })
    for (const [field, key] of Object.entries(fields)) {
      if (!caseFact(key)) continue
      const value = getPath(record.data, field)
      if (!present(value)) continue
      const kind = record.issued ? 'document' : record.draft ? 'draft' : 'record'
      out[key] = { value, source: { kind, recordId: record.id, formKey: record.formKey, field, label: label(record), correctable: kind !== 'record' } }
    }
    for (const fact of CASE_FACTS) {
      const o = fact.origin
      if (record.type === 'document' && record.issued && (o.kind === 'number' || o.kind === 'issued-date') && o.form === record.formKey) {
        const value = o.kind === 'number' ? record.number : shanghaiDay(record.at)
        if (present(value)) out[fact.key] = { value, source: { kind: 'document', recordId: record.id, formKey: record.formKey, field: null, label: label(record), correctable: false } }
      }
      if (record.type === 'step' && o.kind === 'step' && record.elementId && o.elements.includes(record.elementId) && (!o.outcome || o.outcome === record.outcome)) {
        const value = o.value === 'date' ? shanghaiDay(record.at) : record.by
        if (present(value)) out[fact.key] = { value, source: { kind: 'step', recordId: record.id, formKey: record.formKey, field: null, label: label(record, true), correctable: false } }
      }
    }
  }
  return out
}

/** The plain values of resolved facts, for the prefill context's `facts` part. */
export function factValues(facts: ResolvedFacts): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([k, f]) => [k, f.value]))
}

export interface TextChange {
  field: string
  current: string
  proposed: string
}

/**
 * A correction as a change request states it (第七条: original text → new
 * text): one entry per text that differs, walking both values in step.
 * Null when the two do not line up (a list grew or shrank, a number
 * changed): such a correction cannot be stated as wording.
 */
export function wordingChanges(title: string, before: unknown, after: unknown): TextChange[] | null {
  const out: TextChange[] = []
  const walk = (a: unknown, b: unknown, where: string): boolean => {
    if (typeof a === 'string' && typeof b === 'string') {
      if (a !== b) {
        if (!a) return false
        out.push({ field: where, current: a, proposed: b })
      }
      return true
    }
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => walk(v, b[i], a.length > 1 ? `${where}第${i + 1}项` : where))
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)])
      return [...keys].every((k) => walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], where))
    }
    return sameValue(a, b)
  }
  return walk(before, after, title) ? out : null
}
