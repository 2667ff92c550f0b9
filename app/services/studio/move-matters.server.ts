/**
 * 迁移进行中的事项: a process administrator moves running matters of a
 * procedure to a newer version (issue 12 part 5, docs/decisions/032). The
 * engine decides which instances can move and why not (engine/move-check.ts,
 * engine/move-instances.ts); this service asks it with what the app knows —
 * whether a matter can still read its pinned form versions (ADR 025) — shows
 * the matters by number, and records the move on each matter in the same
 * transaction. Permission: `manage ProcessDefinition` (ADR 026).
 */
import type { Db, DbOrTx, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { MoveOptions, WorkflowEngine } from '../../../engine/index.ts'
import type { AppAbility } from '../permissions.server.ts'
import { Forbidden, InvalidInput, NotFound } from '../errors.ts'
import type { FormPins } from '../catalog/matter-forms.server.ts'

export interface MatterMoveRow {
  instanceId: string
  matterId: string | null
  /** The matter's number (文号), or the instance id when it has no matter. */
  label: string
  departmentName: string | null
  fromVersion: number
  waiting: string[]
  movable: boolean
  reasons: string[]
}

export interface DefinitionVersionRow {
  version: number
  deployedAt: Date
  deployedByName: string | null
  changeNote: string | null
  active: boolean
}

export interface MoveListing {
  key: string
  name: string
  toVersion: number
  versions: DefinitionVersionRow[]
  rows: MatterMoveRow[]
}

/** A matter records each move of its procedure (matter.data.definitionMoves) and the version it runs on now. */
export type DefinitionMove = {
  from: number
  to: number
  at: string
  byId: string
  byName: string
  note: string | null
}

function requireManage(ability: AppAbility): void {
  if (!ability.can('manage', 'ProcessDefinition')) throw new Forbidden('只有流程配置管理员可以迁移进行中的事项。')
}

/** Can the matter still read the version of `formKey` it pinned when it opened? A form it did not pin is read at its active version. */
async function formReadable(formKey: string, businessKey: string | null, tx: DbOrTx): Promise<boolean> {
  if (!businessKey) return true
  const matter = await tx.matter.findUnique({ where: { id: businessKey }, select: { data: true } })
  const pinned = ((matter?.data as { formVersions?: FormPins } | null)?.formVersions ?? {})[formKey]
  if (pinned === undefined) return true
  return (await tx.formVersion.count({ where: { formKey, version: pinned } })) > 0
}

const moveOptions: MoveOptions = { formReadable }

async function versionsOf(db: Db, key: string): Promise<{ name: string; versions: DefinitionVersionRow[] }> {
  const [rows, item] = await Promise.all([
    db.processDefinition.findMany({ where: { key }, orderBy: { version: 'desc' }, select: { version: true, name: true, deployedAt: true, deployedByName: true, changeNote: true } }),
    db.catalogItem.findFirst({ where: { kind: 'definition', key }, select: { activeVersion: true } }),
  ])
  if (rows.length === 0) throw new NotFound(`没有流程「${key}」。`)
  const active = item?.activeVersion ?? rows[0]!.version
  return { name: rows[0]!.name, versions: rows.map(({ name: _name, ...r }) => ({ ...r, active: r.version === active })) }
}

/**
 * The running matters of `key` on versions before `toVersion` (default: the
 * active version), each movable or not with the reasons in Chinese.
 */
export async function listMoves(db: Db, engine: WorkflowEngine, ability: AppAbility, key: string, toVersion?: number): Promise<MoveListing> {
  requireManage(ability)
  const { name, versions } = await versionsOf(db, key)
  const to = toVersion ?? versions.find((v) => v.active)!.version
  if (!versions.some((v) => v.version === to)) throw new NotFound(`流程「${name}」没有第 ${to} 版。`)
  const plan = await engine.planMoves(key, to, moveOptions)
  const matterIds = plan.candidates.map((c) => c.businessKey).filter((id): id is string => Boolean(id))
  const departmentIds = plan.candidates.map((c) => c.departmentId).filter((id): id is string => Boolean(id))
  const [matters, departments] = await Promise.all([
    db.matter.findMany({ where: { id: { in: matterIds } }, select: { id: true, number: true } }),
    db.department.findMany({ where: { id: { in: departmentIds } }, select: { id: true, name: true } }),
  ])
  const numberOf = new Map(matters.map((m) => [m.id, m.number]))
  const departmentOf = new Map(departments.map((d) => [d.id, d.name]))
  return {
    key, name, toVersion: to, versions,
    rows: plan.candidates.map((c) => ({
      instanceId: c.instanceId,
      matterId: c.businessKey && numberOf.has(c.businessKey) ? c.businessKey : null,
      label: (c.businessKey && numberOf.get(c.businessKey)) || c.instanceId,
      departmentName: c.departmentId ? (departmentOf.get(c.departmentId) ?? null) : null,
      fromVersion: c.fromVersion,
      waiting: c.waiting.map((w) => w.name),
      movable: c.movable,
      reasons: c.reasons.map((r) => r.message),
    })),
  }
}

/**
 * Moves the chosen matters' instances to `toVersion` in one audited
 * transaction (engine: `process.move` per instance), recording the move on
 * each matter; none moves when any cannot (MoveRefused, 409).
 */
export async function moveMatters(
  db: Db, engine: WorkflowEngine, ability: AppAbility, clock: Clock, actor: Actor,
  input: { key: string; toVersion: number; instanceIds: string[]; note: string | null },
): Promise<{ instanceId: string; businessKey: string | null; label: string; fromVersion: number; toVersion: number }[]> {
  requireManage(ability)
  if (input.instanceIds.length === 0) throw new InvalidInput({ instanceId: ['请至少选择一件事项'] })
  await versionsOf(db, input.key)
  const moved = await engine.moveInstances(input.key, input.toVersion, input.instanceIds, actor, {
    ...moveOptions,
    note: input.note ?? undefined,
    moved: async (tx: Tx, moved) => {
      if (!moved.businessKey) return
      const matter = await tx.matter.findUnique({ where: { id: moved.businessKey }, select: { data: true } })
      if (!matter) return
      const data = (matter.data ?? {}) as Record<string, unknown> & { definitionMoves?: DefinitionMove[] }
      const move: DefinitionMove = { from: moved.fromVersion, to: moved.toVersion, at: clock.now().toISOString(), byId: actor.id, byName: actor.displayName, note: input.note }
      await tx.matter.update({
        where: { id: moved.businessKey },
        data: { data: { ...data, definitionVersion: moved.toVersion, definitionMoves: [...(data.definitionMoves ?? []), move] } },
      })
    },
  })
  // Labelled here: once moved, the matters are no longer in the page's list.
  const matters = await db.matter.findMany({ where: { id: { in: moved.map((m) => m.businessKey ?? '') } }, select: { id: true, number: true } })
  const numberOf = new Map(matters.map((m) => [m.id, m.number]))
  return moved.map((m) => ({ ...m, label: (m.businessKey && numberOf.get(m.businessKey)) || m.instanceId }))
}
