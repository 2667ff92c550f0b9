/**
 * The form studio's writes (issue 13 parts 1–2): a form's schema and UI
 * schema edited in the browser, or a new DOCX template uploaded for it,
 * becomes a new form version through the catalog — checked first, stored
 * with who, when and why (FormVersion, `form.version` in the log), and
 * activated (`catalog.activate`). Nothing is stored when a check fails.
 *
 * A form version carries its examples (`manifest.examples`) once it is made
 * here: a required field added in the studio needs a value in the valid
 * example, which the studio's preview fills in.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { bundleSchema, SCHEMA_BASE, type JsonSchema } from '../../../forms/_lib/bundle.ts'
import { FORMS_DIR, formContentHash, sm3, type LoadedForm } from '../../../forms/_lib/registry.ts'
import { loadExamples, type FormExample } from '../../../forms/_lib/examples.ts'
import type { StoredExample } from '../../../forms/_lib/manifest.ts'
import { checkFormDefinition } from '../../../forms/_lib/form-checks.ts'
import { bodyText, templateTags, UnreadableTemplate, type TemplateTag } from '../../../forms/_lib/template-tags.ts'
import { SAMPLE_STAMP } from '../../../forms/_lib/check.ts'
import { InvalidInput, NotFound } from '../errors.ts'
import type { DocumentRenderer } from '../documents/render.server.ts'
import type { DocumentService } from '../documents/documents.server.ts'
import { ensureFormVersionIn } from '../documents/form-versions.server.ts'
import { activateIn } from './activate.server.ts'
import type { Catalog } from './catalog.server.ts'
import { formFromRow } from './snapshot.server.ts'
import { MAX_TEMPLATE_BYTES } from './template-limits.ts'

export interface StudioDeps {
  db: Db
  clock: Clock
  catalog: Catalog
  renderer: DocumentRenderer
  /** Re-renders issued documents with their own version (the earlier-documents check). */
  documents: Pick<DocumentService, 'rerender'>
}

/** What the studio sends: the schema as edited (`$ref`s into forms/_common allowed) and the UI schema. */
export interface FormEdit {
  schema: JsonSchema
  uiSchema: JsonSchema
  /** The valid example's data as filled in the preview; absent: the example stays. */
  validExample?: Record<string, unknown>
}

export interface StudioCheck {
  /** Refusals in Chinese; non-empty means nothing is saved. */
  problems: string[]
  warnings: string[]
  unprinted: string[]
}

const MAX_SCHEMA_BYTES = 512 * 1024

/** The active version of a form, read fresh (another process may have activated one a moment ago). */
export async function activeForm(deps: StudioDeps, key: string): Promise<LoadedForm & { version?: number }> {
  await deps.catalog.fresh()
  if (!deps.catalog.forms.has(key)) throw new NotFound(`没有表单「${key}」。`)
  return deps.catalog.forms.get(key)
}

function storedExamples(examples: FormExample[]): StoredExample[] {
  return examples.map(({ file, description, expectedErrors, payload }) => ({ file, description, expectedErrors, payload }))
}

/** The candidate version: the active form with the edited parts, bundled and hashed like a shipped one. */
export function candidateForm(active: LoadedForm, parts: { schema?: JsonSchema; uiSchema?: JsonSchema; validExample?: Record<string, unknown>; template?: Buffer }): LoadedForm {
  let bundledSchema = active.bundledSchema
  if (parts.schema) {
    if (Buffer.byteLength(JSON.stringify(parts.schema)) > MAX_SCHEMA_BYTES) throw new InvalidInput({ schema: ['表单结构过大（超过 512 KB）'] })
    try {
      bundledSchema = bundleSchema(parts.schema, FORMS_DIR)
    } catch (e) {
      throw new InvalidInput({ schema: [`表单结构中的引用无法解析：${(e as Error).message.replace(/ only refs.*$/, '')}`] })
    }
  }
  const examples = loadExamples(active).map((e) => (e.valid && parts.validExample ? { ...e, payload: parts.validExample } : e))
  const manifest = { ...active.manifest, examples: storedExamples(examples) }
  const form = {
    key: active.key, dir: active.dir, manifest, schema: bundledSchema, bundledSchema,
    uiSchema: parts.uiSchema ?? active.uiSchema, templateName: 'template.docx', template: parts.template ?? active.template,
  }
  return { ...form, contentHash: formContentHash(form) }
}

/** Re-renders the newest document of each earlier version of the form and compares its text with what was issued. */
export async function earlierDocumentProblems(db: Db, documents: Pick<DocumentService, 'rerender'>, key: string): Promise<string[]> {
  const versions = await db.formVersion.findMany({ where: { formKey: key, documents: { some: {} } }, select: { id: true, version: true } })
  const problems: string[] = []
  for (const v of versions) {
    const doc = await db.document.findFirst({ where: { formVersionId: v.id, docx: { not: null } }, orderBy: { issuedAt: 'desc' }, select: { id: true, number: true, docx: true } })
    if (!doc?.docx) continue
    try {
      const again = await documents.rerender(doc.id)
      if (bodyText(again.docx) !== bodyText(Buffer.from(doc.docx))) problems.push(`第 ${v.version} 版制发的文书 ${doc.number} 重新生成后与制发时不一致`)
    } catch (e) {
      problems.push(`第 ${v.version} 版制发的文书 ${doc.number} 无法按其版本重新生成：${(e as Error).message}`)
    }
  }
  return problems
}

export { bodyText }

/**
 * Every check a candidate version must pass: schema compiles, examples,
 * placeholders (tags read from its template), the template renders each
 * valid example, and documents of earlier versions still render with theirs.
 */
export async function checkCandidate(deps: StudioDeps, form: LoadedForm): Promise<StudioCheck> {
  let tags: TemplateTag[]
  try {
    tags = templateTags(form.template)
  } catch (e) {
    if (e instanceof UnreadableTemplate) return { problems: [e.message], warnings: [], unprinted: [] }
    throw e
  }
  const examples = loadExamples(form)
  const report = checkFormDefinition(form.bundledSchema, examples, tags)
  const problems = [...report.problems]
  if (problems.length === 0) {
    for (const example of examples.filter((e) => e.valid)) {
      try {
        await deps.renderer.renderDocx(form.template, example.payload, SAMPLE_STAMP)
      } catch (e) {
        problems.push(`模板无法用示例 ${example.file} 生成文书：${(e as Error).message}`)
      }
    }
  }
  problems.push(...(await earlierDocumentProblems(deps.db, deps.documents, form.key)))
  return { problems, warnings: report.warnings, unprinted: report.unprinted }
}

/** Checks an edit without saving (the studio's 检查 button). */
export async function checkFormEdit(deps: StudioDeps, key: string, edit: FormEdit): Promise<StudioCheck & { contentHash: string }> {
  const form = candidateForm(await activeForm(deps, key), edit)
  return { ...(await checkCandidate(deps, form)), contentHash: form.contentHash }
}

export function refuse(problems: string[], what = '未保存'): never {
  throw new InvalidInput({ form: problems }, `${what}：${problems.length} 处问题`)
}

export function requireNote(note: string): string {
  const trimmed = note.trim()
  if (!trimmed) throw new InvalidInput({ changeNote: ['请填写变更说明：为什么改'] })
  if (trimmed.length > 500) throw new InvalidInput({ changeNote: ['变更说明不能超过 500 字'] })
  return trimmed
}

export interface SavedVersion {
  version: number
  warnings: string[]
}

export interface StoreOptions {
  activate: boolean
  /** More work in the same transaction, given the stored version (deciding a proposal): it all commits or nothing does. */
  within?: (tx: Tx, version: number) => Promise<void>
}

/** Stores a checked candidate as a version (or finds the identical one) and, when asked, activates it. */
export async function storeCandidate(deps: StudioDeps, actor: Actor, form: LoadedForm, changeNote: string, options: StoreOptions): Promise<number> {
  const who = { id: actor.id, displayName: actor.displayName }
  const active = await activeForm(deps, form.key)
  if (form.contentHash === active.contentHash) throw new InvalidInput({ form: ['与生效版本相同，没有可保存的修改'] })
  const version = await deps.db.$transaction(async (tx) => {
    const row = await ensureFormVersionIn(tx, form, deps.clock, { source: 'admin', changeNote, actor: who })
    if (options.activate) await activateIn(tx, { kind: 'form', key: form.key, version: row.version, actor: who, changeNote }, deps.clock)
    await options.within?.(tx, row.version)
    return row.version
  })
  await deps.catalog.reload()
  return version
}

/** Saves the studio's edit as a new form version in force, after every check. */
export async function saveFormEdit(deps: StudioDeps, actor: Actor, key: string, edit: FormEdit, note: string): Promise<SavedVersion> {
  const changeNote = requireNote(note)
  const form = candidateForm(await activeForm(deps, key), edit)
  const check = await checkCandidate(deps, form)
  if (check.problems.length) refuse(check.problems)
  return { version: await storeCandidate(deps, actor, form, changeNote, { activate: true }), warnings: check.warnings }
}

/**
 * An uploaded DOCX becomes a version of the form with the schema in force and
 * this template — not yet in force: the manager previews it with each
 * example, then activates it. Refused (nothing stored) when it is no DOCX,
 * names an unknown field or fails to render.
 */
export async function uploadTemplate(deps: StudioDeps, actor: Actor, key: string, bytes: Buffer, note: string): Promise<SavedVersion> {
  const changeNote = requireNote(note)
  if (bytes.length === 0) throw new InvalidInput({ template: ['请选择 DOCX 模板文件'] })
  if (bytes.length > MAX_TEMPLATE_BYTES) throw new InvalidInput({ template: ['模板文件不能超过 2 MB'] })
  const form = candidateForm(await activeForm(deps, key), { template: bytes })
  const check = await checkCandidate(deps, form)
  if (check.problems.length) refuse(check.problems)
  return { version: await storeCandidate(deps, actor, form, changeNote, { activate: false }), warnings: check.warnings }
}

/** Puts an uploaded (or any earlier) version of the form in force. */
export async function activateFormVersion(deps: StudioDeps, actor: Actor, key: string, version: number, note: string): Promise<void> {
  const changeNote = requireNote(note)
  await deps.db.$transaction((tx) => activateIn(tx, { kind: 'form', key, version, actor: { id: actor.id, displayName: actor.displayName }, changeNote }, deps.clock))
  await deps.catalog.reload()
}

/** The shared parts a field may refer to (forms/_common), each with its bundled definitions for the browser's preview. */
export function commonParts(): { name: string; title: string; definitions: Record<string, JsonSchema> }[] {
  return fs.readdirSync(path.join(FORMS_DIR, '_common')).filter((f) => f.endsWith('.json') && !['blocks.json', 'numbering.json'].includes(f)).sort().map((file) => {
    const name = file.replace(/\.json$/, '')
    const bundled = bundleSchema({ $id: `${SCHEMA_BASE}studio/schema.json`, $ref: `../_common/${file}` }, FORMS_DIR)
    const definitions = (bundled.definitions ?? {}) as Record<string, JsonSchema>
    return { name, title: String(definitions[name]?.title ?? name), definitions }
  })
}

export interface TemplateVersionRow {
  version: number
  /** First 12 hex digits of the template's SM3: versions sharing it share the template. */
  templateHash: string
  changeNote: string | null
  createdByName: string | null
  createdAt: string
  source: string
  active: boolean
  documents: number
}

/** Every version of the form with its template's fingerprint, newest first, and which one is in force. */
export async function templateVersions(db: Db, key: string): Promise<TemplateVersionRow[]> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind: 'form', key } }, select: { activeVersion: true } })
  const rows = await db.formVersion.findMany({
    where: { formKey: key }, orderBy: { version: 'desc' },
    select: { version: true, template: true, changeNote: true, createdByName: true, createdAt: true, source: true, _count: { select: { documents: true } } },
  })
  return rows.map((r) => ({
    version: r.version, templateHash: sm3(Buffer.from(r.template)).slice(0, 12), changeNote: r.changeNote, createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(), source: r.source, active: r.version === item?.activeVersion, documents: r._count.documents,
  }))
}

/** A stored version of the form (any, not only the one in force). */
export async function storedFormVersion(db: Db, key: string, version: number): Promise<LoadedForm> {
  const row = await db.formVersion.findUnique({ where: { formKey_version: { formKey: key, version } } })
  if (!row) throw new NotFound(`表单「${key}」没有第 ${version} 版。`)
  return formFromRow(row)
}

/** One example of a version rendered with the sample number (DOCX, and PDF when LibreOffice runs). */
export async function renderExample(renderer: DocumentRenderer, form: LoadedForm, file: string, kind: 'docx' | 'pdf'): Promise<Buffer> {
  const example = loadExamples(form).find((e) => e.file === file && e.valid)
  if (!example) throw new NotFound(`没有合法示例 ${file}。`)
  const docx = await renderer.renderDocx(form.template, example.payload, SAMPLE_STAMP)
  if (kind === 'docx') return docx
  if (!renderer.pdfAvailable()) throw new NotFound('PDF 暂不可用（服务器未安装 LibreOffice），请下载 DOCX 查看。')
  return renderer.renderPdf(docx)
}
