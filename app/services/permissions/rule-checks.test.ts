import { describe, expect, it } from 'vitest'
import { checkRole, checkRule } from './rule-checks.ts'
import { ruleInChinese } from './describe.ts'
import { baselineRoles } from './rule-store.server.ts'
import type { RoleRule } from './rules.ts'

const ownDocuments: RoleRule = { id: 'read-own-documents', action: 'read', subject: 'Document', conditions: { deletedAt: null, madeById: '$user.id' } }

describe('checks on a role’s rules before saving', () => {
  it('should accept every shipped rule (the baseline encodes Art. 6–7)', () => {
    for (const [key, role] of baselineRoles()) expect(checkRole(key, role), key).toEqual([])
  })

  it('should refuse a rule with an unknown placeholder, field, action or subject, saying which', () => {
    expect(checkRule('supervisor', { ...ownDocuments, conditions: { madeById: '$user.boss' } })).toEqual(['未知的占位符「$user.boss」'])
    expect(checkRule('officer', { ...ownDocuments, conditions: { madeBy: '$user.id' } })).toContain('「执法文书」没有字段「madeBy」')
    expect(checkRule('officer', { ...ownDocuments, action: 'print' })).toContain('「执法文书」没有操作「print」')
    expect(checkRule('officer', { ...ownDocuments, subject: 'Secret' })).toEqual(['未知的对象「Secret」'])
  })

  it('should refuse a rule no user could satisfy: an empty choice or one field equal to two values', () => {
    expect(checkRule('supervisor', { id: 'x', action: 'read', subject: 'Matter', conditions: { kind: { in: [] } } })).toEqual(['字段「kind」的取值范围为空，任何人都不能满足'])
    expect(checkRule('supervisor', { id: 'x', action: 'read', subject: 'Matter', conditions: { status: 'open', AND: [{ status: 'closed' }] } }))
      .toEqual(['字段「status」同时要求等于 "open" 和 "closed"，任何人都不能满足'])
    expect(checkRule('supervisor', { id: 'x', action: 'read', subject: 'Matter', conditions: { OR: [] } })).toEqual(['「或」条件为空，任何人都不能满足'])
  })

  it('should refuse a rule that lets an officer read another department’s documents', () => {
    const subtree: RoleRule = { id: 'read-subtree-documents', action: 'read', subject: 'Document', conditions: { departmentPath: { startsWith: '$grant.organPath' } } }
    const reason = '该规则会让执法人员查阅其他部门的文书：执法人员只能查阅本人制作或参与办理的文书（第七条）'
    expect(checkRule('officer', subtree)).toEqual([reason])
    expect(checkRule('any-role', { id: 'all', action: 'read', subject: 'Document' })).toEqual([reason])
    expect(checkRule('officer', { ...ownDocuments, conditions: { OR: [{ madeById: '$user.id' }, { deletedAt: null }] } })).toEqual([reason])
    // A supervisor oversees the departments below (第七条): the same rule is theirs to have.
    expect(checkRule('supervisor', subtree)).toEqual([])
    expect(checkRule('officer', ownDocuments)).toEqual([])
  })

  it('should refuse a rule that lets anyone change or delete an issued document, whatever the role', () => {
    for (const role of ['officer', 'system-admin', 'principal-head']) {
      expect(checkRule(role, { id: 'fix', action: ['update'], subject: 'Document', conditions: { madeById: '$user.id' } }))
        .toContain('已制发的文书不得修改或删除：更正须提出更改申请，删除须提出删除申请并经审批（第七条）')
    }
    // A denial of the same is fine.
    expect(checkRule('officer', { id: 'no-fix', action: 'delete', subject: 'Document', inverted: true })).toEqual([])
  })

  it('should name the rule of each problem and refuse duplicate rule ids', () => {
    const problems = checkRole('supervisor', { name: '执法监督人员', rules: [ownDocuments, { ...ownDocuments, conditions: { madeById: '$who' } }] })
    expect(problems).toEqual([
      { ruleId: 'read-own-documents', message: '规则编号「read-own-documents」重复' },
      { ruleId: 'read-own-documents', message: '未知的占位符「$who」' },
    ])
  })
})

describe('a rule in plain Chinese', () => {
  it('should read as who · may · what · on which condition', () => {
    expect(ruleInChinese('监管执法人员', ownDocuments)).toEqual({ who: '监管执法人员', can: '可以查看', what: '执法文书', when: '删除时间为空，并且 制作人是本人' })
    expect(ruleInChinese('执法系统管理员', { id: 'c', action: 'manage', subject: 'Calendar', grantLevel: 'region' }))
      .toEqual({ who: '执法系统管理员（自治区层面）', can: '可以管理（全部操作）', what: '工作日历', when: '不限' })
  })
})
