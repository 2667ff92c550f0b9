/**
 * Turns a form schema whose shared parts are `$ref`s into `forms/_common/`
 * into one self-contained schema with those parts under `definitions`.
 * The browser form (rjsf resolves only local refs) and the server
 * validator use the same bundle, and the form version hashes it, so a
 * change to a shared part makes a new version of every form using it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { JsonSchema } from './schema-ref.ts'

export { deref, type JsonSchema } from './schema-ref.ts'

/** The URL space of our schema `$id`s; nothing is ever fetched from it. */
export const SCHEMA_BASE = 'https://zhifa.invalid/forms/'

export function bundleSchema(schema: JsonSchema, formsDir: string): JsonSchema {
  const definitions: Record<string, JsonSchema> = {}
  const ownId = typeof schema.$id === 'string' ? schema.$id : `${SCHEMA_BASE}unknown/schema.json`

  function commonName(ref: string, base: string): string {
    const url = new URL(ref, base)
    if (!url.href.startsWith(`${SCHEMA_BASE}_common/`) || url.hash) {
      throw new Error(`只能引用 forms/_common/ 中的共用部分 only refs into forms/_common/ are allowed: ${ref}`)
    }
    return url.pathname.split('/').pop()!.replace(/\.json$/, '')
  }

  function include(name: string): void {
    if (name in definitions) return
    definitions[name] = {} // placeholder against cycles
    const file = path.join(formsDir, '_common', `${name}.json`)
    const common = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema
    const { $schema: _s, $id, ...rest } = common
    definitions[name] = rewrite(rest, String($id)) as JsonSchema
  }

  function rewrite(node: unknown, base: string): unknown {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, base))
    if (!node || typeof node !== 'object') return node
    const out: JsonSchema = {}
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        const name = commonName(v, base)
        include(name)
        out.$ref = `#/definitions/${name}`
      } else {
        out[k] = rewrite(v, base)
      }
    }
    return out
  }

  const body = rewrite(schema, ownId) as JsonSchema
  const existing = (body.definitions ?? {}) as Record<string, JsonSchema>
  const sorted = Object.fromEntries(Object.entries({ ...definitions, ...existing }).sort(([a], [b]) => a.localeCompare(b)))
  return Object.keys(sorted).length ? { ...body, definitions: sorted } : body
}
