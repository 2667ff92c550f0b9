/**
 * Loads every form from `forms/<key>/`: manifest, schema (bundled with its
 * shared parts), UI schema, layout and template. Each form's version is the
 * SM3 hash of what defines it, so a changed schema, UI schema or template is
 * a new version without anyone bumping a number.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { bundleSchema, type JsonSchema } from './bundle.ts'
import { manifestProblems, type FormManifest } from './manifest.ts'

// The server build bundles this module into build/server/, where its own
// directory says nothing about the checkout: server/index.js names the
// checkout in ZHIFA_ROOT.
export const FORMS_DIR = process.env.ZHIFA_ROOT ? path.join(process.env.ZHIFA_ROOT, 'forms') : path.resolve(import.meta.dirname, '..')

export interface LoadedForm {
  key: string
  dir: string
  manifest: FormManifest
  /** The schema as written, with `$ref`s into forms/_common/. */
  schema: JsonSchema
  /** Self-contained schema: what the server validates and the browser renders. */
  bundledSchema: JsonSchema
  uiSchema: JsonSchema
  /** Template file name inside the folder, and its bytes. */
  templateName: string
  template: Buffer
  /** SM3 over manifest, bundled schema, UI schema and template: the form version. */
  contentHash: string
}

export interface FormRegistry {
  readonly dir: string
  keys(): string[]
  has(key: string): boolean
  get(key: string): LoadedForm
  all(): LoadedForm[]
}

export class UnknownForm extends Error {
  readonly type = 'UnknownForm'
  constructor(readonly key: string) {
    super(`未知的表单 unknown form: ${key}`)
  }
}

export function sm3(data: string | Buffer): string {
  return crypto.createHash('sm3').update(data).digest('hex')
}

/** Stable JSON: keys sorted, so reformatting a file does not make a new version. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The version of a form: SM3 over what defines it (docs/decisions/012), the same for a folder and for the studio. */
export function formContentHash(parts: Pick<LoadedForm, 'manifest' | 'bundledSchema' | 'uiSchema' | 'templateName' | 'template'>): string {
  const { manifest, bundledSchema, uiSchema, templateName, template } = parts
  return sm3(canonicalJson({ manifest, bundledSchema, uiSchema, templateName, template: sm3(template) }))
}

function readJson(file: string): JsonSchema {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema
  } catch (e) {
    throw new Error(`${path.relative(process.cwd(), file)}: ${(e as Error).message}`)
  }
}

export function formKeysIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
}

export function loadForm(dir: string, key: string): LoadedForm {
  const formDir = path.join(dir, key)
  const manifest = readJson(path.join(formDir, 'form.json')) as unknown as FormManifest
  const problems = manifestProblems(manifest, key)
  if (problems.length) throw new Error(`forms/${key}/form.json: ${problems.join('; ')}`)
  const schema = readJson(path.join(formDir, 'schema.json'))
  const uiSchema = readJson(path.join(formDir, 'ui.json'))
  const templateName = ['template.docx', 'template.odt'].find((n) => fs.existsSync(path.join(formDir, n)))
  if (!templateName) throw new Error(`forms/${key}: 缺少模板 no template.docx (run npm run forms:templates)`)
  const template = fs.readFileSync(path.join(formDir, templateName))
  const bundledSchema = bundleSchema(schema, dir)
  const contentHash = formContentHash({ manifest, bundledSchema, uiSchema, templateName, template })
  return { key, dir: formDir, manifest, schema, bundledSchema, uiSchema, templateName, template, contentHash }
}

/** Reads all forms once; `get` afterwards is a map lookup. */
export function loadRegistry(dir = FORMS_DIR): FormRegistry {
  const forms = new Map(formKeysIn(dir).map((key) => [key, loadForm(dir, key)]))
  return {
    dir,
    keys: () => [...forms.keys()],
    has: (key) => forms.has(key),
    get(key) {
      const form = forms.get(key)
      if (!form) throw new UnknownForm(key)
      return form
    },
    all: () => [...forms.values()],
  }
}

/** What the browser form needs (rjsf): the bundled schema, the UI schema and the version it is filling. */
export interface ClientFormDefinition {
  key: string
  title: string
  kind: FormManifest['kind']
  version: string
  schema: JsonSchema
  uiSchema: JsonSchema
}

export function clientFormDefinition(registry: FormRegistry, key: string): ClientFormDefinition {
  const form = registry.get(key)
  return { key, title: form.manifest.title, kind: form.manifest.kind, version: form.contentHash, ...withoutSystemFields(form.bundledSchema, form.uiSchema) }
}

/** The top-level fields marked `"x-system": true` (written by the system, e.g. a committee's attendance) are no inputs of the form. */
function withoutSystemFields(bundled: JsonSchema, ui: JsonSchema): { schema: JsonSchema; uiSchema: JsonSchema } {
  const properties = (bundled as { properties?: Record<string, { 'x-system'?: boolean }> }).properties ?? {}
  const system = Object.keys(properties).filter((k) => properties[k]?.['x-system'] === true)
  if (system.length === 0) return { schema: bundled, uiSchema: ui }
  const schema = structuredClone(bundled) as { properties: Record<string, unknown>; required?: string[] }
  for (const k of system) delete schema.properties[k]
  if (schema.required) schema.required = schema.required.filter((k) => !system.includes(k))
  const uiSchema = structuredClone(ui) as { 'ui:order'?: string[] }
  if (uiSchema['ui:order']) uiSchema['ui:order'] = uiSchema['ui:order'].filter((k) => !system.includes(k))
  return { schema: schema as JsonSchema, uiSchema: uiSchema as JsonSchema }
}
