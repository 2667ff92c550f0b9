/**
 * A catalog as plain files, in the layout of the shipped folders:
 *   definitions/<key>/process.bpmn
 *   definitions/gates.json            (the statutory gates: read-only, for reference)
 *   forms/<key>/form.json, schema.json (self-contained), ui.json, template.docx
 *   catalog/reference/<key>.json      (reference lists)
 *   catalog/roles/<key>.json          (roles with their permission rules)
 * `readBundle` reads such a folder for an import; `writeBundle` exports the
 * active version of every item.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '../../../prisma/client.ts'
import { formKeysIn, loadForm, type LoadedForm } from '../../../forms/_lib/registry.ts'
import type { Catalog } from './catalog.server.ts'
import { ITEM_KEY, type EntryKind } from './kinds.ts'

export interface BundleEntry {
  kind: EntryKind
  key: string
  content: unknown
}

export interface CatalogBundle {
  definitions: { key: string; xml: string }[]
  forms: LoadedForm[]
  entries: BundleEntry[]
  /** definitions/gates.json when the folder has one (compared with the release's, never imported). */
  gates: unknown
  /** What could not be read, in Chinese. */
  problems: string[]
}

const entryFolders: Record<EntryKind, string> = { reference: 'catalog/reference', role: 'catalog/roles' }

function readJson(file: string, label: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  } catch (e) {
    problems.push(`${label}：不是合法的 JSON（${(e as Error).message.split('\n')[0]}）`)
    return undefined
  }
}

export function readBundle(dir: string): CatalogBundle {
  const bundle: CatalogBundle = { definitions: [], forms: [], entries: [], gates: undefined, problems: [] }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    bundle.problems.push(`目录「${dir}」不存在`)
    return bundle
  }
  const definitionsDir = path.join(dir, 'definitions')
  if (fs.existsSync(definitionsDir)) {
    for (const key of fs.readdirSync(definitionsDir).sort()) {
      const file = path.join(definitionsDir, key, 'process.bpmn')
      if (!fs.existsSync(file)) continue
      if (!ITEM_KEY.test(key)) bundle.problems.push(`流程定义目录名「${key}」不合规：只能用小写字母、数字和连字符`)
      else bundle.definitions.push({ key, xml: fs.readFileSync(file, 'utf8') })
    }
    const gates = path.join(definitionsDir, 'gates.json')
    if (fs.existsSync(gates)) bundle.gates = readJson(gates, 'definitions/gates.json', bundle.problems)
  }
  const formsDir = path.join(dir, 'forms')
  if (fs.existsSync(formsDir)) {
    for (const key of formKeysIn(formsDir)) {
      try {
        bundle.forms.push(loadForm(formsDir, key))
      } catch (e) {
        bundle.problems.push(`表单「${key}」无法读取：${(e as Error).message.split('\n')[0]}`)
      }
    }
  }
  for (const [kind, folder] of Object.entries(entryFolders) as Array<[EntryKind, string]>) {
    const entriesDir = path.join(dir, folder)
    if (!fs.existsSync(entriesDir)) continue
    for (const file of fs.readdirSync(entriesDir).filter((f) => f.endsWith('.json')).sort()) {
      const key = file.slice(0, -'.json'.length)
      const content = readJson(path.join(entriesDir, file), `${folder}/${file}`, bundle.problems)
      if (content !== undefined) bundle.entries.push({ kind, key, content })
    }
  }
  return bundle
}

function write(file: string, data: string | Buffer) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, data)
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** Writes the active version of every item under `dir`; returns how many files were written. */
export async function writeBundle(db: Db, catalog: Catalog, dir: string, root = process.env.ZHIFA_ROOT ?? process.cwd()): Promise<number> {
  const snapshot = await catalog.reload()
  let files = 0
  const keys = await db.processDefinition.findMany({ distinct: ['key'], select: { key: true }, orderBy: { key: 'asc' } })
  for (const { key } of keys) {
    const version = snapshot.definitions.get(key)
    const row = version !== undefined
      ? await db.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { xml: true } })
      : await db.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { xml: true } })
    if (!row) continue
    write(path.join(dir, 'definitions', key, 'process.bpmn'), row.xml)
    files++
  }
  const gates = path.join(root, 'definitions', 'gates.json')
  if (fs.existsSync(gates)) {
    write(path.join(dir, 'definitions', 'gates.json'), fs.readFileSync(gates))
    files++
  }
  for (const form of catalog.forms.all()) {
    const folder = path.join(dir, 'forms', form.key)
    write(path.join(folder, 'form.json'), json(form.manifest))
    write(path.join(folder, 'schema.json'), json(form.bundledSchema))
    write(path.join(folder, 'ui.json'), json(form.uiSchema))
    write(path.join(folder, form.templateName), form.template)
    files += 4
  }
  for (const [id, entry] of snapshot.entries) {
    const [kind, key] = id.split(':') as [EntryKind, string]
    write(path.join(dir, entryFolders[kind], `${key}.json`), json(entry.content))
    files++
  }
  return files
}
