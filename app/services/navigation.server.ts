/**
 * The menu a signed-in user sees, derived from the same abilities that
 * guard the pages, so nobody is offered a page that would answer 403.
 */
import type { AppAbility } from './permissions.server.ts'

export interface NavItem {
  key: string
  label: string
  href: string
  icon: 'home' | 'inbox' | 'team' | 'apartment' | 'audit' | 'shop' | 'deployment' | 'file' | 'form' | 'calendar' | 'safety'
}

export function navigationFor(ability: AppAbility): NavItem[] {
  const items: NavItem[] = [{ key: 'home', label: '首页', href: '/', icon: 'home' }]
  if (ability.can('read', 'Matter')) {
    items.push({ key: 'tasks', label: '待办事项', href: '/tasks', icon: 'inbox' })
    items.push({ key: 'matters', label: '执法事项', href: '/matters', icon: 'deployment' })
  }
  if (ability.can('create', 'Document')) items.push({ key: 'new-document', label: '制作文书', href: '/documents/new', icon: 'form' })
  if (ability.can('read', 'Document')) items.push({ key: 'documents', label: '我的文书', href: '/documents', icon: 'file' })
  if (ability.can('read', 'User')) items.push({ key: 'users', label: '账号管理', href: '/admin/users', icon: 'team' })
  if (ability.can('read', 'Department')) items.push({ key: 'departments', label: '部门', href: '/admin/departments', icon: 'apartment' })
  if (ability.can('read', 'RegulatedEntity')) items.push({ key: 'entities', label: '生产经营单位', href: '/entities', icon: 'shop' })
  if (ability.can('read', 'AuditEntry')) items.push({ key: 'audit', label: '操作日志', href: '/admin/audit', icon: 'audit' })
  if (ability.can('manage', 'ProcessDefinition')) {
    items.push({ key: 'definitions', label: '流程定义', href: '/admin/definitions', icon: 'deployment' })
    items.push({ key: 'catalog', label: '配置目录', href: '/admin/catalog', icon: 'deployment' })
  }
  // The legal office that may propose form changes opens the same page (ADR 041).
  if (ability.can('manage', 'Form') || ability.can('create', 'CatalogProposal')) items.push({ key: 'forms', label: '表单与模板', href: '/admin/forms', icon: 'form' })
  if (ability.can('update', 'ReviewSteps')) items.push({ key: 'review-steps', label: '审核环节配置', href: '/admin/review-steps', icon: 'safety' })
  if (ability.can('update', 'ReviewGroup')) items.push({ key: 'review-groups', label: '审核小组', href: '/admin/review-groups', icon: 'team' })
  if (ability.can('manage', 'Calendar')) items.push({ key: 'calendar', label: '工作日历', href: '/admin/calendar', icon: 'calendar' })
  if (ability.can('manage', 'Permission')) {
    items.push({ key: 'permissions', label: '权限规则', href: '/admin/permissions', icon: 'safety' })
    items.push({ key: 'permissions-explain', label: '权限说明', href: '/admin/permissions/explain', icon: 'safety' })
  }
  return items
}
