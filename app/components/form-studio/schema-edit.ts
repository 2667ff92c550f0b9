/**
 * The field list editor's operations on a form's top-level fields: each
 * takes the schema and UI schema and returns new ones (nothing is changed in
 * place), so the page keeps one state and the code view shows the result.
 * Order lives in the UI schema's `ui:order` (rjsf's), kept with `*` last.
 */
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'

export type FieldKind = 'text' | 'textarea' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'choice' | 'common' | 'other'

export const FIELD_KINDS: { value: FieldKind; label: string }[] = [
  { value: 'text', label: '文本' },
  { value: 'textarea', label: '多行文本' },
  { value: 'integer', label: '整数' },
  { value: 'number', label: '数字（金额等）' },
  { value: 'boolean', label: '是/否' },
  { value: 'date', label: '日期' },
  { value: 'datetime', label: '日期和时间' },
  { value: 'choice', label: '选项（枚举）' },
  { value: 'common', label: '共用部分（forms/_common）' },
]

export interface FieldRow {
  key: string
  title: string
  kind: FieldKind
  required: boolean
  pattern: string
  message: string
  choices: string[]
  /** For kind `common`: the shared part's name (party, officers, …). */
  common: string
}

export interface Editable {
  schema: JsonSchema
  uiSchema: JsonSchema
}

/** A JavaScript-safe English key, as the shipped forms use (camelCase). */
export const FIELD_KEY = /^[a-z][A-Za-z0-9]{0,40}$/

type Props = Record<string, JsonSchema>

function props(schema: JsonSchema): Props {
  return (schema.properties as Props | undefined) ?? {}
}

function order(e: Editable): string[] {
  const keys = Object.keys(props(e.schema))
  const given = ((e.uiSchema['ui:order'] as string[] | undefined) ?? []).filter((k) => k !== '*' && keys.includes(k))
  return [...given, ...keys.filter((k) => !given.includes(k))]
}

function kindOf(field: JsonSchema, ui: JsonSchema | undefined): FieldKind {
  if (typeof field.$ref === 'string' && field.$ref.startsWith('#/definitions/')) return 'common'
  if (Array.isArray(field.enum)) return 'choice'
  if (field.type === 'string' && field.format === 'date') return 'date'
  if (field.type === 'string' && field.format === 'date-time') return 'datetime'
  if (field.type === 'string') return ui?.['ui:widget'] === 'textarea' ? 'textarea' : 'text'
  if (field.type === 'integer' || field.type === 'number' || field.type === 'boolean') return field.type
  return 'other'
}

/** The top-level fields in the order the form shows them. */
export function fieldRows(e: Editable): FieldRow[] {
  const required = new Set((e.schema.required as string[] | undefined) ?? [])
  return order(e).map((key) => {
    const field = props(e.schema)[key] ?? {}
    const message = field['x-message']
    return {
      key, title: String(field.title ?? ''), kind: kindOf(field, e.uiSchema[key] as JsonSchema | undefined), required: required.has(key),
      pattern: typeof field.pattern === 'string' ? field.pattern : '', message: typeof message === 'string' ? message : '',
      choices: Array.isArray(field.enum) ? field.enum.map(String) : [],
      common: typeof field.$ref === 'string' ? field.$ref.replace('#/definitions/', '') : '',
    }
  })
}

function withOrder(e: Editable, keys: string[]): JsonSchema {
  const rest = (e.uiSchema['ui:order'] as string[] | undefined)?.includes('*') ?? true
  return { ...e.uiSchema, 'ui:order': rest ? [...keys, '*'] : keys }
}

/** The schema of a field of this kind, keeping what the kind does not decide (descriptions, lengths). */
function fieldSchema(row: FieldRow, before: JsonSchema = {}): JsonSchema {
  const { type: _t, format: _f, enum: _e, $ref: _r, pattern: _p, 'x-message': _m, ...kept } = before
  const base: JsonSchema = { ...kept, title: row.title }
  if (row.kind === 'common') return { $ref: `#/definitions/${row.common}`, title: row.title }
  if (row.kind === 'integer' || row.kind === 'number' || row.kind === 'boolean') Object.assign(base, { type: row.kind })
  else if (row.kind === 'date') Object.assign(base, { type: 'string', format: 'date' })
  else if (row.kind === 'datetime') Object.assign(base, { type: 'string', format: 'date-time' })
  else if (row.kind === 'choice') Object.assign(base, { type: 'string', enum: row.choices })
  else if (row.kind === 'other') return { ...before, title: row.title }
  else Object.assign(base, { type: 'string' })
  if ((row.kind === 'text' || row.kind === 'textarea') && row.pattern) base.pattern = row.pattern
  if ((row.kind === 'text' || row.kind === 'textarea') && row.pattern && row.message) base['x-message'] = row.message
  return base
}

/**
 * Adds or replaces a top-level field. A shared part brings its definitions
 * (`commons[name]`, already bundled) into the schema, as the server's bundle would.
 */
export function putField(e: Editable, row: FieldRow, commons: Record<string, Record<string, JsonSchema>> = {}, previousKey = row.key): Editable {
  const before = props(e.schema)[previousKey]
  const nextProps: Props = {}
  for (const [k, v] of Object.entries(props(e.schema))) {
    if (k === previousKey) nextProps[row.key] = fieldSchema(row, v)
    else nextProps[k] = v
  }
  if (!before) nextProps[row.key] = fieldSchema(row)
  const required = ((e.schema.required as string[] | undefined) ?? []).filter((k) => k !== previousKey && k !== row.key)
  if (row.required) required.push(row.key)
  const schema: JsonSchema = { ...e.schema, properties: nextProps, required }
  if (row.kind === 'common' && commons[row.common]) {
    schema.definitions = { ...(commons[row.common] ?? {}), ...((e.schema.definitions as Props | undefined) ?? {}) }
  }
  const keys = order(e).map((k) => (k === previousKey ? row.key : k))
  if (!keys.includes(row.key)) keys.push(row.key)
  const uiSchema: JsonSchema = { ...withOrder(e, keys) }
  if (previousKey !== row.key) {
    uiSchema[row.key] = uiSchema[previousKey]
    delete uiSchema[previousKey]
  }
  const ui = { ...((uiSchema[row.key] as JsonSchema | undefined) ?? {}) }
  if (row.kind === 'textarea') ui['ui:widget'] = 'textarea'
  else if (ui['ui:widget'] === 'textarea') delete ui['ui:widget']
  if (Object.keys(ui).length) uiSchema[row.key] = ui
  else delete uiSchema[row.key]
  return { schema, uiSchema }
}

export function removeField(e: Editable, key: string): Editable {
  const { [key]: _gone, ...rest } = props(e.schema)
  const schema = { ...e.schema, properties: rest, required: ((e.schema.required as string[] | undefined) ?? []).filter((k) => k !== key) }
  const { [key]: _ui, ...uiRest } = e.uiSchema
  return { schema, uiSchema: withOrder({ schema, uiSchema: uiRest }, order(e).filter((k) => k !== key)) }
}

/** Moves a field up (-1) or down (+1) in the form's order. */
export function moveField(e: Editable, key: string, by: -1 | 1): Editable {
  const keys = order(e)
  const at = keys.indexOf(key)
  const to = at + by
  if (at < 0 || to < 0 || to >= keys.length) return e
  keys.splice(at, 1)
  keys.splice(to, 0, key)
  return { schema: e.schema, uiSchema: withOrder(e, keys) }
}

/** What is wrong with a row before it is applied, in Chinese; null when fine. */
export function rowProblem(e: Editable, row: FieldRow, previousKey: string | null): string | null {
  if (!FIELD_KEY.test(row.key)) return '字段键只能用英文字母和数字，以小写字母开头（如 contactPhone）'
  if (row.key !== previousKey && props(e.schema)[row.key]) return `已有字段「${row.key}」`
  if (!row.title.trim()) return '请填写字段名称（中文标题）'
  if (row.kind === 'choice' && row.choices.length === 0) return '选项字段至少要有一个选项'
  if (row.kind === 'common' && !row.common) return '请选择共用部分'
  if (row.pattern) {
    try {
      new RegExp(row.pattern, 'u')
    } catch {
      return `格式（正则表达式）写法有误：${row.pattern}`
    }
    if (!row.message.trim()) return '设置了格式时，请填写不符合格式时的中文提示'
  }
  return null
}
