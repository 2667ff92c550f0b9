/**
 * Kinds of matter (执法事项) and the procedure each starts. Keys from the
 * glossary; the definition keys name folders of definitions/.
 */
export interface MatterKindInfo {
  key: string
  title: string
  /** Abbreviation in the matter number, e.g. 伊县应急检〔2026〕3号. */
  abbreviation: string
  variants?: Array<{ key: string; title: string; definition: string }>
  /** Definition started when there are no variants. */
  definition?: string
  /** Roles that may open such a matter. */
  openedBy: string[]
  /** Needs a regulated entity as the party. */
  hasParty: boolean
}

export const matterKinds: readonly MatterKindInfo[] = [
  { key: 'inspection', title: '监督检查', abbreviation: '检', definition: 'onsite-inspection', openedBy: ['officer', 'supervisor'], hasParty: true },
  {
    key: 'penalty-case', title: '行政处罚案件', abbreviation: '罚案', openedBy: ['officer', 'supervisor'], hasParty: true,
    variants: [
      { key: 'general', title: '一般程序', definition: 'penalty-case-general' },
      { key: 'summary', title: '简易程序', definition: 'penalty-case-summary' },
    ],
  },
  {
    key: 'coercion-case', title: '行政强制案件', abbreviation: '强案', openedBy: ['officer', 'supervisor'], hasParty: true,
    variants: [
      { key: 'immediate', title: '即时强制', definition: 'coercion-immediate' },
      { key: 'general', title: '一般程序', definition: 'coercion-general' },
    ],
  },
  { key: 'annual-plan', title: '年度执法计划', abbreviation: '年计', definition: 'annual-plan', openedBy: ['system-admin'], hasParty: false },
  {
    key: 'inspection-scheme', title: '执法检查方案', abbreviation: '方案', openedBy: ['officer', 'supervisor', 'system-admin'], hasParty: false,
    variants: [
      { key: 'key', title: '重点检查', definition: 'inspection-scheme' },
      { key: 'special', title: '专项检查', definition: 'inspection-scheme' },
      { key: 'random', title: '随机抽查', definition: 'inspection-scheme' },
    ],
  },
  { key: 'temporary-plan', title: '临时检查计划', abbreviation: '临计', definition: 'temporary-plan', openedBy: ['officer', 'supervisor', 'system-admin'], hasParty: false },
  { key: 'change-request', title: '执法记录更改申请', abbreviation: '更申', definition: 'change-request', openedBy: ['officer', 'supervisor'], hasParty: false },
  { key: 'deletion-request', title: '执法记录删除申请', abbreviation: '删申', definition: 'deletion-request', openedBy: ['officer', 'supervisor'], hasParty: false },
  { key: 'access-request', title: '执法文书查阅申请', abbreviation: '阅申', definition: 'access-request', openedBy: ['officer'], hasParty: false },
]

const byKey = new Map(matterKinds.map((k) => [k.key, k]))

export function matterKind(key: string): MatterKindInfo | undefined {
  return byKey.get(key)
}

/** The definition a matter of this kind and variant starts, or null. */
export function definitionFor(kind: string, variant?: string | null): string | null {
  const info = byKey.get(kind)
  if (!info) return null
  if (info.variants) return info.variants.find((v) => v.key === variant)?.definition ?? null
  return info.definition ?? null
}
