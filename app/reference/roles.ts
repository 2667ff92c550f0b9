/**
 * Roles of shared/brief/glossary.md. Keys are stable identifiers used in
 * role assignments, BPMN `zf:role` and permissions; titles are what users see.
 */
export interface RoleInfo {
  key: string
  title: string
  /** Which certificate the role requires (第六条): none, either, or one kind. */
  certificate: 'none' | 'any' | 'enforcement' | 'supervision'
  /** Only assignable in the region department (and its units). */
  regionOnly?: boolean
  description: string
}

export const roles: readonly RoleInfo[] = [
  { key: 'system-admin', title: '执法系统管理员', certificate: 'none', description: '管理本部门账号、权限、检查计划和基础信息（第六条）' },
  { key: 'officer', title: '监管执法人员', certificate: 'any', description: '制作执法文书，查阅本人文书，申请查阅、更改、删除（第七条）' },
  { key: 'supervisor', title: '执法监督人员', certificate: 'supervision', description: '查阅本部门及下级部门执法文书，申请更改、删除（第七条）' },
  { key: 'deputy-head', title: '分管负责同志', certificate: 'none', description: '审批检查方案、记录更改、案件处理' },
  { key: 'principal-head', title: '主要负责同志', certificate: 'none', description: '审批；自治区层面审批删除申请' },
  { key: 'legal-reviewer', title: '法制审核人员', certificate: 'none', description: '3 个工作日内出具审理意见，制作听证文书，审核记录更改' },
  { key: 'committee-member', title: '案件审理委员会成员', certificate: 'none', description: '集体审理重大案件并形成会议纪要' },
  { key: 'policy-reviewer', title: '政策法规处审核人员', certificate: 'none', regionOnly: true, description: '审核删除执法记录申请（自治区）' },
  { key: 'process-admin', title: '流程配置管理员', certificate: 'none', regionOnly: true, description: '编辑和发布流程定义、表单和模板' },
]

const byKey = new Map(roles.map((r) => [r.key, r]))

export function roleInfo(key: string): RoleInfo | undefined {
  return byKey.get(key)
}

export function roleTitle(key: string): string {
  return byKey.get(key)?.title ?? key
}

export function isRoleKey(key: string): boolean {
  return byKey.has(key)
}
