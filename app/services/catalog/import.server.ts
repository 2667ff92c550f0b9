/**
 * `catalog import`: a folder of configuration (bundle.server.ts) is checked
 * whole first — definitions with every deploy check and the statutory gates,
 * forms compile, their examples validate and their templates render, every
 * entry passes its kind's check — and then every changed item gets a new
 * version and is activated in ONE transaction, or nothing happens. Problems
 * are named item by item, in Chinese.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { DefinitionProblem, WorkflowEngine } from '../../../engine/index.ts'
import { canonicalJson, type FormRegistry, type LoadedForm } from '../../../forms/_lib/registry.ts'
import { createAjv } from '../../../forms/_lib/ajv.ts'
import { loadExamples } from '../../../forms/_lib/examples.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import { SAMPLE_STAMP } from '../../../forms/_lib/check.ts'
import { appendAudit } from '../audit.server.ts'
import { noPdfConverter } from '../documents/converter.server.ts'
import { createRenderer } from '../documents/render.server.ts'
import { ensureFormVersionIn } from '../documents/form-versions.server.ts'
import { shippedCallTargets, validateForApp, type CallTargets } from '../workflow/workflow.server.ts'
import fs from 'node:fs'
import path from 'node:path'
import { activateIn } from './activate.server.ts'
import type { Catalog } from './catalog.server.ts'
import { readBundle, type CatalogBundle } from './bundle.server.ts'
import { checkEntry } from './entry-checks.ts'
import { createEntryVersionIn, contentHash } from './versions.server.ts'
import { entryId } from './snapshot.server.ts'
import { kindTitles } from './kinds.ts'

export interface ImportResult {
  ok: boolean
  /** Each problem names its item, in Chinese. Non-empty: nothing was changed. */
  problems: string[]
  /** `kind:key vN` for every item activated. */
  activated: string[]
  /** Items whose content equals the version in force. */
  unchanged: string[]
}

export interface ImportDeps {
  db: Db
  clock: Clock
  workflow: WorkflowEngine
  catalog: Catalog
}

function definitionProblem(key: string, p: DefinitionProblem): string {
  const where = p.elementId ? `${p.elementName ? `「${p.elementName}」` : ''}(${p.elementId})` : ''
  return `流程定义「${key}」${where}：${p.message} [${p.code}]`
}

/** The forms a definition of the import may name: the import's over the ones in force. */
function overlay(current: FormRegistry, forms: LoadedForm[]): FormRegistry {
  const mine = new Map(forms.map((f) => [f.key, f]))
  const keys = () => [...new Set([...current.keys(), ...mine.keys()])].sort()
  const registry: FormRegistry = {
    dir: current.dir,
    keys,
    has: (key) => mine.has(key) || current.has(key),
    get: (key) => mine.get(key) ?? current.get(key),
    all: () => keys().map((k) => registry.get(k)),
  }
  return registry
}

async function formProblems(form: LoadedForm): Promise<string[]> {
  const problems: string[] = []
  const name = `表单「${form.key}」`
  try {
    createAjv().compile(form.bundledSchema)
  } catch (e) {
    return [`${name}的 schema 无法编译：${(e as Error).message.split('\n')[0]}`]
  }
  const validator = createFormValidator(overlay({ dir: '', keys: () => [], has: () => false, get: () => { throw new Error('none') }, all: () => [] }, [form]))
  let sample: Record<string, unknown> = {}
  for (const example of loadExamples(form)) {
    const r = validator.validate(form.key, example.payload)
    if (example.valid && !r.ok) problems.push(`${name}的示例 ${example.file} 应通过却被拒绝：${r.errors.map((x) => `${x.path} ${x.message}`).join('；')}`)
    if (!example.valid && r.ok) problems.push(`${name}的非法示例 ${example.file} 却通过了校验`)
    if (example.valid) sample = example.payload as Record<string, unknown>
  }
  try {
    await createRenderer(noPdfConverter).renderDocx(form.template, sample, SAMPLE_STAMP)
  } catch (e) {
    problems.push(`${name}的模板 ${form.templateName} 无法生成文书：${(e as Error).message.split('\n')[0]}`)
  }
  return problems
}

function shippedGates(): unknown {
  const root = process.env.ZHIFA_ROOT ?? process.cwd()
  return JSON.parse(fs.readFileSync(path.join(root, 'definitions', 'gates.json'), 'utf8')) as unknown
}

/** Which definitions a call may name: the import's, the stored ones, the shipped ones (the studio's publish checks with the same). */
export async function callTargets(db: Db, bundle: CatalogBundle): Promise<CallTargets> {
  const shipped = shippedCallTargets()
  const mine = new Map(bundle.definitions.map((d) => [d.key, d.xml]))
  return {
    exists: async (key) => mine.has(key) || (await db.processDefinition.count({ where: { key } })) > 0 || shipped.exists(key),
    xml: async (key) => mine.get(key) ?? (await db.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { xml: true } }))?.xml ?? shipped.xml(key),
  }
}

/** Checks everything in the bundle; returns the problems and the definitions' names. */
async function check(deps: ImportDeps, bundle: CatalogBundle): Promise<{ problems: string[]; names: Map<string, string> }> {
  const problems = [...bundle.problems]
  const names = new Map<string, string>()
  // The statutory gates are the regulation's: an export carries them for reference, an import may not change them.
  if (bundle.gates !== undefined && canonicalJson(bundle.gates) !== canonicalJson(shippedGates())) {
    problems.push('definitions/gates.json：法定环节由法规确定，只能随版本发布更改，不能导入修改')
  }
  for (const form of bundle.forms) problems.push(...(await formProblems(form)))
  const registry = overlay(deps.catalog.forms, bundle.forms)
  const validator = createFormValidator(registry)
  const calls = await callTargets(deps.db, bundle)
  for (const d of bundle.definitions) {
    const result = await validateForApp(d.xml, validator, registry, calls)
    if (!result.ok) problems.push(...result.problems.map((p) => definitionProblem(d.key, p)))
    else if (result.key !== d.key) problems.push(`流程定义「${d.key}」：流程 id「${result.key}」与目录名不一致`)
    else names.set(d.key, result.name ?? d.key)
  }
  for (const e of bundle.entries) {
    const problem = checkEntry(e.kind, e.key, e.content)
    if (problem) problems.push(`${kindTitles[e.kind]}「${e.key}」：${problem}`)
  }
  return { problems, names }
}

export async function importBundle(deps: ImportDeps, bundle: CatalogBundle, options: { note: string; actor: Actor | null }): Promise<ImportResult> {
  const note = options.note.trim()
  const { problems, names } = await check(deps, bundle)
  if (!note) problems.unshift('请填写变更说明（--note）')
  if (problems.length) return { ok: false, problems, activated: [], unchanged: [] }
  const { db, clock, workflow } = deps
  const current = await deps.catalog.reload()
  const activated: string[] = []
  const unchanged: string[] = []
  const origin = { source: 'import' as const, changeNote: note, actor: options.actor }
  await db.$transaction(async (tx) => {
    const activateIfChanged = async (kind: 'definition' | 'form' | 'reference' | 'role', key: string, version: number, active: number | undefined) => {
      if (active === version) {
        unchanged.push(`${kind}:${key}`)
        return
      }
      await activateIn(tx, { kind, key, version, actor: options.actor, changeNote: note }, clock)
      activated.push(`${kind}:${key} v${version}`)
    }
    for (const e of bundle.entries) {
      const { version } = await createEntryVersionIn(tx, { kind: e.kind, key: e.key, content: e.content, ...origin }, clock)
      await activateIfChanged(e.kind, e.key, version, current.entries.get(entryId(e.kind, e.key))?.version)
    }
    for (const form of bundle.forms) {
      const row = await ensureFormVersionIn(tx, form, clock, origin)
      await activateIfChanged('form', form.key, row.version, current.forms.get(form.key)?.version)
    }
    for (const d of bundle.definitions) {
      const row = await workflow.storeDefinitionIn(tx, d.xml, { key: d.key, name: names.get(d.key) ?? d.key }, options.actor, { changeNote: note, source: 'import', reuse: 'any' })
      await activateIfChanged('definition', d.key, row.version, current.definitions.get(d.key))
    }
    await appendAudit(tx, {
      actorId: options.actor?.id ?? null, actorName: options.actor?.displayName ?? null,
      action: 'catalog.import', targetType: 'Catalog', targetId: null,
      detail: { note, activated, unchanged: unchanged.length, hash: contentHash({ activated }) },
    }, clock)
  })
  await deps.catalog.reload()
  return { ok: true, problems: [], activated, unchanged }
}

/** Reads the folder and imports it. */
export function importDirectory(deps: ImportDeps, dir: string, options: { note: string; actor: Actor | null }): Promise<ImportResult> {
  return importBundle(deps, readBundle(dir), options)
}
