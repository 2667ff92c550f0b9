/**
 * The shipped folders (definitions/, forms/, catalog/reference/) are the
 * baseline: they seed an empty database and never overwrite a choice an
 * administrator made. At every start, for each shipped item whose content
 * differs from the stored baseline version:
 *  - the active version IS the previous baseline → the new baseline becomes active;
 *  - an administrator activated something else → the new baseline is stored
 *    and offered as 可更新 (CatalogItem.availableVersion), adopted only by an
 *    administrator (adopt.server.ts).
 * An unchanged file does nothing, so a restart never reverts anything.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { sha256, type DefinitionProblem, type WorkflowEngine } from '../../../engine/index.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { appendAudit } from '../audit.server.ts'
import { ensureFormVersionIn } from '../documents/form-versions.server.ts'
import { bumpCounter } from './counter.server.ts'
import { baselineFile, referenceLists } from './reference-lists.ts'
import { createEntryVersionIn } from './versions.server.ts'
import type { CatalogKind } from './kinds.ts'

export type BaselineOutcome = 'seeded' | 'activated' | 'available' | 'unchanged'

export interface BaselineReport {
  /** `kind:key vN` for every item whose new baseline became active (or that was seeded). */
  activated: string[]
  /** Items whose new baseline waits for an administrator (可更新). */
  available: string[]
  refused: { key: string; file: string; problems: DefinitionProblem[] }[]
}

const BASELINE_NOTE = '随版本发布的基线 shipped baseline'

/** Records that `version` is the newest shipped baseline of the item, and activates it where the rule above says so. */
export async function applyBaselineIn(tx: Tx, kind: CatalogKind, key: string, version: number, clock: Clock): Promise<BaselineOutcome> {
  const item = await tx.catalogItem.findUnique({ where: { kind_key: { kind, key } } })
  if (item && item.baselineVersion === version) return 'unchanged'
  const at = { updatedAt: clock.now(), updatedById: null, updatedByName: null }
  let outcome: BaselineOutcome
  if (!item) {
    await tx.catalogItem.create({ data: { kind, key, activeVersion: version, baselineVersion: version, ...at } })
    outcome = 'seeded'
  } else if (item.activeVersion === item.baselineVersion || item.activeVersion === version) {
    await tx.catalogItem.update({ where: { id: item.id }, data: { activeVersion: version, baselineVersion: version, availableVersion: null, ...at } })
    outcome = 'activated'
  } else {
    // An administrator's version is in force: keep it, offer the new baseline.
    await tx.catalogItem.update({ where: { id: item.id }, data: { baselineVersion: version, availableVersion: version, updatedAt: clock.now() } })
    outcome = 'available'
  }
  await bumpCounter(tx)
  await appendAudit(tx, {
    action: 'catalog.baseline', targetType: 'CatalogItem', targetId: `${kind}:${key}`,
    detail: { kind, key, version, outcome, previousActive: item?.activeVersion ?? null, previousBaseline: item?.baselineVersion ?? null },
  }, clock)
  return outcome
}

function record(report: BaselineReport, kind: CatalogKind, key: string, version: number, outcome: BaselineOutcome) {
  if (outcome === 'seeded' || outcome === 'activated') report.activated.push(`${kind}:${key} v${version}`)
  if (outcome === 'available') report.available.push(`${kind}:${key} v${version}`)
}

async function syncReferenceLists(db: Db, root: string, clock: Clock, report: BaselineReport) {
  const lists = referenceLists.filter((list) => fs.existsSync(baselineFile(list, root)))
  // One transaction per kind: a start on an empty database writes every item once.
  await db.$transaction(async (tx) => {
    for (const list of lists) {
      const content = JSON.parse(fs.readFileSync(baselineFile(list, root), 'utf8')) as unknown
      const { version } = await createEntryVersionIn(tx, { kind: 'reference', key: list.key, content, source: 'baseline', changeNote: BASELINE_NOTE }, clock)
      record(report, 'reference', list.key, version, await applyBaselineIn(tx, 'reference', list.key, version, clock))
    }
  })
}

async function syncForms(db: Db, root: string, clock: Clock, report: BaselineReport) {
  const forms = loadRegistry(path.join(root, 'forms')).all()
  await db.$transaction(async (tx) => {
    for (const form of forms) {
      const row = await ensureFormVersionIn(tx, form, clock, { source: 'baseline', changeNote: BASELINE_NOTE })
      record(report, 'form', form.key, row.version, await applyBaselineIn(tx, 'form', form.key, row.version, clock))
    }
  }, { timeout: 60_000 })
}

async function syncDefinitions(db: Db, workflow: WorkflowEngine, root: string, clock: Clock, report: BaselineReport) {
  const dir = path.join(root, 'definitions')
  if (!fs.existsSync(dir)) return
  const stored = async (key: string, xml: string) => (await db.processDefinition.findFirst({ where: { key, sha256: sha256(xml) }, orderBy: { version: 'desc' }, select: { version: true } }))?.version ?? null
  const files = fs.readdirSync(dir).sort()
    .map((key) => ({ key, file: path.join(dir, key, 'process.bpmn') }))
    .filter((f) => fs.existsSync(f.file))
    .map((f) => ({ ...f, xml: fs.readFileSync(f.file, 'utf8') }))
  const missing = new Set<string>()
  for (const f of files) if ((await stored(f.key, f.xml)) === null) missing.add(f.key)
  // Only files with no stored version go through deploy (with every check); the others are versions already.
  if (missing.size) {
    const { refused } = await workflow.deployDirectory(dir, null, { include: (key) => missing.has(key), source: 'baseline' })
    report.refused.push(...refused)
  }
  const versions = await Promise.all(files.map(async (f) => ({ key: f.key, version: await stored(f.key, f.xml) })))
  await db.$transaction(async (tx) => {
    for (const { key, version } of versions) {
      if (version !== null) record(report, 'definition', key, version, await applyBaselineIn(tx, 'definition', key, version, clock))
    }
  }, { timeout: 60_000 })
}

/** Seeds and upgrades the catalog from the shipped folders under `root`. */
export async function syncBaseline(db: Db, deps: { workflow: WorkflowEngine; clock: Clock; root?: string }): Promise<BaselineReport> {
  const root = deps.root ?? process.env.ZHIFA_ROOT ?? process.cwd()
  const report: BaselineReport = { activated: [], available: [], refused: [] }
  await syncReferenceLists(db, root, deps.clock, report)
  // Forms before definitions: a definition's deploy checks name forms.
  await syncForms(db, root, deps.clock, report)
  await syncDefinitions(db, deps.workflow, root, deps.clock, report)
  return report
}
