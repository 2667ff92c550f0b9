/**
 * Permissions as data (issue 11 part 4, ADR 026): the roles' rules live in
 * the catalog tables, answer as the shipped code did, and an edit takes
 * effect on the next request — in this process at once, in another one
 * when the catalog counter moved.
 */
import { beforeAll, expect, it } from 'vitest'
import { createDb } from '../../prisma/client.ts'
import { describeEachDatabase } from '../support/databases.ts'
import { prepareProcedures, type Procedures } from '../support/workflow.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { accessibleWhere, defineAbilityFor } from '../../app/services/permissions.server.ts'
import { activeRoles, baselineRoles } from '../../app/services/permissions/rule-store.server.ts'
import { saveRoleRules } from '../../app/services/permissions/role-admin.server.ts'
import { explainAccess } from '../../app/services/permissions/explain.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'

const SUBJECTS = ['User', 'Department', 'AuditEntry', 'RegulatedEntity', 'Matter', 'Document'] as const

describeEachDatabase('permission rules stored as data', (ctx) => {
  const clock = new ManualClock('2026-03-09T09:00:00+08:00')
  let p: Procedures

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
  })

  async function rulesOf(key: string) {
    return JSON.stringify((await activeRoles(ctx.db)).get(key)!.rules)
  }

  it('should hold every shipped role as version 1 of a catalog item and answer exactly as the shipped rules for every demo user', async () => {
    expect((await ctx.db.catalogVersion.findMany({ where: { kind: 'role' }, select: { key: true, version: true, source: true } })).map((v) => `${v.key} v${v.version} ${v.source}`).sort())
      .toEqual([...baselineRoles().keys()].map((k) => `${k} v1 baseline`).sort())
    for (const { loginName } of await ctx.db.user.findMany({ select: { loginName: true } })) {
      const fromDatabase = await serviceContextFor(ctx.db, clock, loginName)
      const shipped = defineAbilityFor(fromDatabase.actor, clock.now())
      for (const model of SUBJECTS) {
        expect(accessibleWhere(fromDatabase.ability, 'read', model), `${loginName} ${model}`).toEqual(accessibleWhere(shipped, 'read', model))
      }
    }
  })

  it('should refuse a dangerous edit with the reason in Chinese and store nothing', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'region-admin')
    const rules = JSON.parse(await rulesOf('officer')) as unknown[]
    const widened = [...rules, { id: 'read-county-documents', action: 'read', subject: 'Document', conditions: { departmentPath: { startsWith: '$grant.organPath' } } }]
    const refused = await saveRoleRules(admin, 'officer', { rules: JSON.stringify(widened), note: '扩大查阅范围' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidInput)
    expect((refused as InvalidInput).fieldErrors.rules).toEqual(['规则「read-county-documents」：该规则会让执法人员查阅其他部门的文书：执法人员只能查阅本人制作或参与办理的文书（第七条）'])
    expect(await ctx.db.catalogVersion.count({ where: { kind: 'role', key: 'officer' } })).toBe(1)
  })

  it('should apply a saved edit to the next ability built, with a new audited version', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'region-admin')
    const yiningOfficer = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-officer' } })
    const before = await serviceContextFor(ctx.db, clock, 'ili-supervisor')
    expect(await ctx.db.user.count({ where: { AND: [accessibleWhere(before.ability, 'read', 'User'), { id: yiningOfficer.id }] } })).toBe(1)

    const rules = (JSON.parse(await rulesOf('supervisor')) as Array<{ id: string }>).filter((r) => r.id !== 'read-subtree-users')
    const saved = await saveRoleRules(admin, 'supervisor', { rules: JSON.stringify(rules), note: '监督人员不再查看人员名单', expectedVersion: 1 })
    expect(saved.version).toBe(2)

    const after = await serviceContextFor(ctx.db, clock, 'ili-supervisor')
    expect(await ctx.db.user.count({ where: { AND: [accessibleWhere(after.ability, 'read', 'User'), { id: yiningOfficer.id }] } })).toBe(0)
    const audit = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'permission.role.save', targetId: 'supervisor' } })
    expect(audit.actorName).toBe(admin.actor.displayName)
    expect(await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'role', key: 'supervisor' } } })).toMatchObject({ activeVersion: 2, updatedById: admin.actor.id })
  })

  it('should let another server process on the same database see a saved edit once the counter moved, without restart', async () => {
    const other = createDb(ctx.url)
    try {
      expect(await rulesOfClient(other, 'legal-reviewer')).toContain('approve-change-requests')
      const admin = await serviceContextFor(ctx.db, clock, 'region-admin')
      const rules = (JSON.parse(await rulesOf('legal-reviewer')) as Array<{ id: string }>).filter((r) => r.id !== 'approve-change-requests')
      await saveRoleRules(admin, 'legal-reviewer', { rules: JSON.stringify(rules), note: '试验：撤销审核更改申请' })
      await new Promise((resolve) => setTimeout(resolve, 1100))
      expect(await rulesOfClient(other, 'legal-reviewer')).not.toContain('approve-change-requests')
    } finally {
      await other.$disconnect()
    }
  })

  it('should make the engine’s authorizer refuse a task the rules refuse, and the 权限说明 name the rule either way', async () => {
    const { matterId, instanceId } = await p.open('yining-officer', { kind: 'temporary-plan', title: '举报核查临时检查' })
    const draft = await p.taskOf('yining-officer', instanceId, 'draft')
    const explainDraft = async () => (await explainAccess(ctx.db, clock, { loginName: 'yining-officer', kind: 'task', ref: draft.id })).actions.find((a) => a.action === 'complete')!
    expect(await explainDraft()).toMatchObject({ allowed: true, ruleRef: expect.stringMatching(/^(any-role\/act-on-assigned-tasks|officer\/pool-tasks)$/) })

    const admin = await serviceContextFor(ctx.db, clock, 'region-admin')
    const rules = [...JSON.parse(await rulesOf('officer')) as unknown[], { id: 'no-temporary-plans', title: '不办理临时检查计划', action: ['complete', 'claim', 'assign'], subject: 'Task', inverted: true, conditions: { definitionKey: 'temporary-plan' } }]
    await saveRoleRules(admin, 'officer', { rules: JSON.stringify(rules), note: '试验：临时检查计划改由监督人员办理' })

    await expect(p.act('yining-officer', instanceId, 'draft').catch((e: unknown) => e)).resolves.toMatchObject({ code: 'FORBIDDEN' })
    expect(await explainDraft()).toMatchObject({ allowed: false, ruleRef: 'officer/no-temporary-plans', ruleName: '监管执法人员 · 不办理临时检查计划' })

    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })
    const readMatter = async (login: string) => (await explainAccess(ctx.db, clock, { loginName: login, kind: 'matter', ref: matter.number })).actions.find((a) => a.action === 'read')!
    expect(await readMatter('yining-officer')).toMatchObject({ allowed: true, ruleRef: expect.stringMatching(/^any-role\/read-(own|team)-matters$/) })
    expect(await readMatter('huocheng-officer')).toMatchObject({ allowed: false, ruleRef: null })
  })
})

async function rulesOfClient(db: ReturnType<typeof createDb>, key: string) {
  return JSON.stringify((await activeRoles(db)).get(key)!.rules)
}
