/**
 * Overdue steps are reported (procedures.md; 第十六条): when a step passes
 * its deadline the people who must act are notified in the app, and one
 * day later the heads of the organ are too. An exact deadline in hours (the
 * 24-hour report and approval after an on-the-spot coercive measure,
 * 行政强制法第十九条) is itself the time the head must act by, so its heads
 * are told as soon as it passes. Runs from the scheduler; every
 * notification has a dedupe key, so running it again changes nothing.
 */
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { isExactDue } from '../../../engine/index.ts'
import { dueLabel } from './due-label.server.ts'
import { notifyOnce } from '../notifications.server.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** Who must act on a task: its assignee, or every active holder of its role in its department while nobody took it. */
export async function actorsOf(db: DbOrTx, task: { assigneeId: string | null; role: string; departmentId: string | null }): Promise<string[]> {
  if (task.assigneeId) return [task.assigneeId]
  if (!task.departmentId) return []
  const holders = await db.roleAssignment.findMany({
    where: { role: task.role, departmentId: task.departmentId, user: { status: 'active' } },
    select: { userId: true },
  })
  return holders.map((h) => h.userId)
}

async function headsOf(db: Db, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return []
  const dept = await db.department.findUnique({ where: { id: departmentId }, select: { organId: true } })
  if (!dept) return []
  const heads = await db.roleAssignment.findMany({
    where: { role: { in: ['deputy-head', 'principal-head'] }, departmentId: dept.organId, user: { status: 'active' } },
    select: { userId: true },
  })
  return [...new Set(heads.map((h) => h.userId))]
}

export async function notifyOverdue(db: Db, clock: Clock): Promise<{ notified: number }> {
  const now = clock.now()
  const overdue = await db.task.findMany({
    where: { status: 'open', dueAt: { lte: now } },
    select: { id: true, name: true, businessKey: true, assigneeId: true, role: true, departmentId: true, dueDate: true, dueAt: true },
  })
  let notified = 0
  for (const task of overdue) {
    const matter = task.businessKey
      ? await db.matter.findUnique({ where: { id: task.businessKey }, select: { number: true, title: true } })
      : null
    const about = matter ? `${matter.title}（${matter.number}）` : task.name
    const link = `/tasks/${task.id}`
    const exact = isExactDue(task.dueDate, task.dueAt)
    const due = dueLabel(task.dueDate, task.dueAt)
    for (const userId of await actorsOf(db, task)) {
      await notifyOnce(db, {
        userId, kind: 'task-overdue', now, link, dedupeKey: `overdue:${task.id}:${userId}`,
        title: `「${task.name}」已逾期`, body: `${about}的「${task.name}」应于 ${due} 前办理，现已逾期，请尽快办理。`,
      })
      notified++
    }
    if (task.dueAt && (exact || now.getTime() - task.dueAt.getTime() >= DAY_MS)) {
      for (const userId of await headsOf(db, task.departmentId)) {
        await notifyOnce(db, {
          userId, kind: 'task-overdue-escalated', now, link: matter ? `/matters/${task.businessKey}` : link, dedupeKey: `escalated:${task.id}:${userId}`,
          title: `逾期事项报告：「${task.name}」`, body: exact
            ? `${about}的「${task.name}」应于 ${due} 前办理，已超过时限仍未办理（第十六条）。`
            : `${about}的「${task.name}」应于 ${due} 前办理，已逾期一日以上仍未办理（第十六条）。`,
        })
        notified++
      }
    }
  }
  return { notified }
}
