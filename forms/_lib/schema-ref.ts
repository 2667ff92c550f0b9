/**
 * Reading a bundled schema (local `#/definitions/x` refs only). No Node
 * imports: the browser form uses it to find a field's title and friendly
 * message, exactly as the server does.
 */

export type JsonSchema = { [k: string]: unknown }

/** Follows a local `#/definitions/x` ref inside a bundle; other nodes come back as they are. */
export function deref(node: JsonSchema | undefined, bundle: JsonSchema): JsonSchema | undefined {
  let current = node
  for (let i = 0; current && typeof current.$ref === 'string' && i < 10; i++) {
    const name = current.$ref.replace('#/definitions/', '')
    const target = (bundle.definitions as Record<string, JsonSchema> | undefined)?.[name]
    const { $ref: _r, ...siblings } = current
    current = target ? { ...target, ...siblings } : undefined
  }
  return current
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
