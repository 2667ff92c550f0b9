/**
 * What each role sees first after signing in: one panel per role held, with
 * the figures and entry points of that role's work.
 */
import type { Db } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'
import { accessibleWhere, type AppAbility } from './permissions.server.ts'
import { roleInfo } from '../reference/roles.ts'
import { openTasksWhere } from './workflow/inbox.server.ts'
import type { Clock } from '../../engine/clock.ts'
import { nextYearMissing } from './workflow/calendar-years.server.ts'
import { liveDrafts } from './documents/drafts.server.ts'

export interface HomePanel {
  role: string
  title: string
  department: string
  description: string
  figures: Array<{ label: string; value: number; href?: string }>
  links: Array<{ label: string; href: string }>
  /** Something the role must see to first, e.g. next year's holiday schedule is not entered. */
  warnings: Array<{ text: string; href: string }>
}

function startOfShanghaiDay(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3600_000)
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) - 8 * 3600_000)
}

/** `departmentNames`: names of the departments of the actor's roles (already loaded with the account). */
export async function homePanels(db: Db, clock: Clock, actor: Actor, ability: AppAbility, departmentNames: Map<string, string>): Promise<HomePanel[]> {
  const deptName = departmentNames
  const panels: HomePanel[] = []
  // One query for every role's 待办 (tasks in the role's pool or assigned to the actor), and the overdue among them.
  const now = clock.now()
  const open = actor.roles.length
    ? await db.task.findMany({ where: await openTasksWhere(db, actor), select: { role: true, departmentId: true, assigneeId: true, dueAt: true, dueProvisional: true } })
    : []
  const countFor = (role: string, departmentId: string) => {
    const mine = open.filter((t) => t.role === role && t.departmentId === departmentId)
    return { all: mine.length, overdue: mine.filter((t) => t.dueAt && t.dueAt <= now).length, provisional: mine.filter((t) => t.dueProvisional).length }
  }
  for (const grant of actor.roles) {
    const info = roleInfo(grant.role)
    const panel: HomePanel = {
      role: grant.role,
      title: info?.title ?? grant.role,
      department: deptName.get(grant.departmentId) ?? '',
      description: info?.description ?? '',
      figures: [],
      links: [],
      warnings: [],
    }
    if (grant.role !== 'process-admin') {
      const tasks = countFor(grant.role, grant.departmentId)
      panel.figures.push({ label: '待办', value: tasks.all, href: '/tasks' })
      if (tasks.overdue) panel.figures.push({ label: '逾期', value: tasks.overdue, href: '/tasks?overdue=1' })
      if (tasks.provisional) panel.figures.push({ label: '期限暂定', value: tasks.provisional, href: '/tasks' })
    }
    if (['officer', 'supervisor'].includes(grant.role)) panel.links.push({ label: '新建事项', href: '/matters/new' }, { label: '我的案件', href: '/matters' })
    if (grant.role === 'system-admin') {
      const organUsers = { AND: [accessibleWhere(ability, 'read', 'User'), { organId: grant.organId }] }
      const [active, stopped, logToday] = await Promise.all([
        db.user.count({ where: { ...organUsers, status: 'active' } }),
        db.user.count({ where: { ...organUsers, status: 'stopped' } }),
        db.auditEntry.count({ where: { AND: [accessibleWhere(ability, 'read', 'AuditEntry'), { at: { gte: startOfShanghaiDay(clock.now()) } }] } }),
      ])
      panel.figures.push({ label: '在用账号', value: active, href: '/admin/users?status=active' }, { label: '已停用账号', value: stopped, href: '/admin/users?status=stopped' }, { label: '今日操作日志', value: logToday, href: '/admin/audit' })
      panel.links.push({ label: '新建账号', href: '/admin/users/new' }, { label: '部门', href: '/admin/departments' })
      if (ability.can('manage', 'Calendar')) {
        panel.links.push({ label: '工作日历', href: '/admin/calendar' })
        const missing = await nextYearMissing(db, now)
        if (missing) {
          panel.warnings.push({
            text: `${missing} 年节假日安排尚未录入：跨入 ${missing} 年的办理期限目前按《全国年节及纪念日放假办法》暂定。国务院办公厅通知发布后请及时录入。`,
            href: '/admin/calendar',
          })
        }
      }
    }
    // 编辑和发布流程定义、表单和模板: the studio's procedures, and the catalog for forms, templates and lists.
    if (grant.role === 'process-admin' && ability.can('manage', 'ProcessDefinition')) {
      panel.links.push({ label: '流程定义', href: '/admin/definitions' }, { label: '配置目录', href: '/admin/catalog' })
    }
    if (ability.can('read', 'RegulatedEntity') && ['officer', 'supervisor'].includes(grant.role)) {
      const entities = await db.regulatedEntity.count({ where: accessibleWhere(ability, 'read', 'RegulatedEntity') })
      panel.figures.push({ label: '辖区生产经营单位', value: entities, href: '/entities' })
    }
    if (ability.can('create', 'Document') && ['officer', 'supervisor'].includes(grant.role)) {
      const [documents, drafts] = await Promise.all([
        db.document.count({ where: accessibleWhere(ability, 'read', 'Document') }),
        liveDrafts(db, actor.id, Infinity).then((list) => list.length),
      ])
      panel.figures.push({ label: grant.role === 'supervisor' ? '可查阅的文书' : '我的文书', value: documents, href: '/documents' }, { label: '未完成的草稿', value: drafts, href: '/documents/new' })
      panel.links.push({ label: '制作文书', href: '/documents/new' })
    }
    panels.push(panel)
  }
  return panels
}
