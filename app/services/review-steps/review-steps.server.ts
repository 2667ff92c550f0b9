/**
 * The review-step configurator's service (issue 13 part 3, ADR 034): read a
 * procedure's review steps from its definition in force (stored in it, or
 * read from its process), build a definition from changed steps and run
 * every deploy check and the statutory gates on it, and publish it through
 * the catalog's import — checks again, a new version, activation and the
 * operation log in one transaction, or nothing.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { DefinitionProblem } from '../../../engine/index.ts'
import { buildReviewSteps, reviewStepsOf, type ReviewSteps } from '../../../engine/review-steps/index.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { importBundle, type ImportDeps } from '../catalog/import.server.ts'
import { shippedCallTargets, validateForApp } from '../workflow/workflow.server.ts'
import { NotFound } from '../errors.ts'

/** The procedures with review steps the configurator offers (the shipped ones; a procedure added later is offered when it has review sections). */
export const REVIEW_PROCEDURES = ['penalty-case-general', 'penalty-case-summary', 'coercion-general', 'coercion-immediate', 'onsite-inspection', 'inspection-scheme', 'annual-plan', 'temporary-plan', 'change-request', 'deletion-request', 'access-request', 'case-extension'] as const

export interface ActiveDefinition {
  key: string
  name: string
  version: number
  xml: string
}

/** The version in force of a procedure (the catalog's active version; the newest stored one for a key the catalog does not know). */
export async function activeDefinition(db: Db, key: string): Promise<ActiveDefinition> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind: 'definition', key } }, select: { activeVersion: true } })
  const row = item
    ? await db.processDefinition.findUnique({ where: { key_version: { key, version: item.activeVersion } }, select: { key: true, name: true, version: true, xml: true } })
    : await db.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { key: true, name: true, version: true, xml: true } })
  if (!row) throw new NotFound(`未找到流程「${key}」`)
  return row
}

export interface ProcedureSteps {
  definition: Omit<ActiveDefinition, 'xml'>
  config: ReviewSteps
  stored: boolean
  skipped: string[]
}

export async function procedureSteps(db: Db, key: string): Promise<ProcedureSteps> {
  const definition = await activeDefinition(db, key)
  const { config, stored, skipped } = await reviewStepsOf(definition.xml)
  return { definition: { key: definition.key, name: definition.name, version: definition.version }, config, stored, skipped }
}

const GATE_REASON = '该配置会让决定绕过法定审核（第十三条：未经案件审理审查不能制作决定类文书；第九、十条：未经批准的检查方案不能制作检查记录），不能保存。'

function problemText(p: DefinitionProblem): string {
  const where = p.elementName ? `「${p.elementName}」` : p.elementId ? `(${p.elementId})` : ''
  return `${where}${where ? '：' : ''}${p.message}`
}

export type BuiltDefinition = { ok: true; xml: string; config: ReviewSteps } | { ok: false; problems: string[] }

/**
 * Builds the definition from `input` (any JSON) over `baseXml` and runs every
 * deploy check and the statutory gates; problems in Chinese, a bypassed gate
 * first and in words.
 */
export async function buildAndCheck(baseXml: string, input: unknown, forms: FormRegistry): Promise<BuiltDefinition> {
  const built = await buildReviewSteps(baseXml, input)
  if (!built.ok) return built
  const result = await validateForApp(built.xml, createFormValidator(forms), forms, shippedCallTargets())
  if (result.ok) return built
  const bypass = result.problems.some((p) => p.code === 'GATE_BYPASSED' || p.code === 'GATE_MISSING')
  return { ok: false, problems: [...(bypass ? [GATE_REASON] : []), ...result.problems.map(problemText)] }
}

/** Builds, checks and publishes a procedure's review steps as its new definition version. */
export async function publishReviewSteps(deps: ImportDeps, actor: Actor, key: string, input: unknown, note: string): Promise<{ ok: true; version: number } | { ok: false; problems: string[] }> {
  const current = await activeDefinition(deps.db, key)
  const built = await buildAndCheck(current.xml, input, deps.catalog.forms)
  if (!built.ok) return built
  if (!note.trim()) return { ok: false, problems: ['请填写变更说明'] }
  const result = await importBundle(deps, { definitions: [{ key, xml: built.xml }], forms: [], entries: [], gates: undefined, problems: [] }, { note: `审核环节配置：${note.trim()}`, actor })
  if (!result.ok) return { ok: false, problems: result.problems }
  const version = await activeDefinition(deps.db, key)
  return { ok: true, version: version.version }
}
