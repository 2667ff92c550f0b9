/**
 * Can a draft saved on one version of a form move to a newer one? A pure
 * decision over the two bundled schemas and the draft's data
 * (docs/decisions/039):
 *
 * - the data is first **reshaped** for the new version: fields the new
 *   version no longer has are dropped, new fields with a `default` get it;
 * - both versions then judge it with the server's Ajv set-up. A draft is
 *   half-filled by nature, so only what the new version refuses and the old
 *   one accepted counts — an empty required field that was already empty is
 *   not the migration's doing;
 * - a field the new version newly requires is **to be filled** (the
 *   migration is offered, and submitting keeps failing until it is filled);
 * - any other new refusal (a value no longer allowed, a changed type, a
 *   stricter pattern or length) makes the versions **incompatible**, with
 *   the reasons in Chinese: the draft stays on its version.
 */
import type { ErrorObject } from 'ajv'
import { createAjv } from './ajv.ts'
import { isNoise, toFieldErrors } from './messages.ts'
import { deref, schemaAt, type JsonSchema } from './schema-ref.ts'
import { propertiesOf } from './schema-fields.ts'

export type DraftMigration =
  | {
    compatible: true
    /** The draft's data as the new version keeps it. */
    data: Record<string, unknown>
    /** Fields the new version newly requires that the draft leaves empty (labels). */
    toFill: string[]
    /** Fields dropped because the new version no longer has them (labels). */
    dropped: string[]
    /** New fields filled with the new version's default (labels). */
    filled: string[]
  }
  | { compatible: false; reasons: string[] }

type Data = Record<string, unknown>

const isObject = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v)

/** 「当事人·联系电话」: the titles of the objects on the way to the field and its own (array positions skipped). */
function labelAt(bundle: JsonSchema, pointer: string): string {
  const segments = pointer.split('/').slice(1)
  const titles: string[] = []
  for (let i = 1; i <= segments.length; i++) {
    if (/^\d+$/.test(segments[i - 1]!)) continue
    const node = schemaAt(bundle, `/${segments.slice(0, i).join('/')}`)
    titles.push(typeof node?.title === 'string' ? node.title : segments[i - 1]!)
  }
  return titles.join('·')
}

interface Reshaped { data: Data; dropped: string[]; filled: string[] }

/** The data with fields the new version no longer has dropped and its new fields' defaults filled in. */
function reshape(from: JsonSchema, to: JsonSchema, draft: Data): Reshaped {
  const dropped: string[] = []
  const filled: string[] = []
  const walk = (value: unknown, oldNode: JsonSchema | undefined, newNode: JsonSchema | undefined, pointer: string, depth: number): void => {
    if (!newNode || depth > 12) return
    if (Array.isArray(value)) {
      const items = deref(newNode.items as JsonSchema | undefined, to)
      const oldItems = oldNode ? deref(oldNode.items as JsonSchema | undefined, from) : undefined
      value.forEach((item, i) => walk(item, oldItems, items, `${pointer}/${i}`, depth + 1))
      return
    }
    if (!isObject(value)) return
    const next = propertiesOf(newNode, to)
    const before = oldNode ? propertiesOf(oldNode, from) : new Map<string, { schema: JsonSchema }>()
    for (const key of Object.keys(value)) {
      const property = next.get(key)
      if (property) walk(value[key], before.get(key)?.schema, property.schema, `${pointer}/${key}`, depth + 1)
      else if (before.has(key) || newNode.additionalProperties === false) {
        dropped.push(before.has(key) ? labelAt(from, `${pointer}/${key}`) : key)
        delete value[key]
      }
    }
    for (const [key, { schema }] of next) {
      if (key in value || before.has(key) || schema.default === undefined) continue
      value[key] = structuredClone(schema.default)
      filled.push(labelAt(to, `${pointer}/${key}`))
    }
  }
  const data = structuredClone(draft)
  walk(data, deref(from, from), deref(to, to), '', 0)
  return { data, dropped, filled }
}

/** A version's errors on the data; a fresh Ajv each time, since two versions of a form share one `$id`. */
function errorsOf(bundle: JsonSchema, data: unknown): ErrorObject[] {
  const validate = createAjv().compile(bundle)
  return validate(data) ? [] : (validate.errors ?? []).filter((e) => !isNoise(e.keyword))
}

/** Where an error is and what kind it is: the same refusal of both versions has the same identity. */
function identity(e: ErrorObject): string {
  return e.keyword === 'required'
    ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}\u0000required`
    : `${e.instancePath}\u0000${e.keyword}`
}

/** One refusal of the new version as a sentence naming the field. */
function reason(to: JsonSchema, e: ErrorObject): string {
  const label = labelAt(to, e.instancePath)
  if (e.keyword === 'enum' || e.keyword === 'const') {
    return typeof e.data === 'string' || typeof e.data === 'number' ? `「${label}」的取值「${e.data}」不再允许` : `「${label}」的取值不再允许`
  }
  const message = toFieldErrors([e], to)[0]?.message ?? '填写有误'
  return message.includes(`「${label.split('·').pop()}」`) ? `新版本中${message}` : `新版本中「${label}」：${message}`
}

/**
 * @param from the bundled schema of the draft's version
 * @param to the bundled schema of the newer version
 * @example
 * const m = checkDraftMigration(v1.bundledSchema, v2.bundledSchema, draft.data)
 * if (m.compatible) save(m.data) // and tell the user m.toFill
 * else show(m.reasons)           // e.g. 「复查结论」的取值「部分整改」不再允许
 */
export function checkDraftMigration(from: JsonSchema, to: JsonSchema, draft: Data): DraftMigration {
  const { data, dropped, filled } = reshape(from, to, draft)
  const before = new Set(errorsOf(from, draft).map(identity))
  const toFill: string[] = []
  const reasons: string[] = []
  for (const e of errorsOf(to, data)) {
    if (before.has(identity(e))) continue
    if (e.keyword === 'required') toFill.push(labelAt(to, `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`))
    else reasons.push(reason(to, e))
  }
  const unique = (list: string[]) => [...new Set(list)]
  if (reasons.length) return { compatible: false, reasons: unique(reasons) }
  return { compatible: true, data, toFill: unique(toFill), dropped: unique(dropped), filled: unique(filled) }
}

/** Whether data submitted on the old version (complete, valid there) is valid on the new one exactly as it is. */
export function validAsIs(migration: DraftMigration): boolean {
  return migration.compatible && migration.toFill.length === 0 && migration.dropped.length === 0 && migration.filled.length === 0
}
