/**
 * 待办 / 已办 / 我的案件: what the signed-in user has to do, has done, and
 * works on. Open tasks are those the user may act on (assigned to them, or
 * in the pool of a role they hold in the task's department); every list is
 * filtered, never trimmed in the UI, so nothing of other departments leaks.
 */
import type { Prisma } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { accessibleWhere, type AppAbility } from '../permissions.server.ts'
import { appCalendar, remainingWorkingDays } from './calendar.server.ts'
import { dueLabel } from './due-label.server.ts'
import { containsText } from '../../utils/search.server.ts'
import { actionableTasksWhere } from './task-access.server.ts'

export interface InboxFilter {
  q?: string
  kind?: string
  overdue?: boolean
}

export interface InboxRow {
  taskId: string
  name: string
  definitionKey: string
  createdAt: string
  dueDate: string | null
  /** The due date counts over a year whose holiday schedule is not entered yet (暂定). */
  dueProvisional: boolean
  remainingWorkingDays: number | null
  overdue: boolean
  assignedToMe: boolean
  outcome: string | null
  completedAt: string | null
  matter: { id: string; number: string; title: string; kind: string; partyName: string | null } | null
}

const matterSelect = { id: true, number: true, title: true, kind: true, party: { select: { name: true } } } as const

async function mattersById(db: Db, ids: string[]) {
  const rows = await db.matter.findMany({ where: { id: { in: [...new Set(ids)] } }, select: matterSelect })
  return new Map(rows.map((m) => [m.id, { id: m.id, number: m.number, title: m.title, kind: m.kind, partyName: m.party?.name ?? null }]))
}

/** A matter's title, number or party name containing the text. */
function matterText(db: Db, q: string): Prisma.MatterWhereInput {
  const text = containsText(q)
  return { OR: [{ title: text }, { number: text }, { party: { name: text } }] }
}

/** Matter ids matching a search or kind filter, or null when there is no such filter. */
async function matchingMatterIds(db: Db, filter: InboxFilter): Promise<string[] | null> {
  if (!filter.q && !filter.kind) return null
  const where: Prisma.MatterWhereInput[] = []
  if (filter.kind) where.push({ kind: filter.kind })
  if (filter.q) where.push(matterText(db, filter.q))
  const rows = await db.matter.findMany({ where: { AND: where }, select: { id: true }, take: 1000 })
  return rows.map((r) => r.id)
}

/** Open tasks the actor may act on (task-access.server.ts: officers' steps only on their own matters). */
export async function openTasksWhere(db: Db, actor: Actor): Promise<Prisma.TaskWhereInput> {
  return actionableTasksWhere(db, actor)
}

export async function openTasksFor(db: Db, clock: Clock, actor: Actor, filter: InboxFilter = {}): Promise<InboxRow[]> {
  const now = clock.now()
  const ids = await matchingMatterIds(db, filter)
  const where: Prisma.TaskWhereInput = {
    AND: [
      await openTasksWhere(db, actor),
      ...(ids ? [{ businessKey: { in: ids } }] : []),
      ...(filter.overdue ? [{ dueAt: { lte: now } }] : []),
    ],
  }
  const tasks = await db.task.findMany({
    where,
    orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    take: 200,
    select: { id: true, name: true, definitionKey: true, createdAt: true, dueDate: true, dueAt: true, dueProvisional: true, assigneeId: true, businessKey: true, outcome: true, completedAt: true },
  })
  const [matters, calendar] = await Promise.all([mattersById(db, tasks.flatMap((t) => (t.businessKey ? [t.businessKey] : []))), appCalendar(db)])
  return tasks.map((t) => ({
    taskId: t.id, name: t.name, definitionKey: t.definitionKey, createdAt: t.createdAt.toISOString(),
    dueDate: dueLabel(t.dueDate, t.dueAt), dueProvisional: t.dueProvisional, remainingWorkingDays: remainingWorkingDays(calendar, now, t.dueDate),
    overdue: !!t.dueAt && t.dueAt <= now, assignedToMe: t.assigneeId === actor.id,
    outcome: t.outcome, completedAt: t.completedAt?.toISOString() ?? null,
    matter: t.businessKey ? matters.get(t.businessKey) ?? null : null,
  }))
}

export async function doneTasksBy(db: Db, clock: Clock, actor: Actor, filter: InboxFilter = {}): Promise<InboxRow[]> {
  const ids = await matchingMatterIds(db, filter)
  const tasks = await db.task.findMany({
    where: { AND: [{ completedById: actor.id }, ...(ids ? [{ businessKey: { in: ids } }] : [])] },
    orderBy: { completedAt: 'desc' },
    take: 200,
    select: { id: true, name: true, definitionKey: true, createdAt: true, dueDate: true, dueAt: true, dueProvisional: true, assigneeId: true, businessKey: true, outcome: true, completedAt: true },
  })
  const matters = await mattersById(db, tasks.flatMap((t) => (t.businessKey ? [t.businessKey] : [])))
  return tasks.map((t) => ({
    taskId: t.id, name: t.name, definitionKey: t.definitionKey, createdAt: t.createdAt.toISOString(),
    dueDate: dueLabel(t.dueDate, t.dueAt), dueProvisional: t.dueProvisional, remainingWorkingDays: null, overdue: false, assignedToMe: false,
    outcome: t.outcome, completedAt: t.completedAt?.toISOString() ?? null,
    matter: t.businessKey ? matters.get(t.businessKey) ?? null : null,
  }))
}

export interface MatterFilter extends InboxFilter {
  status?: string
  /** Only matters the actor opened or works on as an officer. */
  mine?: boolean
}

export async function listMatters(db: Db, ability: AppAbility, actor: Actor, filter: MatterFilter = {}) {
  const where: Prisma.MatterWhereInput[] = [accessibleWhere(ability, 'read', 'Matter')]
  if (filter.mine) where.push({ OR: [{ createdById: actor.id }, { officers: { some: { userId: actor.id } } }] })
  if (filter.kind) where.push({ kind: filter.kind })
  if (filter.status) where.push({ status: filter.status })
  if (filter.q) where.push(matterText(db, filter.q))
  const [total, rows] = await Promise.all([
    db.matter.count({ where: { AND: where } }),
    db.matter.findMany({
      where: { AND: where },
      orderBy: { createdAt: 'desc' },
      take: 100,
      select: { id: true, number: true, title: true, kind: true, variant: true, status: true, createdAt: true, createdByName: true, party: { select: { name: true } } },
    }),
  ])
  return { total, rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), partyName: r.party?.name ?? null })) }
}
