/**
 * The manifest (`forms/<key>/form.json`) says what a form is, beside its
 * schema, UI schema, layout and template.
 */

import { derivedRuleProblems, type DerivedRule } from './derived.ts'

/**
 * document: a statutory document; decision: one carrying the appeal notice; plan: plans and summaries;
 * approval: review/approval step data, never issued; record: what a procedure step records (a request,
 * a random draw, a publication, a payment), kept on the matter's timeline, never issued as a numbered document.
 */
export type FormKind = 'document' | 'decision' | 'plan' | 'approval' | 'record'

/**
 * Where a prefilled field comes from, resolved by `prefill()` against a
 * context the app builds from the case: `department.name`, `case.party`,
 * `case.officers`, `today`, or any dotted path into the context.
 */
export type PrefillSource = string

export interface FormManifest {
  key: string
  /** Chinese title, as printed on the document. */
  title: string
  /** Article of the regulation (or "standard" practice) it rests on. */
  article: string
  kind: FormKind
  /** Issued with a number from a department sequence. */
  numbered: boolean
  /** Sequence key (机关代字 suffix, e.g. "罚"): documents sharing it share a sequence. */
  sequence?: string
  /**
   * A 笔录 the national formats leave unnumbered (询问笔录, 当事人陈述申辩笔录,
   * 听证笔录): issued without a number unless the department turns on its
   * `transcript-numbering` setting, then numbered in `sequence`.
   */
  transcript?: boolean
  /** Top-level `x-system` field → how the system writes it from the submitted data (derived.ts). */
  derived?: Record<string, DerivedRule>
  /** Field (dotted path) → prefill source. */
  prefill: Record<string, PrefillSource>
  /** Dotted paths of the fields that must appear on the rendered document (checked by tests and `forms check`). */
  printed: string[]
  /**
   * The examples this version is checked with, when it was made in the form
   * studio (the shipped forms keep theirs in `examples/`): a version saved in
   * the browser has no folder, and its examples change with its fields.
   */
  examples?: StoredExample[]
}

/** An example as stored with a version: `valid*.json` must pass, `invalid-*.json` fail at `expectedErrors`. */
export interface StoredExample {
  file: string
  description: string
  expectedErrors: string[]
  payload: Record<string, unknown>
}

export const FORM_KINDS: readonly FormKind[] = ['document', 'decision', 'plan', 'approval', 'record']

/** Refuses a manifest that does not fit; returns the reasons. */
export function manifestProblems(m: Partial<FormManifest>, dirKey: string): string[] {
  const problems: string[] = []
  if (m.key !== dirKey) problems.push(`key "${m.key}" ≠ folder "${dirKey}"`)
  if (!m.title) problems.push('title missing')
  if (!m.article) problems.push('article missing')
  if (!m.kind || !FORM_KINDS.includes(m.kind)) problems.push(`kind "${m.kind}" not one of ${FORM_KINDS.join('|')}`)
  if (typeof m.numbered !== 'boolean') problems.push('numbered must be true or false')
  if (m.numbered && !m.sequence) problems.push('a numbered form needs a sequence key')
  if (m.kind === 'approval' && m.numbered) problems.push('an approval form is never numbered')
  if (m.kind === 'record' && m.numbered) problems.push('a record form is never numbered')
  if (m.transcript !== undefined && typeof m.transcript !== 'boolean') problems.push('transcript must be true or false')
  if (m.transcript && !m.numbered) problems.push('a transcript is issued: it must be numbered (its department may leave it unnumbered)')
  problems.push(...derivedRuleProblems(m.derived))
  if (!m.prefill || typeof m.prefill !== 'object') problems.push('prefill map missing')
  if (!Array.isArray(m.printed)) problems.push('printed list missing')
  return problems
}
