/**
 * Overdue steps are reported (procedures.md; 第十六条). What happens when a
 * step passes its deadline is the step's own (zf:overdue, set in the
 * review-step configurator, ADR 041):
 *  - no attribute (the shipped rule): the people who must act are notified
 *    at once, and one day later the heads of the step's organ too. An exact
 *    deadline in hours (the 24-hour report and approval after an on-the-spot
 *    coercive measure, 行政强制法第十九条) is itself the time the head must act
 *    by, so its heads are told as soon as it passes;
 *  - `remind`: only the people who must act;
 *  - `report`: the people who must act and, at once, the heads of the
 *    organ of the case's department.
 * Runs from the scheduler; every notification has a dedupe key, so running
 * it again changes nothing.
 */
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { isExactDue, type OverduePolicy, type WorkflowEngine } from '../../../engine/index.ts'
import { dueLabel } from './due-label.server.ts'
import { notifyOnce } from '../notifications.server.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The heads of an organ (本机关负责同志): its 分管负责同志 and 主要负责同志 (catalog/reference/roles.json). */
const HEAD_ROLES = ['deputy-head', 'principal-head']

/** A step's zf:overdue, null for the shipped rule; read from the definition the task's instance runs. */
export type OverduePolicyOf = (taskId: string) => Promise<OverduePolicy | null>

/** The policy as the engine reads it from the step's definition (a step its definition no longer has: the shipped rule). */
export function overduePolicyFrom(engine: Pick<WorkflowEngine, 'step'>): OverduePolicyOf {
  return async (taskId) => {
    try {
      return (await engine.step(taskId)).overdue
    } catch {
      return null
    }
  }
}

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

/** The active heads of the organ the department belongs to. */
async function headsOf(db: Db, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return []
  const dept = await db.department.findUnique({ where: { id: departmentId }, select: { organId: true } })
  if (!dept) return []
  const heads = await db.roleAssignment.findMany({
    where: { role: { in: HEAD_ROLES }, departmentId: dept.organId, user: { status: 'active' } },
    select: { userId: true },
  })
  return [...new Set(heads.map((h) => h.userId))]
}

export async function notifyOverdue(db: Db, clock: Clock, policyOf: OverduePolicyOf): Promise<{ notified: number }> {
  const now = clock.now()
  const overdue = await db.task.findMany({
    where: { status: 'open', dueAt: { lte: now } },
    select: { id: true, name: true, businessKey: true, assigneeId: true, role: true, departmentId: true, dueDate: true, dueAt: true, instance: { select: { departmentId: true } } },
  })
  let notified = 0
  for (const task of overdue) {
    const matter = task.businessKey
      ? await db.matter.findUnique({ where: { id: task.businessKey }, select: { number: true, title: true, departmentId: true } })
      : null
    const about = matter ? `${matter.title}（${matter.number}）` : task.name
    const link = `/tasks/${task.id}`
    const exact = isExactDue(task.dueDate, task.dueAt)
    const due = dueLabel(task.dueDate, task.dueAt)
    const policy = await policyOf(task.id)
    for (const userId of await actorsOf(db, task)) {
      await notifyOnce(db, {
        userId, kind: 'task-overdue', now, link, dedupeKey: `overdue:${task.id}:${userId}`,
        title: `「${task.name}」已逾期`, body: `${about}的「${task.name}」应于 ${due} 前办理，现已逾期，请尽快办理。`,
      })
      notified++
    }
    const escalation = headsToTell(policy, task, matter, exact, now)
    if (!escalation) continue
    for (const userId of await headsOf(db, escalation.departmentId)) {
      await notifyOnce(db, {
        userId, kind: 'task-overdue-escalated', now, link: matter ? `/matters/${task.businessKey}` : link, dedupeKey: `escalated:${task.id}:${userId}`,
        title: `逾期事项报告：「${task.name}」`, body: `${about}的「${task.name}」应于 ${due} 前办理，${escalation.reason}（第十六条）。`,
      })
      notified++
    }
  }
  return { notified }
}

/** Whether the heads are told now, whose (the department whose organ's heads), and the words of the report; null: not (yet). */
function headsToTell(
  policy: OverduePolicy | null,
  task: { departmentId: string | null; dueAt: Date | null; instance: { departmentId: string | null } },
  matter: { departmentId: string } | null,
  exact: boolean,
  now: Date,
): { departmentId: string | null; reason: string } | null {
  if (policy === 'remind' || !task.dueAt) return null
  if (policy === 'report') return { departmentId: matter?.departmentId ?? task.instance.departmentId ?? task.departmentId, reason: '已逾期仍未办理，按该环节的设置报告负责同志' }
  if (exact) return { departmentId: task.departmentId, reason: '已超过时限仍未办理' }
  if (now.getTime() - task.dueAt.getTime() >= DAY_MS) return { departmentId: task.departmentId, reason: '已逾期一日以上仍未办理' }
  return null
}
