/**
 * Initial form data from the case, as each form's manifest declares:
 * `{ "party": "case.party", "issueDate": "today" }`. The app builds the
 * context; this stays a pure function of it.
 */
import type { FormManifest } from './manifest.ts'

export interface PrefillContext {
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  today: string
  [source: string]: unknown
}

/** The value at a dotted path (`party.name`), or undefined. */
export function getPath(obj: unknown, dotted: string): unknown {
  let cur = obj
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}

/** Sets the value at a dotted path, making the objects on the way. */
export function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.')
  let cur = obj
  for (const part of parts.slice(0, -1)) {
    if (!cur[part] || typeof cur[part] !== 'object') cur[part] = {}
    cur = cur[part] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]!] = value
}

/** Fields whose source is missing from the context are left out, not set to undefined. */
export function prefill(manifest: Pick<FormManifest, 'prefill'>, context: PrefillContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [field, source] of Object.entries(manifest.prefill)) {
    const value = getPath(context, source)
    if (value !== undefined) setPath(out, field, structuredClone(value))
  }
  return out
}

/** `YYYY-MM-DD` of an instant in China Standard Time. */
export function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}
