/** Department kinds of shared/brief/glossary.md. */
export interface DepartmentKindInfo {
  key: string
  title: string
  /** Organs (机关) hold units and own their accounts; units belong to an organ. */
  organ: boolean
}

export const departmentKinds: readonly DepartmentKindInfo[] = [
  { key: 'region', title: '自治区应急管理厅', organ: true },
  { key: 'prefecture', title: '地、州、市应急管理局', organ: true },
  { key: 'county', title: '县（市、区）应急管理局', organ: true },
  { key: 'enforcement-bureau', title: '安全生产执法局', organ: false },
  { key: 'legal-office', title: '法制审核部门', organ: false },
  { key: 'policy-office', title: '政策法规处', organ: false },
  { key: 'case-committee', title: '案件审理委员会', organ: false },
]

const byKey = new Map(departmentKinds.map((k) => [k.key, k]))

export function isOrganKind(kind: string): boolean {
  return byKey.get(kind)?.organ ?? false
}

export function departmentKindTitle(kind: string): string {
  return byKey.get(kind)?.title ?? kind
}
