/**
 * Moving running instances to a newer version of their definition (issue 12
 * part 5, docs/decisions/032): which root instances on older versions could
 * move and why not, and the move itself in one transaction.
 *
 * Per instance: the pure check (move-check.ts) on what it waits at; then the
 * statutory gates it has not passed must still lie ahead of every waiting
 * step in the new version (the deploy's gate analysis, started at those
 * steps); then bpmn-engine's stored state is recovered on the new version and
 * must wait at exactly the same executions and timers — the state that moves
 * is that recovered state, so the next operation resumes on the new
 * definition. Tasks, timers, documents and the log are not touched: the
 * history stays as it was; the instance's definition and version change, its
 * revision goes up (a warm runtime of the old version is dropped), and the
 * move is audited (`process.move`).
 */
import type { Db, Tx } from '../../prisma/client.ts'
import type { Actor } from '../actor.ts'
import type { AuditSink } from '../adapters.ts'
import type { DefinitionRegistry } from './definition-registry.ts'
import type { GateRule } from '../definition/gate-check.ts'
import { Conflict, DefinitionNotFound, InstanceNotFound, MoveRefused } from '../errors.ts'
import { checkMove, gateOrigins, passedGates, type MoveReason } from '../move-check.ts'
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import type { EngineSql, InstanceRow } from './engine-sql.ts'

export interface MoveContext {
  db: Db
  registry: DefinitionRegistry
  sql: EngineSql
  audit: AuditSink
  gateRules: readonly GateRule[]
  now: () => Date
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /** The callee versions in force now for the definition and the instance's department (pinned for calls the old version did not make). */
  calleeVersions(tx: Tx, definition: CompiledDefinition, departmentId: string | null): Promise<Record<string, string>>
}

export interface MoveOptions {
  /** Whether the matter (business key) can still read its pinned version of a form; default: yes. */
  formReadable?: (formKey: string, businessKey: string | null, tx: Db | Tx) => Promise<boolean>
}

export interface MoveCandidate {
  instanceId: string
  businessKey: string | null
  departmentId: string | null
  fromVersion: number
  startedAt: Date
  /** The open steps, by name. */
  waiting: { elementId: string; name: string }[]
  movable: boolean
  reasons: MoveReason[]
}

export interface MovePlan {
  key: string
  toVersion: number
  candidates: MoveCandidate[]
}

export interface MovedInstance {
  instanceId: string
  businessKey: string | null
  fromVersion: number
  toVersion: number
}

interface Assessment {
  candidate: MoveCandidate
  /** bpmn-engine's state recovered on the target version, when movable. */
  state: string | null
}

async function target(ctx: MoveContext, key: string, version: number, tx: Db | Tx): Promise<CompiledDefinition> {
  const row = await tx.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { id: true } })
  if (!row) throw new DefinitionNotFound(`${key}@${version}`)
  return ctx.registry.compiled(row.id, tx as Tx)
}

/** Ids of the instance and of the instances it called, however deep (a gate may have been passed in a called process). */
async function instanceTree(tx: Db | Tx, rootId: string): Promise<string[]> {
  const ids = [rootId]
  for (let level = [rootId]; level.length; ) {
    const children = await tx.processInstance.findMany({ where: { parentInstanceId: { in: level } }, select: { id: true } })
    level = children.map((c) => c.id).filter((id) => !ids.includes(id))
    ids.push(...level)
  }
  return ids
}

async function recoverOn(definition: CompiledDefinition, row: InstanceRow): Promise<ProcessRuntime> {
  return ProcessRuntime.recover(definition, row.state, JSON.parse(row.variables) as Record<string, unknown>)
}

function executionsOf(runtime: ProcessRuntime): string {
  const tasks = runtime.waitingUserTasks().map((t) => `task:${t.executionId}`)
  const timers = runtime.armedTimers().map((t) => `timer:${t.executionId}`)
  return [...tasks, ...timers].sort().join('|')
}

async function assess(ctx: MoveContext, tx: Db | Tx, row: InstanceRow, to: CompiledDefinition, options: MoveOptions): Promise<Assessment> {
  const from = await ctx.registry.compiled(row.definitionId, tx as Tx)
  const [fromOutline, toOutline] = await Promise.all([ctx.registry.outline(from.id, tx as Tx), ctx.registry.outline(to.id, tx as Tx)])
  const openTasks = await tx.task.findMany({ where: { instanceId: row.id, status: 'open' }, orderBy: { createdAt: 'asc' }, select: { elementId: true, name: true, form: true } })
  const candidate: MoveCandidate = {
    instanceId: row.id, businessKey: row.businessKey, departmentId: row.departmentId, fromVersion: row.definitionVersion, startedAt: row.startedAt,
    waiting: openTasks.map((t) => ({ elementId: t.elementId, name: t.name })), movable: false, reasons: [],
  }
  const current = await recoverOn(from, row)
  const waiting = current.waitingElements()
  const before = executionsOf(current)
  current.dispose()

  const unreadableForms = new Set<string>()
  if (options.formReadable) {
    for (const form of new Set(openTasks.map((t) => t.form))) if (!(await options.formReadable(form, row.businessKey, tx))) unreadableForms.add(form)
  }
  candidate.reasons = checkMove({ waiting, openTasks, from: { model: from.model, elements: fromOutline.elements }, to: { model: to.model, elements: toOutline.elements }, unreadableForms })
  if (candidate.reasons.length) return { candidate, state: null }

  if (ctx.gateRules.length) {
    const tree = await instanceTree(tx, row.id)
    const gateRows = await tx.task.findMany({ where: { instanceId: { in: tree }, gate: { not: null } }, select: { executionId: true, gate: true, status: true, outcome: true, createdAt: true } })
    const bypasses = await ctx.registry.gateBypassesFrom(to.id, tx as Tx, gateOrigins(waiting), passedGates(gateRows, ctx.gateRules))
    candidate.reasons = bypasses.map((p) => ({ elementId: p.elementId, code: 'GATE_BYPASSED', message: `迁移后将跳过尚未经过的法定环节：${p.message}` }))
    if (candidate.reasons.length) return { candidate, state: null }
  }

  let moved: ProcessRuntime | null = null
  try {
    moved = await recoverOn(to, row)
    if (executionsOf(moved) !== before) {
      candidate.reasons = [{ elementId: null, code: 'STATE_NOT_RESUMABLE', message: '在新版本上恢复后，等待中的环节或定时与原来不一致' }]
      return { candidate, state: null }
    }
    candidate.movable = true
    return { candidate, state: moved.snapshot() }
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 120) : String(err)
    candidate.reasons = [{ elementId: null, code: 'STATE_NOT_RESUMABLE', message: `流程状态不能在新版本上恢复：${detail}` }]
    return { candidate, state: null }
  } finally {
    moved?.dispose()
  }
}

function runningOlder(key: string, toVersion: number) {
  return { definitionKey: key, status: 'running', parentInstanceId: null, definitionVersion: { lt: toVersion } }
}

/** The running root instances of `key` on versions before `toVersion`, each with whether it can move and why not. */
export async function planMoves(ctx: MoveContext, key: string, toVersion: number, options: MoveOptions = {}): Promise<MovePlan> {
  const to = await target(ctx, key, toVersion, ctx.db)
  const rows = await ctx.db.processInstance.findMany({ where: runningOlder(key, toVersion), orderBy: { startedAt: 'asc' }, select: { id: true } })
  const candidates: MoveCandidate[] = []
  for (const { id } of rows) {
    const row = await ctx.sql.instance(ctx.db, id)
    if (row) candidates.push((await assess(ctx, ctx.db, row, to, options)).candidate)
  }
  return { key, toVersion, candidates }
}

/**
 * Moves the chosen instances in one transaction: each is checked again, and
 * if any cannot move (or is no longer running on an older version) nothing
 * moves (MoveRefused with the reasons). `moved` runs inside the transaction
 * for each moved instance (the app records the new version on its matter).
 */
export async function moveInstances(
  ctx: MoveContext,
  key: string,
  toVersion: number,
  instanceIds: readonly string[],
  actor: Actor | null,
  options: MoveOptions & { note?: string; moved?: (tx: Tx, moved: MovedInstance) => Promise<void> } = {},
): Promise<MovedInstance[]> {
  return ctx.transaction(async (tx) => {
    const to = await target(ctx, key, toVersion, tx)
    const now = ctx.now()
    const result: MovedInstance[] = []
    const refused: MoveCandidate[] = []
    for (const id of [...new Set(instanceIds)]) {
      const row = await ctx.sql.instance(tx, id)
      if (!row) throw new InstanceNotFound(id)
      if (row.definitionKey !== key || row.status !== 'running' || row.parentInstanceId !== null || row.definitionVersion >= toVersion) {
        refused.push({
          instanceId: id, businessKey: row.businessKey, departmentId: row.departmentId, fromVersion: row.definitionVersion, startedAt: row.startedAt, waiting: [], movable: false,
          reasons: [{ elementId: null, code: 'STEP_MISSING', message: `不是「${key}」第 ${toVersion} 版之前版本上进行中的流程` }],
        })
        continue
      }
      const { candidate, state } = await assess(ctx, tx, row, to, options)
      if (!candidate.movable || state === null) {
        refused.push(candidate)
        continue
      }
      const variables = JSON.parse(row.variables) as Record<string, unknown> & { zf?: { calls?: Record<string, string> } }
      const calls = { ...(await ctx.calleeVersions(tx, to, row.departmentId)), ...(variables.zf?.calls ?? {}) }
      if (variables.zf && Object.keys(calls).length) variables.zf.calls = calls
      const updated = await tx.processInstance.updateMany({
        where: { id, revision: row.revision },
        data: { definitionId: to.id, definitionVersion: to.version, state, variables: JSON.stringify(variables), revision: row.revision + 1, updatedAt: now },
      })
      if (updated.count !== 1) throw new Conflict(id)
      const moved: MovedInstance = { instanceId: id, businessKey: row.businessKey, fromVersion: row.definitionVersion, toVersion: to.version }
      await ctx.audit(tx, {
        actor, action: 'process.move', targetType: 'ProcessInstance', targetId: id,
        detail: { definitionKey: key, fromVersion: row.definitionVersion, toVersion: to.version, businessKey: row.businessKey, note: options.note ?? null, waiting: candidate.waiting.map((w) => w.elementId) },
      })
      await options.moved?.(tx, moved)
      result.push(moved)
    }
    if (refused.length) throw new MoveRefused(refused.map((c) => ({ instanceId: c.instanceId, businessKey: c.businessKey, reasons: c.reasons })))
    return result
  })
}
