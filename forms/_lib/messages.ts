/**
 * Ajv errors → field errors a person can act on, in Chinese: the field's own
 * `x-message` when the schema has one, otherwise ajv-i18n's Chinese text
 * prefixed with the field's title.
 */
import type { ErrorObject } from 'ajv'
import localizeZhModule from 'ajv-i18n/localize/zh/index.js'
import { deref, schemaAt, type JsonSchema } from './schema-ref.ts'

export { schemaAt }

const localizeZh = ((localizeZhModule as unknown as { default?: typeof localizeZhModule }).default ?? localizeZhModule)

export interface FieldError {
  /** JSON Pointer of the field, e.g. `/party/creditCode`, `/officers` or `` for the whole form. */
  path: string
  message: string
}

const FRIENDLY_BY_KEYWORD = new Set(['pattern', 'format', 'creditCode', 'idNumber'])
// Wrappers whose own error only repeats what the nested error says.
const NOISE = new Set(['if', 'anyOf', 'oneOf', 'allOf'])

function customMessage(schema: JsonSchema | undefined, keyword: string): string | undefined {
  const x = schema?.['x-message']
  if (typeof x === 'string') return FRIENDLY_BY_KEYWORD.has(keyword) ? x : undefined
  if (x && typeof x === 'object') return (x as Record<string, string>)[keyword]
  return undefined
}

export interface ErrorFacts {
  /** The failing keyword (`required`, `pattern`, `minLength`, …). */
  keyword: string
  /** JSON Pointer of the field the message belongs to (for `required`, the missing field). */
  path: string
  /** ajv-i18n's Chinese text of the error. */
  localized?: string
  /** The schema the keyword sits in, when known (the server knows it; rjsf's errors do not carry it). */
  fieldSchema?: JsonSchema
}

/**
 * The message a person sees for one error. Shared by the server (below) and
 * the browser form's `transformErrors`, so both say the same thing.
 */
export function fieldMessage(bundle: JsonSchema, facts: ErrorFacts): string {
  const { keyword, path } = facts
  const name = path.split('/').pop() ?? ''
  const own = schemaAt(bundle, path)
  if (keyword === 'required') return `请填写「${String((facts.fieldSchema ?? own)?.title ?? name)}」`
  if (keyword === 'additionalProperties') return `表单中没有「${name}」这一项`
  // Keywords inside if/then/allOf sit in a bare subschema: fall back to the field's own schema.
  const custom = customMessage(facts.fieldSchema, keyword) ?? customMessage(own, keyword)
  if (custom) return custom
  // The field's own title (what the form shows) before the title of the subschema the keyword sits in
  // (a shared part's generic title, a oneOf branch's option label).
  const titled = own?.title ?? facts.fieldSchema?.title
  return `${typeof titled === 'string' ? `「${titled}」` : ''}${facts.localized ?? '填写有误'}`
}

/** Whether an error only repeats what a nested error says (if/anyOf/oneOf/allOf wrappers). */
export function isNoise(keyword: string): boolean {
  return NOISE.has(keyword)
}

export function toFieldErrors(errors: ErrorObject[] | null | undefined, bundle: JsonSchema): FieldError[] {
  if (!errors?.length) return []
  const copies = errors.map((e) => ({ ...e }))
  localizeZh(copies)
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of copies) {
    if (isNoise(e.keyword)) continue
    let path = e.instancePath
    let fieldSchema = deref(e.parentSchema as JsonSchema | undefined, bundle)
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty
      path = `${path}/${missing}`
      const props = (fieldSchema?.properties ?? {}) as Record<string, JsonSchema>
      // A `required` inside if/then/else has no properties of its own: fieldMessage finds the field from the root.
      fieldSchema = deref(props[missing], bundle)
    } else if (e.keyword === 'additionalProperties') {
      path = `${path}/${(e.params as { additionalProperty: string }).additionalProperty}`
    }
    const message = fieldMessage(bundle, { keyword: e.keyword, path, localized: e.message, fieldSchema })
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message })
  }
  return out
}
