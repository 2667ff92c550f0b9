/**
 * Ajv errors → field errors a person can act on, in Chinese: the field's own
 * `x-message` when the schema has one, otherwise ajv-i18n's Chinese text
 * prefixed with the field's title.
 */
import type { ErrorObject } from 'ajv'
import localizeZhModule from 'ajv-i18n/localize/zh/index.js'
import { deref, type JsonSchema } from './bundle.ts'

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

/** The (dereferenced) schema of the value at a JSON Pointer, following properties and items. */
export function schemaAt(bundle: JsonSchema, pointer: string): JsonSchema | undefined {
  let current: JsonSchema | undefined = deref(bundle, bundle)
  for (const segment of pointer.split('/').slice(1)) {
    if (!current) return undefined
    const next: unknown = /^\d+$/.test(segment) && current.items ? current.items : (current.properties as Record<string, JsonSchema> | undefined)?.[segment]
    current = deref(next as JsonSchema | undefined, bundle)
  }
  return current
}

export function toFieldErrors(errors: ErrorObject[] | null | undefined, bundle: JsonSchema): FieldError[] {
  if (!errors?.length) return []
  const copies = errors.map((e) => ({ ...e }))
  localizeZh(copies)
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of copies) {
    if (NOISE.has(e.keyword)) continue
    let path = e.instancePath
    let fieldSchema = deref(e.parentSchema as JsonSchema | undefined, bundle)
    let message: string | undefined
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty
      path = `${path}/${missing}`
      const props = (fieldSchema?.properties ?? {}) as Record<string, JsonSchema>
      // A `required` inside if/then/else has no properties of its own: find the field from the root.
      fieldSchema = deref(props[missing], bundle) ?? schemaAt(bundle, path)
      message = `请填写「${String(fieldSchema?.title ?? missing)}」`
    } else if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty
      path = `${path}/${extra}`
      message = `表单中没有「${extra}」这一项`
    } else {
      // Keywords inside if/then/allOf sit in a bare subschema: fall back to the field's own schema.
      const own = schemaAt(bundle, path)
      message = customMessage(fieldSchema, e.keyword) ?? customMessage(own, e.keyword)
      if (!message) {
        const titled = fieldSchema?.title ?? own?.title
        const title = typeof titled === 'string' ? `「${titled}」` : ''
        message = `${title}${e.message ?? '填写有误'}`
      }
    }
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message })
  }
  return out
}
