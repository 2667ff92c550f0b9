/**
 * The fields of a bundled form schema as a template sees them: every path a
 * placeholder may name (`party.name`, `qa[].answer` inside `{#qa}`), with its
 * title and type, and the lookup of a placeholder the way the renderer looks
 * it up — in the innermost loop's item first, then in the enclosing scopes.
 * No Node imports: the studio pages list the same fields.
 */
import { deref, type JsonSchema } from './schema-ref.ts'

export interface SchemaField {
  /** Dotted path; array items are `[]`: `officers[].name`. */
  path: string
  title: string
  type: string
  required: boolean
  /** Enumerated values, when the field has them. */
  enum?: unknown[]
  /** The JSON Schema format of a string (date, date-time, …): how a template prints it. */
  format?: string
}

/** What the system adds to every document (render.server.ts `DocumentStamp`). */
export const STAMP_FIELDS: SchemaField[] = [
  { path: 'doc.number', title: '文书编号', type: 'string', required: true },
  { path: 'doc.code', title: '验证码', type: 'string', required: true },
  { path: 'doc.verifyUrl', title: '核验网址', type: 'string', required: true },
]

/** A node with the subschemas it is combined with: properties may sit in allOf/if-then-else/oneOf branches. */
function branches(node: JsonSchema, bundle: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [node]
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const sub of (node[key] as JsonSchema[] | undefined) ?? []) {
      const d = deref(sub, bundle)
      if (d) out.push(...branches(d, bundle))
    }
  }
  for (const key of ['then', 'else']) {
    const d = deref(node[key] as JsonSchema | undefined, bundle)
    if (d) out.push(...branches(d, bundle))
  }
  return out
}

/** The properties a node defines, its combined branches' included (the first definition of a name wins). */
export function propertiesOf(node: JsonSchema, bundle: JsonSchema): Map<string, { schema: JsonSchema; required: boolean }> {
  const props = new Map<string, { schema: JsonSchema; required: boolean }>()
  const parts = branches(node, bundle)
  const required = new Set((node.required as string[] | undefined) ?? [])
  for (const part of parts) {
    for (const [name, sub] of Object.entries((part.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const resolved = deref(sub, bundle)
      if (resolved && !props.has(name)) props.set(name, { schema: resolved, required: required.has(name) })
    }
  }
  return props
}

function typeOf(node: JsonSchema): string {
  if (typeof node.type === 'string') return node.type
  if (Array.isArray(node.type)) return node.type.join('|')
  if (node.properties) return 'object'
  if (node.items) return 'array'
  return node.enum ? 'string' : 'any'
}

/**
 * Every field of the schema, depth first in the schema's order: objects and
 * arrays are listed and so are their members.
 * @example fieldsOf(bundle).map((f) => f.path) // ['issuingDepartment', 'party', 'party.kind', …, 'qa[].answer']
 */
export function fieldsOf(bundle: JsonSchema): SchemaField[] {
  const out: SchemaField[] = []
  const walk = (node: JsonSchema, prefix: string, depth: number) => {
    if (depth > 8) return
    for (const [name, { schema, required }] of propertiesOf(node, bundle)) {
      const path = prefix ? `${prefix}.${name}` : name
      const type = typeOf(schema)
      out.push({ path, title: String(schema.title ?? name), type, required, ...(Array.isArray(schema.enum) ? { enum: schema.enum } : {}), ...(typeof schema.format === 'string' ? { format: schema.format } : {}) })
      if (type === 'object') walk(schema, path, depth + 1)
      if (type === 'array') {
        const items = deref(schema.items as JsonSchema | undefined, bundle)
        if (items && typeOf(items) === 'object') walk(items, `${path}[]`, depth + 1)
      }
    }
  }
  walk(deref(bundle, bundle) ?? bundle, '', 0)
  return out
}

/** A scope a placeholder is looked up in: the schema node and its absolute path. */
interface Scope { node: JsonSchema | null; path: string }

/** Resolves a dotted path from one scope; the absolute path of what it names, or null. */
function resolveFrom(scope: Scope, dotted: string, bundle: JsonSchema): { node: JsonSchema; path: string } | null {
  let node = scope.node
  let path = scope.path
  for (const segment of dotted.split('.')) {
    if (!node) return null
    const type = typeOf(node)
    if (type.includes('array') && /^\d+$/.test(segment)) {
      node = deref(node.items as JsonSchema | undefined, bundle) ?? null
      path = `${path}[]`
    } else if (type.includes('array') && segment === 'length') {
      node = { type: 'number' }
      path = `${path}.length`
    } else {
      const prop = propertiesOf(node, bundle).get(segment)
      if (!prop) return null
      node = prop.schema
      path = path ? `${path}.${segment}` : segment
    }
  }
  return node ? { node, path } : null
}

export type TagResolution = { ok: true; path: string | null; scope: Scope | null } | { ok: false }

/**
 * Looks a placeholder up as the renderer does: `doc.*` is the stamp, `.` the
 * current item, `$index` its position; otherwise the innermost enclosing
 * scope that has the path wins.
 */
export function resolveTag(bundle: JsonSchema, scopes: Scope[], dotted: string): TagResolution {
  if (dotted === '.') return { ok: true, path: scopes.at(-1)?.path ?? null, scope: scopes.at(-1) ?? null }
  if (dotted === '$index') return scopes.length > 1 ? { ok: true, path: null, scope: null } : { ok: false }
  if (STAMP_FIELDS.some((f) => f.path === dotted)) return { ok: true, path: null, scope: null }
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = resolveFrom(scopes[i]!, dotted, bundle)
    if (found) {
      const type = typeOf(found.node)
      // Inside a loop over an array the scope is its item; a condition keeps the enclosing scopes.
      const inner: Scope | null = type.includes('array')
        ? { node: deref(found.node.items as JsonSchema | undefined, bundle) ?? null, path: `${found.path}[]` }
        : type === 'object' ? { node: found.node, path: found.path } : null
      return { ok: true, path: found.path, scope: inner }
    }
  }
  return { ok: false }
}

export function rootScope(bundle: JsonSchema): Scope {
  return { node: deref(bundle, bundle) ?? bundle, path: '' }
}

export type { Scope as TagScope }
