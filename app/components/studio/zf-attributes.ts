/**
 * Reading and writing the `zf` attributes of a step, as the studio's 执法
 * panel does: pure functions over a moddle business object, so the same
 * code is unit-tested on bpmn-moddle in Node and runs in the panel.
 * An empty value removes the attribute (the file says only what is set).
 */

/** The business object of a BPMN element: what bpmn-moddle gives (get/set by qualified name). */
export interface BusinessObject {
  get(name: string): unknown
  set(name: string, value: unknown): void
  $type: string
}

/** Every `zf` attribute of a user task (engine/zf-moddle.json); the 执法 panel has an entry for each. */
export const ZF_NAMES = ['form', 'approval', 'role', 'scope', 'due', 'gate', 'outcome', 'outcomes', 'result', 'assignee', 'lead', 'issue', 'period', 'completion', 'opinion', 'overdue'] as const

export type ZfName = (typeof ZF_NAMES)[number]

export function readZf(bo: BusinessObject, name: ZfName): string {
  const value = bo.get(`zf:${name}`)
  return value === undefined || value === null ? '' : String(value)
}

export function readApproval(bo: BusinessObject): boolean {
  return bo.get('zf:approval') === true
}

/** The properties `modeling.updateProperties` takes to set (or, when empty, remove) one attribute. */
export function zfUpdate(name: ZfName, value: string | boolean | null | undefined): Record<string, unknown> {
  if (typeof value === 'boolean') return { [`zf:${name}`]: value ? true : undefined }
  const text = (value ?? '').trim()
  return { [`zf:${name}`]: text === '' ? undefined : text }
}

/** Applies an update to a business object the way modeling.updateProperties does (used in tests and on the process root). */
export function applyUpdate(bo: BusinessObject, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) bo.set(key, value)
}

/** zf:outcomes is a space-separated list of outcome keys. */
export function outcomesOf(text: string): string[] {
  return text.split(/\s+/).filter(Boolean)
}

export function outcomesText(list: readonly string[]): string {
  return [...new Set(list.map((o) => o.trim()).filter(Boolean))].join(' ')
}

/**
 * zf:due split into what the panel edits: a number of working days and a
 * FEEL date they count from. Other forms of deadline (calendar days, hours,
 * a count from a department's setting) stay as text: `other`.
 */
export interface DueParts {
  workingDays: number | null
  from: string
  other: string
}

const WORKING_DAYS = /^(\d+)\s*(?:working\s+days?|个?工作日)$/i
const WORKING_DAYS_AFTER = /^(\d+)\s*(?:working\s+days?|个?工作日)\s+after\s+(=[\s\S]*)$/i

/** Split by the shape of the text only (a FEEL date still being typed stays in its field); the deploy check judges the FEEL. */
export function dueParts(text: string): DueParts {
  const trimmed = text.trim()
  if (!trimmed) return { workingDays: null, from: '', other: '' }
  const working = WORKING_DAYS.exec(trimmed)
  if (working) return { workingDays: Number(working[1]), from: '', other: '' }
  const after = WORKING_DAYS_AFTER.exec(trimmed)
  if (after) return { workingDays: Number(after[1]), from: after[2]!.trim(), other: '' }
  if (trimmed.startsWith('=')) return { workingDays: null, from: trimmed, other: '' }
  return { workingDays: null, from: '', other: trimmed }
}

/** The zf:due text for working days and/or a FEEL date ("3 working days", "= date(x)", "5 working days after = date(x)"). */
export function dueText(parts: { workingDays: number | null; from: string }): string {
  const from = parts.from.trim()
  const feel = from === '' ? '' : from.startsWith('=') ? from : `= ${from}`
  const days = parts.workingDays !== null && Number.isFinite(parts.workingDays) && parts.workingDays > 0 ? Math.floor(parts.workingDays) : null
  if (days !== null && feel) return `${days} working days after ${feel}`
  if (days !== null) return `${days} working days`
  return feel
}
