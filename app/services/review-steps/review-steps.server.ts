/**
 * The review-step configurator's service (issue 13 part 3, ADR 034): read a
 * procedure's review steps from its definition in force (stored in it, or
 * read from its process), build a definition from changed steps and run
 * every deploy check and the statutory gates on it, and publish it.
 *
 * Steps belong to a department (docs/decisions/040): the region's save goes
 * through the catalog's import and is the version for everyone; an organ
 * below it (a county's legal office) saves a version in force only for
 * matters of its own subtree, and may go back to the version above. Who may
 * configure which organ is the rules' `update ReviewSteps` on that organ.
 */
import { subject } from '@casl/ability'
import type { DbOrTx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { DefinitionProblem } from '../../../engine/index.ts'
import { buildReviewSteps, reviewStepsOf, type ReviewSteps } from '../../../engine/review-steps/index.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { importBundle, type ImportDeps } from '../catalog/import.server.ts'
import { activateIn } from '../catalog/activate.server.ts'
import { activateForDepartmentIn, removeDepartmentActivation } from '../catalog/department-activation.server.ts'
import { definitionInForce } from '../catalog/definition-in-force.server.ts'
import { shippedCallTargets, validateForApp } from '../workflow/workflow.server.ts'
import type { AppAbility } from '../permissions.server.ts'
import { isOrganKind } from '../../reference/departments.ts'
import { Conflict, Forbidden, NotFound } from '../errors.ts'

/** The procedures with review steps the configurator offers (the shipped ones; a procedure added later is offered when it has review sections). */
export const REVIEW_PROCEDURES = ['penalty-case-general', 'penalty-case-summary', 'coercion-general', 'coercion-immediate', 'onsite-inspection', 'inspection-scheme', 'annual-plan', 'temporary-plan', 'change-request', 'deletion-request', 'access-request', 'case-extension'] as const

/** An organ whose matters follow the review steps configured for it. */
export interface ConfigDepartment {
  id: string
  name: string
  path: string
  /** The region (the tree's root): its steps are the version for everyone without their own. */
  region: boolean
}

function mayConfigure(ability: AppAbility, department: { id: string; path: string }): boolean {
  return ability.can('update', subject('ReviewSteps', { departmentId: department.id, departmentPath: department.path }))
}

/** The organs (region, prefectures, counties) whose review steps the ability may change, in tree order. */
export async function configurableDepartments(db: DbOrTx, ability: AppAbility): Promise<ConfigDepartment[]> {
  const rows = await db.department.findMany({ select: { id: true, name: true, path: true, kind: true, parentId: true }, orderBy: [{ path: 'asc' }] })
  return rows
    .filter((d) => isOrganKind(d.kind) && mayConfigure(ability, d))
    .map((d) => ({ id: d.id, name: d.name, path: d.path, region: d.parentId === null }))
}

const NOT_YOURS = '您不能配置该部门的审核环节：只能配置本机关及下级部门的。'

/**
 * The organ a page or a save configures: the one asked for (403 when the
 * ability may not: another county's steps are neither shown nor changed),
 * else the actor's own organ, else the first one they may configure.
 */
export async function departmentToConfigure(db: DbOrTx, ability: AppAbility, actor: Actor, requested?: string | null): Promise<{ department: ConfigDepartment; choices: ConfigDepartment[] }> {
  const choices = await configurableDepartments(db, ability)
  const department = requested ? choices.find((d) => d.id === requested) : choices.find((d) => d.id === actor.organId) ?? choices[0]
  if (!department) throw new Forbidden(NOT_YOURS)
  return { department, choices }
}

export interface ActiveDefinition {
  key: string
  name: string
  version: number
  xml: string
}

/** Whose version is in force for a department. */
export interface InForce {
  /** The department's own version (saved for it); false: it follows the version above. */
  own: boolean
  /** The department whose own version it follows; null: the region's version for everyone. */
  from: { id: string; name: string } | null
  /** The region's version, followed by everyone without their own. */
  regionVersion: number
}

async function definitionRow(db: DbOrTx, key: string, version: number): Promise<ActiveDefinition> {
  const row = await db.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { key: true, name: true, version: true, xml: true } })
  if (!row) throw new NotFound(`未找到流程「${key}」`)
  return row
}

/** The version in force for everyone (the catalog's active version; the newest stored one for a key the catalog does not know). */
export async function activeDefinition(db: DbOrTx, key: string): Promise<ActiveDefinition> {
  const inForce = await definitionInForce(db, key, null)
  if (!inForce) throw new NotFound(`未找到流程「${key}」`)
  return definitionRow(db, key, inForce.version)
}

/** The version in force for the department's matters, and whose it is. */
export async function definitionForDepartment(db: DbOrTx, key: string, department: ConfigDepartment): Promise<ActiveDefinition & { inForce: InForce }> {
  const found = await definitionInForce(db, key, department.region ? null : department.path)
  if (!found) throw new NotFound(`未找到流程「${key}」`)
  const from = found.fromDepartmentId
    ? await db.department.findUnique({ where: { id: found.fromDepartmentId }, select: { id: true, name: true } })
    : null
  return {
    ...(await definitionRow(db, key, found.version)),
    inForce: { own: found.fromDepartmentId === department.id, from, regionVersion: found.activeVersion },
  }
}

export interface ProcedureSteps {
  definition: Omit<ActiveDefinition, 'xml'>
  config: ReviewSteps
  stored: boolean
  skipped: string[]
  inForce: InForce
}

/** A procedure's review steps in force for the department (the region's when none is given). */
export async function procedureSteps(db: DbOrTx, key: string, department?: ConfigDepartment): Promise<ProcedureSteps> {
  const definition = department
    ? await definitionForDepartment(db, key, department)
    : { ...(await activeDefinition(db, key)), inForce: null }
  const { config, stored, skipped } = await reviewStepsOf(definition.xml)
  const inForce = definition.inForce ?? { own: false, from: null, regionVersion: definition.version }
  return { definition: { key: definition.key, name: definition.name, version: definition.version }, config, stored, skipped, inForce }
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

/** Who writes: the actor, and their ability (`update ReviewSteps` on the department). */
export interface ReviewStepsWriter {
  actor: Actor
  ability: AppAbility
}

async function departmentFor(db: DbOrTx, ability: AppAbility, departmentId: string): Promise<ConfigDepartment> {
  const row = await db.department.findUnique({ where: { id: departmentId }, select: { id: true, name: true, path: true, kind: true, parentId: true } })
  if (!row || !isOrganKind(row.kind) || !mayConfigure(ability, row)) throw new Forbidden(NOT_YOURS)
  return { id: row.id, name: row.name, path: row.path, region: row.parentId === null }
}

/**
 * Builds, checks and publishes a procedure's review steps for a department:
 * the region's as the new version for everyone (the catalog's import), any
 * other organ's as a new version in force for its own subtree only. 403 when
 * the writer may not configure that department; problems when the steps do
 * not pass, and then nothing is stored.
 */
export async function publishReviewSteps(
  deps: ImportDeps, writer: ReviewStepsWriter, key: string, departmentId: string, input: unknown, note: string,
): Promise<{ ok: true; version: number } | { ok: false; problems: string[] }> {
  const department = await departmentFor(deps.db, writer.ability, departmentId)
  const current = await definitionForDepartment(deps.db, key, department)
  const built = await buildAndCheck(current.xml, input, deps.catalog.forms)
  if (!built.ok) return built
  if (!note.trim()) return { ok: false, problems: ['请填写变更说明'] }
  const { actor } = writer
  if (department.region) {
    const result = await importBundle(deps, { definitions: [{ key, xml: built.xml }], forms: [], entries: [], gates: undefined, problems: [] }, { note: `审核环节配置：${note.trim()}`, actor })
    if (!result.ok) return { ok: false, problems: result.problems }
    return { ok: true, version: (await activeDefinition(deps.db, key)).version }
  }
  const changeNote = `审核环节配置（${department.name}）：${note.trim()}`
  const version = await deps.db.$transaction(async (tx) => {
    // A key the catalog does not name follows its newest version: name the region's first, or the new one would become everyone's.
    if (!(await tx.catalogItem.findUnique({ where: { kind_key: { kind: 'definition', key } }, select: { id: true } }))) {
      await activateIn(tx, { kind: 'definition', key, version: current.inForce.regionVersion, actor, changeNote: '各部门自有版本之外的全区版本' }, deps.clock)
    }
    const row = await deps.workflow.storeDefinitionIn(tx, built.xml, { key, name: current.name }, actor, { changeNote, source: 'import', reuse: 'any' })
    await activateForDepartmentIn(tx, { kind: 'definition', key, version: row.version, departmentId: department.id, actor, changeNote }, deps.clock)
    return row.version
  })
  await deps.catalog.reload()
  return { ok: true, version }
}

/**
 * The department goes back to the version above it (removes its own):
 * matters it opens from now on follow the prefecture's or the region's
 * steps; running ones keep theirs. Audited; 409 when it has no own version.
 */
export async function returnToVersionAbove(deps: ImportDeps, writer: ReviewStepsWriter, key: string, departmentId: string, reason: string | null): Promise<{ removedVersion: number; version: number }> {
  const department = await departmentFor(deps.db, writer.ability, departmentId)
  if (department.region) throw new Conflict('自治区的版本是全区的版本，没有上级版本可以恢复。')
  const { removedVersion } = await removeDepartmentActivation(deps.db, { kind: 'definition', key, departmentId: department.id, actor: writer.actor, reason }, deps.clock)
  await deps.catalog.reload()
  return { removedVersion, version: (await definitionForDepartment(deps.db, key, department)).version }
}
