/**
 * Named review groups (审核小组, issue 13 part 3, ADR 042): a county legal reviewer sets up a group in the county's
 * legal office with two members; a review step names the group; a county case reaching that step lands in both
 * members' inbox and not in the other legal reviewer's; a member who holds nothing but the group opens the case and
 * completes the step. Only who may manage the group's department sees or changes it.
 */
import { beforeAll, expect, it } from 'vitest'
import { subject } from '@casl/ability'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { serverProcess } from '../support/catalog.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { activeVersionOf } from '../../app/services/catalog/definition-in-force.server.ts'
import { procedureSteps, publishReviewSteps, type ConfigDepartment } from '../../app/services/review-steps/review-steps.server.ts'
import {
  createReviewGroup, groupRoleContent, listReviewGroups, reviewStepWhoChoices, setReviewGroupMembers,
} from '../../app/services/review-groups/review-groups.server.ts'
import { checkRole } from '../../app/services/permissions/rule-checks.ts'
import { assignRole } from '../../app/services/users.server.ts'
import { roles } from '../../app/reference/roles.ts'
import { Conflict, Forbidden, InvalidInput } from '../../app/services/errors.ts'
import type { Matter } from '@zhifa/prisma-sqlite'
import type { ReviewSteps } from '../../engine/review-steps/index.ts'

const KEY = 'penalty-case-general'
const GROUP = 'major-case-legal-group'

function legalReviewByGroup(config: ReviewSteps): ReviewSteps {
  const next = structuredClone(config)
  const steps = next.sections.find((s) => s.id === 'investigationDone')!.steps
  steps[0] = { ...steps[0]!, role: GROUP, scope: 'legal-office' }
  return next
}

describeEachDatabase('a named review group (审核小组) as a review step’s who', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let server: ReturnType<typeof serverProcess>
  const userId = async (loginName: string) => (await ctx.db.user.findUniqueOrThrow({ where: { loginName }, select: { id: true } })).id
  const departmentOf = async (code: string) => ctx.db.department.findUniqueOrThrow({ where: { code }, select: { id: true, name: true, path: true, parentId: true, organId: true } })
  const writer = async (loginName: string) => {
    const { actor, ability } = await serviceContextFor(ctx.db, clock, loginName)
    return { actor, ability }
  }

  beforeAll(async () => {
    server = serverProcess(ctx.db, clock, { applyReferenceLists: true })
    p = await prepareProcedures(ctx.db, clock, { activeVersion: activeVersionOf(server.catalog) })
    // A legal-office member who holds no role but the group: what they read comes from the group's rules alone.
    const office = await departmentOf('ili.yining-county.legal-office')
    await ctx.db.user.create({
      data: {
        loginName: 'yining-legal3', displayName: '周敏', passwordHash: 'x', departmentId: office.id, departmentPath: office.path, organId: office.organId,
        certificateKind: 'enforcement', certificateNo: 'T-3', certificateExpiresAt: new Date('2030-12-31T23:59:59+08:00'),
      },
    })
  }, 120_000)

  it('a county legal reviewer sets up a group of two in the county legal office: a new version of the role list with its change note, the group’s rules, the grants, all logged', async () => {
    const office = await departmentOf('ili.yining-county.legal-office')
    const members = [await userId('yining-legal'), await userId('yining-legal3')]
    const w = await writer('yining-legal2')
    expect(await createReviewGroup(server, w, { title: '重大案件法制审核组', key: GROUP, departmentId: office.id, memberIds: members, note: '重大案件由小组审核' })).toEqual({ key: GROUP })

    const item = await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'reference', key: 'roles' } } })
    const version = await ctx.db.catalogVersion.findUniqueOrThrow({ where: { kind_key_version: { kind: 'reference', key: 'roles', version: item.activeVersion } } })
    expect(version.changeNote).toBe('设立审核小组「重大案件法制审核组」（伊宁县应急管理局法制审核部门）：重大案件由小组审核')
    expect((version.content as Array<{ key: string }>).at(-1)).toMatchObject({ key: GROUP, title: '重大案件法制审核组', group: true, department: 'ili.yining-county.legal-office' })
    expect(roles.some((r) => r.key === GROUP)).toBe(true)
    const rules = await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'role', key: GROUP } } })
    expect(rules.activeVersion).toBe(1)

    const listed = await listReviewGroups(ctx.db, w.ability)
    expect(listed).toEqual([{ key: GROUP, title: '重大案件法制审核组', department: expect.objectContaining({ code: 'ili.yining-county.legal-office' }), members: expect.any(Array) }])
    expect(listed[0]!.members.map((m) => m.name).sort()).toEqual(['周敏', '高原'].sort())
    const log = await ctx.db.auditEntry.findMany({ where: { actorId: w.actor.id, action: { in: ['review-group.create', 'user.assign-role', 'catalog.version', 'catalog.activate'] } }, select: { action: true } })
    expect(log.map((e) => e.action).sort()).toEqual(['catalog.activate', 'catalog.activate', 'catalog.version', 'catalog.version', 'review-group.create', 'user.assign-role', 'user.assign-role'])
  })

  it('the group’s rules pass the checks every role’s rules pass, and its members are set only on the group’s page (the users page refuses the group role)', async () => {
    expect(checkRole(GROUP, groupRoleContent('重大案件法制审核组'))).toEqual([])
    const admin = await serviceContextFor(ctx.db, clock, 'yining-admin')
    const office = await departmentOf('ili.yining-county.legal-office')
    await expect(assignRole(admin, await userId('yining-legal2'), { role: GROUP, departmentId: office.id })).rejects.toMatchObject({ fieldErrors: { role: ['审核小组的成员请在「审核小组」页面设置'] } })
    expect(await ctx.db.roleAssignment.count({ where: { role: GROUP } })).toBe(2)
  })

  it('bad input changes nothing: the writer as a member, a member from another department, a name or key already taken', async () => {
    const office = await departmentOf('ili.yining-county.legal-office')
    const w = await writer('yining-legal2')
    const before = await ctx.db.catalogVersion.count()
    await expect(createReviewGroup(server, w, { title: '第二小组', departmentId: office.id, memberIds: [w.actor.id], note: '试' })).rejects.toBeInstanceOf(InvalidInput)
    await expect(createReviewGroup(server, w, { title: '第二小组', departmentId: office.id, memberIds: [await userId('yining-officer')], note: '试' })).rejects.toBeInstanceOf(InvalidInput)
    await expect(createReviewGroup(server, w, { title: '重大案件法制审核组', departmentId: office.id, memberIds: [], note: '试' })).rejects.toBeInstanceOf(Conflict)
    await expect(createReviewGroup(server, w, { title: '第二小组', key: GROUP, departmentId: office.id, memberIds: [], note: '试' })).rejects.toBeInstanceOf(Conflict)
    await expect(createReviewGroup(server, w, { title: '第二小组', key: 'Bad Key', departmentId: office.id, memberIds: [], note: '试' })).rejects.toBeInstanceOf(InvalidInput)
    expect(await ctx.db.catalogVersion.count()).toBe(before)
  })

  it('someone who may not manage the county’s groups gets 403 and sees none of them: an officer, another county’s legal reviewer', async () => {
    const office = await departmentOf('ili.yining-county.legal-office')
    for (const login of ['yining-officer', 'huocheng-legal', 'yining-admin']) {
      const w = await writer(login)
      await expect(createReviewGroup(server, w, { title: '越权小组', departmentId: office.id, memberIds: [], note: '试' })).rejects.toBeInstanceOf(Forbidden)
      await expect(setReviewGroupMembers(server, w, GROUP, [])).rejects.toBeInstanceOf(Forbidden)
      expect(await listReviewGroups(ctx.db, w.ability)).toEqual([])
    }
    // The prefecture's legal reviewer manages the groups of the counties below.
    expect((await listReviewGroups(ctx.db, (await writer('ili-legal')).ability)).map((g) => g.key)).toEqual([GROUP])
  })

  it('the configurator offers the group among the who choices of the county (labelled 小组), not of another county', async () => {
    const yining = await departmentOf('ili.yining-county')
    const huocheng = await departmentOf('ili.huocheng-county')
    const choices = await reviewStepWhoChoices(ctx.db, roles, yining.path)
    expect(choices.map((c) => c.label)).toEqual(['角色', '小组'])
    expect(choices[1]!.options).toEqual([{ value: GROUP, label: '重大案件法制审核组（小组 · 伊宁县应急管理局法制审核部门）' }])
    expect(choices[0]!.options.some((o) => o.value === GROUP)).toBe(false)
    expect((await reviewStepWhoChoices(ctx.db, roles, huocheng.path)).map((c) => c.label)).toEqual(['角色'])
  })

  it('a review step assigned to the group is saved with zf:role=<group key> and reads back the same', async () => {
    const row = await departmentOf('ili.yining-county')
    const yining: ConfigDepartment = { id: row.id, name: row.name, path: row.path, region: false }
    const w = await writer('yining-legal2')
    const { config } = await procedureSteps(ctx.db, KEY, yining)
    const saved = await publishReviewSteps(server, w, KEY, yining.id, legalReviewByGroup(config), '法制审核由重大案件法制审核组办理')
    expect(saved.ok).toBe(true)
    const read = await procedureSteps(ctx.db, KEY, yining)
    expect(read.config.sections.find((s) => s.id === 'investigationDone')!.steps[0]).toMatchObject({ id: 'legalReview', role: GROUP, scope: 'legal-office' })
    const version = (saved as { version: number }).version
    const xml = (await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: KEY, version } } })).xml
    expect(xml).toMatch(new RegExp(`<userTask id="legalReview"[^>]*zf:role="${GROUP}"`))
  })

  it('a county case reaching the group’s step lands in both members’ inbox and not in the non-member legal reviewer’s; the member holding only the group opens the case and completes it', async () => {
    const { instanceId, matterId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '小组审核的案件', party: '伊宁县天山化工有限责任公司' })
    await p.act('yining-officer', instanceId, 'draftFiling')
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    expect((await p.openTasks(instanceId)).map((t) => t.slice(0, 3))).toEqual([['legalReview', GROUP, 'ili.yining-county.legal-office']])
    const inbox = async (login: string) => (await p.workflow.tasksFor(await p.as(login))).filter((t) => t.instanceId === instanceId).map((t) => t.elementId)
    expect(await inbox('yining-legal')).toEqual(['legalReview'])
    expect(await inbox('yining-legal3')).toEqual(['legalReview'])
    expect(await inbox('yining-legal2')).toEqual([])

    const member = await serviceContextFor(ctx.db, clock, 'yining-legal3')
    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })
    expect(member.ability.can('read', subject('Matter', matter as Matter))).toBe(true)
    const documents = await ctx.db.document.findMany({ where: { matterId } })
    expect(documents.length).toBeGreaterThan(0)
    for (const document of documents) expect(member.ability.can('read', subject('Document', document)), document.formKey).toBe(true)
    clock.advance({ minutes: 1 })
    const actor = await p.as('yining-legal3')
    const task = (await p.workflow.tasksFor(actor)).find((t) => t.instanceId === instanceId)!
    await p.workflow.complete(task.id, { payload: example('legal-review-opinion', { proposedFine: 10000 }), outcome: 'approve' }, actor)
    expect((await p.openTasks(instanceId)).map((t) => t.slice(0, 3))).toEqual([['deputyDecision', 'deputy-head', 'ili.yining-county']])
  }, 120_000)

  it('changing the members grants and removes through the role assignments, logged; a member from another department is refused', async () => {
    const w = await writer('yining-legal2')
    const legal = await userId('yining-legal')
    const legal3 = await userId('yining-legal3')
    expect(await setReviewGroupMembers(server, w, GROUP, [legal3])).toEqual({ added: [], removed: [legal] })
    expect((await listReviewGroups(ctx.db, w.ability))[0]!.members.map((m) => m.id)).toEqual([legal3])
    expect(await ctx.db.roleAssignment.count({ where: { userId: legal, role: GROUP } })).toBe(0)
    const log = await ctx.db.auditEntry.findMany({ where: { actorId: w.actor.id, action: { in: ['review-group.members', 'user.remove-role'] } }, select: { action: true, targetId: true } })
    expect(log).toEqual(expect.arrayContaining([{ action: 'user.remove-role', targetId: legal }, { action: 'review-group.members', targetId: GROUP }]))
    await expect(setReviewGroupMembers(server, w, GROUP, [await userId('huocheng-legal')])).rejects.toBeInstanceOf(InvalidInput)
  })
})
