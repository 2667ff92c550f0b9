/**
 * Form data as the schema expects it: rjsf leaves `{}` (or an object of
 * undefined values) behind for an optional group nobody filled in, such as
 * the party's signature, and the schema would then ask for its required
 * members. Optional groups left empty are dropped; required ones stay, so
 * their own required fields are what the user is asked for.
 */
import { deref, type JsonSchema } from '../../../forms/_lib/schema-ref.ts'

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value)) return false
  return typeof value === 'object' && Object.values(value as object).every(isEmpty)
}

export function pruneEmptyOptional(data: unknown, schema: JsonSchema, root: JsonSchema = schema): unknown {
  const node = deref(schema, root)
  if (Array.isArray(data)) {
    const items = node?.items as JsonSchema | undefined
    return items ? data.map((item) => pruneEmptyOptional(item, items, root)) : data
  }
  if (!data || typeof data !== 'object') return data
  const properties = (node?.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((node?.required as string[] | undefined) ?? [])
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === undefined) continue
    const isGroup = typeof value === 'object' && value !== null && !Array.isArray(value)
    if (isGroup && !required.has(key) && isEmpty(value)) continue
    out[key] = properties[key] ? pruneEmptyOptional(value, properties[key], root) : value
  }
  return out
}
