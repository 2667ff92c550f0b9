/**
 * What a proposed form version changes, field by field, in the words of the
 * studio's field list: a field added or removed, and for a field kept, each
 * setting that changed (标题、必填、格式要求、选项…), nested fields included.
 * What a process administrator reads before accepting a proposal (ADR 041);
 * the JSON line diff is shown beside it for everything else. Pure.
 */
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'
import { canonicalJson } from '../../../forms/_lib/registry.ts'

export interface FormFieldChange {
  /** Dotted path of the field; `[]` stands for every item of a list. */
  path: string
  /** The field's titles along the path, as the form shows them ("当事人 › 名称"). */
  label: string
  change: 'added' | 'removed' | 'changed'
  /** For a changed field, one line per setting: "必填：否 → 是". */
  details: string[]
}

export interface FormChanges {
  fields: FormFieldChange[]
  /** The order of the top-level fields before and after, when it changed. */
  order: { before: string[]; after: string[] } | null
  /** Changes outside the fields: shared parts, the form's own settings. */
  other: string[]
}

export interface FormParts {
  schema: JsonSchema
  uiSchema: JsonSchema
}

/** The settings of a field shown by name, in the order they are listed. */
const SETTINGS: [key: string, title: string][] = [
  ['title', '标题'], ['type', '类型'], ['format', '格式'], ['$ref', '共用部分'], ['enum', '选项'], ['pattern', '格式要求（正则）'],
  ['x-message', '格式不符时的提示'], ['minimum', '最小值'], ['maximum', '最大值'], ['minLength', '最少字数'], ['maxLength', '最多字数'],
  ['minItems', '最少项数'], ['maxItems', '最多项数'], ['default', '默认值'], ['description', '说明'], ['const', '固定值'],
]
/** Keys of a field that are its structure, compared field by field rather than as a setting. */
const STRUCTURE = new Set(['properties', 'items', 'required'])

type Props = Record<string, JsonSchema>

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.map(text).join('、')
  if (typeof value === 'string') return value.startsWith('#/definitions/') ? value.slice('#/definitions/'.length) : value
  return JSON.stringify(value)
}

// Canonical: a version read back from PostgreSQL's jsonb has its keys in another order.
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null)

function propsOf(schema: JsonSchema | undefined): Props {
  return (schema?.properties as Props | undefined) ?? {}
}

function requiredOf(schema: JsonSchema | undefined): Set<string> {
  return new Set((schema?.required as string[] | undefined) ?? [])
}

/** The settings of a field that changed, then whatever else in it changed. */
function settingChanges(a: JsonSchema, b: JsonSchema, requiredBefore: boolean, requiredAfter: boolean, uiA: unknown, uiB: unknown): string[] {
  // The UI settings of nested fields are compared with those fields, not here.
  const nested = new Set(['items', ...Object.keys(propsOf(a)), ...Object.keys(propsOf(b))])
  const ownUi = (ui: unknown) => (ui && typeof ui === 'object' ? Object.fromEntries(Object.entries(ui).filter(([k]) => !nested.has(k))) : {})
  const lines: string[] = []
  for (const [key, title] of SETTINGS) {
    if (!same(a[key], b[key])) lines.push(`${title}：${text(a[key])} → ${text(b[key])}`)
  }
  if (requiredBefore !== requiredAfter) lines.push(`必填：${text(requiredBefore)} → ${text(requiredAfter)}`)
  const known = new Set([...SETTINGS.map(([k]) => k), ...STRUCTURE])
  const rest = (s: JsonSchema) => Object.fromEntries(Object.entries(s).filter(([k]) => !known.has(k)))
  if (!same(rest(a), rest(b))) lines.push('其他设置已修改（见下方代码对比）')
  const itemsA = a.items as JsonSchema | undefined
  const itemsB = b.items as JsonSchema | undefined
  // A list of objects has its item fields compared one by one; a list of plain values is one setting.
  if (!itemsA?.properties && !itemsB?.properties && !same(itemsA, itemsB)) lines.push('列表项设置已修改（见下方代码对比）')
  const widget = (ui: unknown) => (ui && typeof ui === 'object' ? (ui as Record<string, unknown>)['ui:widget'] : undefined)
  if (!same(widget(uiA), widget(uiB))) lines.push(`控件：${text(widget(uiA))} → ${text(widget(uiB))}`)
  else if (!same(ownUi(uiA), ownUi(uiB))) lines.push('界面设置已修改（见下方代码对比）')
  return lines
}

function childUi(ui: unknown, key: string): unknown {
  return ui && typeof ui === 'object' ? (ui as Record<string, unknown>)[key] : undefined
}

/** Compares the fields of two object schemas, descending into objects and lists of objects. */
function compareFields(
  a: JsonSchema | undefined, b: JsonSchema | undefined, uiA: unknown, uiB: unknown,
  prefix: { path: string; label: string }, out: FormFieldChange[], titles: (field: JsonSchema) => string | undefined,
) {
  const before = propsOf(a)
  const after = propsOf(b)
  const reqA = requiredOf(a)
  const reqB = requiredOf(b)
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))]
  for (const key of keys) {
    const fa = before[key]
    const fb = after[key]
    const path = prefix.path ? `${prefix.path}.${key}` : key
    const title = titles(fb ?? fa!) ?? key
    const label = prefix.label ? `${prefix.label} › ${title}` : title
    if (!fa) {
      out.push({ path, label, change: 'added', details: [describeNew(fb!, reqB.has(key))] })
      continue
    }
    if (!fb) {
      out.push({ path, label, change: 'removed', details: [] })
      continue
    }
    const details = settingChanges(fa, fb, reqA.has(key), reqB.has(key), childUi(uiA, key), childUi(uiB, key))
    if (details.length) out.push({ path, label, change: 'changed', details })
    if (fa.properties || fb.properties) compareFields(fa, fb, childUi(uiA, key), childUi(uiB, key), { path, label }, out, titles)
    const itemsA = fa.items as JsonSchema | undefined
    const itemsB = fb.items as JsonSchema | undefined
    if (itemsA?.properties || itemsB?.properties) {
      compareFields(itemsA, itemsB, childUi(childUi(uiA, key), 'items'), childUi(childUi(uiB, key), 'items'), { path: `${path}[]`, label: `${label} › 每一项` }, out, titles)
    }
  }
}

/** One line for a field that is new: its type and the settings it has. */
function describeNew(field: JsonSchema, required: boolean): string {
  const parts = SETTINGS.filter(([key]) => key !== 'title' && field[key] !== undefined).map(([key, title]) => `${title}：${text(field[key])}`)
  return [required ? '必填' : '选填', ...parts].join('；')
}

function order(parts: FormParts): string[] {
  const keys = Object.keys(propsOf(parts.schema))
  const given = ((parts.uiSchema['ui:order'] as string[] | undefined) ?? []).filter((k) => k !== '*' && keys.includes(k))
  return [...given, ...keys.filter((k) => !given.includes(k))]
}

/**
 * @example
 * formChanges({ schema: { properties: {} }, uiSchema: {} },
 *             { schema: { properties: { contactPhone: { type: 'string', title: '联系电话' } }, required: ['contactPhone'] }, uiSchema: {} })
 * // → { fields: [{ path: 'contactPhone', label: '联系电话', change: 'added', details: ['必填；类型：string'] }], order: null, other: [] }
 */
export function formChanges(before: FormParts, after: FormParts): FormChanges {
  const defsA = (before.schema.definitions as Props | undefined) ?? {}
  const defsB = (after.schema.definitions as Props | undefined) ?? {}
  // A field that is a shared part (当事人、执法人员…) has its title in the part.
  const titles = (field: JsonSchema): string | undefined => {
    if (typeof field.title === 'string') return field.title
    const name = typeof field.$ref === 'string' && field.$ref.startsWith('#/definitions/') ? field.$ref.slice('#/definitions/'.length) : null
    const part = name ? defsB[name] ?? defsA[name] : undefined
    return typeof part?.title === 'string' ? part.title : undefined
  }
  const fields: FormFieldChange[] = []
  compareFields(before.schema, after.schema, before.uiSchema, after.uiSchema, { path: '', label: '' }, fields, titles)

  const orderBefore = order(before)
  const orderAfter = order(after)
  const kept = (list: string[], other: string[]) => list.filter((k) => other.includes(k))
  const titleOf = (key: string) => titles(propsOf(after.schema)[key] ?? propsOf(before.schema)[key] ?? {}) ?? key
  const moved = !same(kept(orderBefore, orderAfter), kept(orderAfter, orderBefore))

  const other: string[] = []
  for (const name of [...new Set([...Object.keys(defsA), ...Object.keys(defsB)])].sort()) {
    if (!defsA[name]) other.push(`引入共用部分「${String(defsB[name]?.title ?? name)}」`)
    else if (!defsB[name]) other.push(`不再使用共用部分「${String(defsA[name]?.title ?? name)}」`)
    else if (!same(defsA[name], defsB[name])) other.push(`共用部分「${String(defsB[name]?.title ?? name)}」的内容不同（见下方代码对比）`)
  }
  const own = (s: JsonSchema) => Object.fromEntries(Object.entries(s).filter(([k]) => !['properties', 'required', 'definitions'].includes(k)))
  if (!same(own(before.schema), own(after.schema))) other.push('表单整体设置已修改（见下方代码对比）')
  return { fields, order: moved ? { before: orderBefore.map(titleOf), after: orderAfter.map(titleOf) } : null, other }
}
