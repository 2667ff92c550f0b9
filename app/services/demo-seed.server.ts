/**
 * Demo data for a fresh installation: the department tree of the brief
 * (region with its units, the Ili prefecture, two counties under it), one
 * account for every role and a dozen regulated entities with valid
 * 统一社会信用代码. Idempotent: does nothing when departments exist.
 * The accounts and their password are listed in README.md.
 */
import type { Db, Tx } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { appendAudit } from './audit.server.ts'
import { hashPassword } from '../utils/password.server.ts'
import { makeCreditCode } from '../reference/credit-code.ts'

export const DEMO_PASSWORD = 'zhifa2026demo'

interface DeptSeed {
  code: string
  name: string
  kind: string
  docPrefix?: string
  units?: Array<{ suffix: string; name: string; kind: string }>
  children?: DeptSeed[]
}

const organUnits = [
  { suffix: 'legal-office', name: '法制审核部门', kind: 'legal-office' },
  { suffix: 'case-committee', name: '案件审理委员会', kind: 'case-committee' },
]

export const demoDepartments: DeptSeed = {
  code: 'region', name: '自治区应急管理厅', kind: 'region', docPrefix: '新',
  units: [
    { suffix: 'enforcement-bureau', name: '安全生产执法局', kind: 'enforcement-bureau' },
    { suffix: 'legal-office', name: '法制审核部门', kind: 'legal-office' },
    { suffix: 'policy-office', name: '政策法规处', kind: 'policy-office' },
    { suffix: 'case-committee', name: '案件审理委员会', kind: 'case-committee' },
  ],
  children: [{
    code: 'ili', name: '伊犁哈萨克自治州应急管理局', kind: 'prefecture', docPrefix: '伊州', units: organUnits,
    children: [
      { code: 'ili.yining-county', name: '伊宁县应急管理局', kind: 'county', docPrefix: '伊县', units: organUnits },
      { code: 'ili.huocheng-county', name: '霍城县应急管理局', kind: 'county', docPrefix: '霍', units: organUnits },
    ],
  }],
}

interface UserSeed {
  loginName: string
  displayName: string
  department: string
  roles: Array<[role: string, department?: string]>
  certificate?: 'enforcement' | 'supervision'
}

/** One account for every role of the glossary at the region, and the working set of each organ below. */
export const demoUsers: UserSeed[] = [
  { loginName: 'region-admin', displayName: '艾力·买买提', department: 'region.enforcement-bureau', roles: [['system-admin']], certificate: 'enforcement' },
  { loginName: 'region-process-admin', displayName: '王建华', department: 'region.enforcement-bureau', roles: [['process-admin']] },
  { loginName: 'region-officer', displayName: '李志强', department: 'region.enforcement-bureau', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'region-supervisor', displayName: '张丽娟', department: 'region.enforcement-bureau', roles: [['supervisor']], certificate: 'supervision' },
  { loginName: 'region-legal', displayName: '赵文博', department: 'region.legal-office', roles: [['legal-reviewer']], certificate: 'enforcement' },
  { loginName: 'region-policy', displayName: '古丽娜尔·吐尔逊', department: 'region.policy-office', roles: [['policy-reviewer']], certificate: 'supervision' },
  { loginName: 'region-committee', displayName: '刘振东', department: 'region.case-committee', roles: [['committee-member']] },
  { loginName: 'region-deputy', displayName: '陈国平', department: 'region', roles: [['deputy-head'], ['committee-member', 'region.case-committee']] },
  { loginName: 'region-principal', displayName: '马春林', department: 'region', roles: [['principal-head'], ['committee-member', 'region.case-committee']] },

  { loginName: 'ili-admin', displayName: '阿依古丽·艾买提', department: 'ili', roles: [['system-admin']], certificate: 'enforcement' },
  { loginName: 'ili-officer', displayName: '周海涛', department: 'ili', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'ili-officer2', displayName: '孙明', department: 'ili', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'ili-supervisor', displayName: '黄静', department: 'ili', roles: [['supervisor']], certificate: 'supervision' },
  { loginName: 'ili-legal', displayName: '吴俊', department: 'ili.legal-office', roles: [['legal-reviewer']], certificate: 'enforcement' },
  { loginName: 'ili-deputy', displayName: '郑伟', department: 'ili', roles: [['deputy-head'], ['committee-member', 'ili.case-committee']] },
  { loginName: 'ili-principal', displayName: '努尔兰·哈力克', department: 'ili', roles: [['principal-head'], ['committee-member', 'ili.case-committee']] },

  { loginName: 'yining-admin', displayName: '杨帆', department: 'ili.yining-county', roles: [['system-admin']], certificate: 'enforcement' },
  { loginName: 'yining-officer', displayName: '买买提江·吐尔洪', department: 'ili.yining-county', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'yining-officer2', displayName: '何磊', department: 'ili.yining-county', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'yining-supervisor', displayName: '许婷', department: 'ili.yining-county', roles: [['supervisor']], certificate: 'supervision' },
  { loginName: 'yining-legal', displayName: '高原', department: 'ili.yining-county.legal-office', roles: [['legal-reviewer']], certificate: 'enforcement' },
  { loginName: 'yining-legal2', displayName: '罗佳', department: 'ili.yining-county.legal-office', roles: [['legal-reviewer']], certificate: 'enforcement' },
  { loginName: 'yining-committee', displayName: '谢东', department: 'ili.yining-county.case-committee', roles: [['committee-member']] },
  { loginName: 'yining-deputy', displayName: '韩冰', department: 'ili.yining-county', roles: [['deputy-head'], ['committee-member', 'ili.yining-county.case-committee']] },
  { loginName: 'yining-principal', displayName: '巴特尔', department: 'ili.yining-county', roles: [['principal-head'], ['committee-member', 'ili.yining-county.case-committee']] },

  { loginName: 'huocheng-admin', displayName: '冯涛', department: 'ili.huocheng-county', roles: [['system-admin']], certificate: 'enforcement' },
  { loginName: 'huocheng-officer', displayName: '热合曼·艾山', department: 'ili.huocheng-county', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'huocheng-officer2', displayName: '曹阳', department: 'ili.huocheng-county', roles: [['officer']], certificate: 'enforcement' },
  { loginName: 'huocheng-legal', displayName: '邓慧', department: 'ili.huocheng-county.legal-office', roles: [['legal-reviewer']], certificate: 'enforcement' },
  { loginName: 'huocheng-deputy', displayName: '彭飞', department: 'ili.huocheng-county', roles: [['deputy-head'], ['committee-member', 'ili.huocheng-county.case-committee']] },
  { loginName: 'huocheng-principal', displayName: '叶尔兰', department: 'ili.huocheng-county', roles: [['principal-head'], ['committee-member', 'ili.huocheng-county.case-committee']] },
  // Last, so the certificate numbers of the accounts above stay as they were: reviews inspection plans and case filings in Huocheng.
  { loginName: 'huocheng-supervisor', displayName: '玛依拉·托合提', department: 'ili.huocheng-county', roles: [['supervisor']], certificate: 'supervision' },
  // Case committees of at least five members where cases are decided collectively (quorum: more than half, docs/decisions/021).
  { loginName: 'region-committee2', displayName: '王海燕', department: 'region.case-committee', roles: [['committee-member']] },
  { loginName: 'region-committee3', displayName: '吐尔洪·阿不都拉', department: 'region.case-committee', roles: [['committee-member']] },
  { loginName: 'yining-committee2', displayName: '苏萍', department: 'ili.yining-county.case-committee', roles: [['committee-member']] },
  { loginName: 'yining-committee3', displayName: '阿迪力·库尔班', department: 'ili.yining-county.case-committee', roles: [['committee-member']] },
  { loginName: 'huocheng-committee', displayName: '范志刚', department: 'ili.huocheng-county.case-committee', roles: [['committee-member']] },
  { loginName: 'huocheng-committee2', displayName: '古丽巴哈尔·艾力', department: 'ili.huocheng-county.case-committee', roles: [['committee-member']] },
  { loginName: 'huocheng-committee3', displayName: '刘洋', department: 'ili.huocheng-county.case-committee', roles: [['committee-member']] },
]

interface EntitySeed { name: string; department: string; division: string; org: string; address: string; legalRepresentative: string; industry: string; phone: string }

export const demoEntities: EntitySeed[] = [
  { name: '伊宁县恒泰煤业有限公司', department: 'ili.yining-county', division: '654021', org: '31650001', address: '伊宁县吉里于孜镇工业园区', legalRepresentative: '马国强', industry: '煤矿', phone: '13909990101' },
  { name: '伊宁县天山化工有限责任公司', department: 'ili.yining-county', division: '654021', org: '31650002', address: '伊宁县伊东工业园区化工路 8 号', legalRepresentative: '刘永福', industry: '危险化学品', phone: '13909990102' },
  { name: '伊宁县金穗面粉加工厂', department: 'ili.yining-county', division: '654021', org: '31650003', address: '伊宁县英塔木镇 218 国道旁', legalRepresentative: '艾尼瓦尔·司马义', industry: '工贸（粉尘涉爆）', phone: '13909990103' },
  { name: '伊宁县顺达加油站', department: 'ili.yining-county', division: '654021', org: '31650004', address: '伊宁县墩麻扎镇 312 国道 4216 公里处', legalRepresentative: '王红梅', industry: '成品油零售', phone: '13909990104' },
  { name: '霍城县惠远烟花爆竹批发有限公司', department: 'ili.huocheng-county', division: '654023', org: '31650005', address: '霍城县惠远镇物流园 3 号库', legalRepresentative: '张德明', industry: '烟花爆竹', phone: '13909990105' },
  { name: '霍城县清水河建材有限公司', department: 'ili.huocheng-county', division: '654023', org: '31650006', address: '霍城县清水河镇建材路 12 号', legalRepresentative: '阿不都热合曼·吐尔逊', industry: '建材（非煤矿山）', phone: '13909990106' },
  { name: '霍城县果子沟石料厂', department: 'ili.huocheng-county', division: '654023', org: '31650007', address: '霍城县三道河子镇果子沟口', legalRepresentative: '李建军', industry: '非煤矿山', phone: '13909990107' },
  { name: '霍尔果斯口岸危险货物仓储有限公司', department: 'ili.huocheng-county', division: '654023', org: '31650008', address: '霍城县兰干乡物流大道 66 号', legalRepresentative: '陈晓东', industry: '危险化学品储存', phone: '13909990108' },
  { name: '伊犁川宁生物技术股份有限公司伊宁分厂', department: 'ili', division: '654002', org: '31650009', address: '伊宁市边境经济合作区阿拉木图路 1 号', legalRepresentative: '高峰', industry: '医药化工', phone: '13909990109' },
  { name: '伊犁天力钢铁有限公司', department: 'ili', division: '654002', org: '31650010', address: '伊宁市工业园区钢城路 9 号', legalRepresentative: '赵志刚', industry: '冶金', phone: '13909990110' },
  { name: '伊犁河谷天然气储运有限公司', department: 'ili', division: '654000', org: '31650011', address: '伊宁市解放西路 388 号', legalRepresentative: '哈力木拉提·努尔', industry: '燃气', phone: '13909990111' },
  { name: '新疆伊力特酿酒有限公司', department: 'ili', division: '654000', org: '31650012', address: '伊犁哈萨克自治州可克达拉市伊力特大道 1 号', legalRepresentative: '孟庆华', industry: '工贸（酒类）', phone: '13909990112' },
]

async function createDepartments(tx: Tx, seed: DeptSeed, parent: { id: string; path: string } | null, organ: { id: string } | null, order: number, ids: Map<string, { id: string; path: string; organId: string }>) {
  const id = `dept-${seed.code.replaceAll('.', '-')}`
  const path = `${parent?.path ?? '/'}${id}/`
  const organId = organ?.id ?? id
  await tx.department.create({ data: { id, code: seed.code, name: seed.name, kind: seed.kind, parentId: parent?.id ?? null, path, organId, docPrefix: seed.docPrefix ?? null, sortOrder: order } })
  ids.set(seed.code, { id, path, organId })
  let i = 0
  for (const unit of seed.units ?? []) {
    const unitId = `${id}-${unit.suffix}`
    const unitPath = `${path}${unitId}/`
    await tx.department.create({ data: { id: unitId, code: `${seed.code}.${unit.suffix}`, name: unit.name, kind: unit.kind, parentId: id, path: unitPath, organId: id, sortOrder: i++ } })
    ids.set(`${seed.code}.${unit.suffix}`, { id: unitId, path: unitPath, organId: id })
  }
  for (const child of seed.children ?? []) {
    await createDepartments(tx, child, { id, path }, null, 100 + i++, ids)
  }
}

export async function seedDemo(db: Db, clock: Clock): Promise<{ seeded: boolean }> {
  if ((await db.department.count()) > 0) return { seeded: false }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const now = clock.now()
  const certificateExpiry = new Date(Date.UTC(now.getUTCFullYear() + 3, 11, 31, 15, 59, 59))
  await db.$transaction(async (tx) => {
    const ids = new Map<string, { id: string; path: string; organId: string }>()
    await createDepartments(tx, demoDepartments, null, null, 0, ids)
    let n = 0
    for (const u of demoUsers) {
      const dept = ids.get(u.department)!
      n += 1
      await tx.user.create({
        data: {
          id: `user-${u.loginName}`,
          loginName: u.loginName, displayName: u.displayName, passwordHash,
          departmentId: dept.id, departmentPath: dept.path, organId: dept.organId,
          certificateKind: u.certificate ?? null,
          certificateNo: u.certificate ? `${u.certificate === 'enforcement' ? '65' : 'JD65'}${String(20260000 + n)}` : null,
          certificateExpiresAt: u.certificate ? certificateExpiry : null,
          roles: { create: u.roles.map(([role, at]) => ({ role, departmentId: ids.get(at ?? u.department)!.id })) },
        },
      })
    }
    // Each case committee's quorum rule is data: more than half of its members (1/2).
    for (const [code, dept] of ids) {
      if (code.endsWith('.case-committee')) await tx.committeeSetting.create({ data: { departmentId: dept.id, quorumNumerator: 1, quorumDenominator: 2, updatedAt: now } })
    }
    for (const e of demoEntities) {
      const dept = ids.get(e.department)!
      await tx.regulatedEntity.create({
        data: {
          name: e.name, creditCode: makeCreditCode('91', e.division, e.org), address: e.address,
          legalRepresentative: e.legalRepresentative, contactPhone: e.phone, industry: e.industry,
          departmentId: dept.id, departmentPath: dept.path,
        },
      })
    }
    await appendAudit(tx, { actorName: 'system', action: 'system.seed-demo', detail: { departments: ids.size, users: demoUsers.length, entities: demoEntities.length } }, clock)
  }, { timeout: 60_000 })
  return { seeded: true }
}
