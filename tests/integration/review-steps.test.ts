/**
 * The review-step configurator end to end (issue 13 part 3, ADR 034, ADR 040): a county legal reviewer sends fines
 * of at least 50,000 yuan to the case committee too and makes the legal review a two-person 会签 within 3 working
 * days; the new version is in force for that county's new cases only, while the other county and the region follow
 * the region's version. The county cannot touch another county, keeps its own version when the region publishes,
 * and goes back to the version above. A configuration without the case review is refused and nothing changes.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { serverProcess } from '../support/catalog.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { activeVersionOf } from '../../app/services/catalog/definition-in-force.server.ts'
import {
  configurableDepartments, departmentToConfigure, procedureSteps, publishReviewSteps, returnToVersionAbove, type ConfigDepartment,
} from '../../app/services/review-steps/review-steps.server.ts'
import { Conflict, Forbidden } from '../../app/services/errors.ts'
import type { ReviewSteps } from '../../engine/review-steps/index.ts'

const KEY = 'penalty-case-general'

/** 法制审核 by two people (会签) within 3 working days; the committee also for fines of at least 50,000 yuan. */
function withCommitteeForLargeFines(config: ReviewSteps): ReviewSteps {
  const next = structuredClone(config)
  const steps = next.sections.find((s) => s.id === 'investigationDone')!.steps
  steps[0] = { ...steps[0]!, count: { kind: 'all', people: 2 }, deadline: { workingDays: 3, overdue: 'remind-then-report' } }
  steps[1] = { ...steps[1]!, when: { kind: 'if', match: 'any', clauses: [{ field: 'legalOutcome', operator: '=', value: 'committee' }, { field: 'legalReview.proposedFine', operator: '>=', value: 50000 }] } }
  return next
}

/** 法制审核 within 5 working days instead of 3. */
function withFiveDayLegalReview(config: ReviewSteps): ReviewSteps {
  const next = structuredClone(config)
  const steps = next.sections.find((s) => s.id === 'investigationDone')!.steps
  steps[0] = { ...steps[0]!, deadline: { workingDays: 5, overdue: 'remind' } }
  return next
}

/** Who acts for each organ in the cases below, and a regulated entity in its area. */
const ORGANS = {
  yining: { officer: 'yining-officer', supervisor: 'yining-supervisor', deputy: 'yining-deputy', legal: 'yining-legal', party: '伊宁县天山化工有限责任公司' },
  huocheng: { officer: 'huocheng-officer', supervisor: 'huocheng-supervisor', deputy: 'huocheng-deputy', legal: 'huocheng-legal', party: '霍城县清水河建材有限公司' },
  region: { officer: 'region-officer', supervisor: 'region-supervisor', deputy: 'region-deputy', legal: 'region-legal', party: '伊犁天力钢铁有限公司' },
} as const

describeEachDatabase('a county legal reviewer configures the case review of general penalty cases for the county', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let server: ReturnType<typeof serverProcess>
  const dept: Record<'region' | 'ili' | 'yining' | 'huocheng', ConfigDepartment> = {} as never

  beforeAll(async () => {
    server = serverProcess(ctx.db, clock)
    // Matters start the version in force for their department, as the server's workflow does.
    p = await prepareProcedures(ctx.db, clock, { activeVersion: activeVersionOf(server.catalog) })
    for (const [name, code] of [['region', 'region'], ['ili', 'ili'], ['yining', 'ili.yining-county'], ['huocheng', 'ili.huocheng-county']] as const) {
      const row = await ctx.db.department.findUniqueOrThrow({ where: { code }, select: { id: true, name: true, path: true, parentId: true } })
      dept[name] = { id: row.id, name: row.name, path: row.path, region: row.parentId === null }
    }
  }, 120_000)

  async function writer(login: string) {
    const { actor, ability } = await serviceContextFor(ctx.db, clock, login)
    return { actor, ability }
  }

  /** A new case of the organ driven to its legal review; returns its instance. */
  async function caseAtLegalReview(organ: keyof typeof ORGANS, title: string): Promise<string> {
    const who = ORGANS[organ]
    // The region has one officer: its supervisor is the second.
    const officerIds = organ === 'region' ? [(await p.as('region-supervisor')).id] : undefined
    const { instanceId } = await p.open(who.officer, { kind: 'penalty-case', variant: 'general', title, party: who.party, officerIds })
    await p.act(who.officer, instanceId, 'draftFiling')
    await p.act(who.supervisor, instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act(who.deputy, instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act(who.officer, instanceId, 'inquiryNotice')
    await p.act(who.officer, instanceId, 'inquiryRecord', { outcome: 'done' })
    return instanceId
  }

  async function legalReviewBy(login: string, instanceId: string, proposedFine: number) {
    clock.advance({ minutes: 1 })
    const actor = await p.as(login)
    const task = (await p.workflow.tasksFor(actor)).find((t) => t.instanceId === instanceId && t.elementId === 'legalReview')!
    await p.workflow.complete(task.id, { payload: example('legal-review-opinion', { proposedFine }), outcome: 'approve' }, actor)
  }

  const versionOf = async (instanceId: string) => (await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).definitionVersion

  it('the steps in force are read from the shipped definition: 法制审核, then the committee when the legal office sends it there, otherwise the deputy head; the county follows the region', async () => {
    const { config, stored, definition, inForce } = await procedureSteps(ctx.db, KEY, dept.yining)
    expect(stored).toBe(false)
    expect(definition.version).toBe(1)
    expect(inForce).toEqual({ own: false, from: null, regionVersion: 1 })
    expect(config.sections.find((s) => s.id === 'investigationDone')!.steps.map((s) => s.id)).toEqual(['legalReview', 'committeeDecision', 'deputyDecision'])
  })

  it('each reviewer configures only their own organ and those below it: the county its county, the prefecture its counties, the region process administrator every organ, an officer none', async () => {
    const names = async (login: string) => (await configurableDepartments(ctx.db, (await writer(login)).ability)).map((d) => d.name)
    expect(await names('yining-legal')).toEqual(['伊宁县应急管理局'])
    expect(await names('ili-legal')).toEqual(expect.arrayContaining(['伊犁哈萨克自治州应急管理局', '伊宁县应急管理局', '霍城县应急管理局']))
    expect(await names('ili-legal')).toHaveLength(3)
    expect(await names('region-process-admin')).toHaveLength(4)
    expect(await names('yining-officer')).toEqual([])
    const yining = await writer('yining-legal')
    expect((await departmentToConfigure(ctx.db, yining.ability, yining.actor)).department.id).toBe(dept.yining.id)
    const admin = await writer('region-process-admin')
    expect((await departmentToConfigure(ctx.db, admin.ability, admin.actor)).department).toMatchObject({ id: dept.region.id, region: true })
  })

  it('a configuration without the case review is refused with the reason, and nothing is published', async () => {
    const { config } = await procedureSteps(ctx.db, KEY, dept.yining)
    const section = config.sections.find((s) => s.id === 'investigationDone')!
    section.steps = section.steps.filter((s) => !s.gate)
    const result = await publishReviewSteps(server, await writer('yining-legal'), KEY, dept.yining.id, config, '去掉审查决定')
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.problems[0]).toContain('绕过法定审核（第十三条')
    expect(await ctx.db.processDefinition.count({ where: { key: KEY } })).toBe(1)
    expect(await ctx.db.departmentActivation.count()).toBe(0)
  })

  it('the county’s two-person 会签 with the committee for large fines is version 2, in force for the county only: a 60,000-yuan case goes to the committee, a 10,000-yuan case to the deputy head; cases of the other county and of the region follow version 1', async () => {
    const yining = await writer('yining-legal')
    const { config } = await procedureSteps(ctx.db, KEY, dept.yining)
    const result = await publishReviewSteps(server, yining, KEY, dept.yining.id, withCommitteeForLargeFines(config), '罚款五万元以上的案件提请案审会；法制审核两人会签')
    expect(result).toEqual({ ok: true, version: 2 })
    const row = await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: KEY, version: 2 } } })
    expect(row).toMatchObject({ changeNote: '审核环节配置（伊宁县应急管理局）：罚款五万元以上的案件提请案审会；法制审核两人会签', deployedById: yining.actor.id })
    expect(await procedureSteps(ctx.db, KEY, dept.yining)).toMatchObject({ stored: true, definition: { version: 2 }, inForce: { own: true, regionVersion: 1 } })
    expect(await procedureSteps(ctx.db, KEY, dept.huocheng)).toMatchObject({ stored: false, definition: { version: 1 }, inForce: { own: false, from: null } })
    expect(await procedureSteps(ctx.db, KEY, dept.region)).toMatchObject({ stored: false, definition: { version: 1 } })
    // Another server process on the same database sees it at its next counter check.
    const other = serverProcess(ctx.db, clock)
    await other.catalog.fresh()
    expect([other.catalog.activeDefinition(KEY), other.catalog.activeDefinition(KEY, dept.yining.path), other.catalog.activeDefinition(KEY, dept.huocheng.path)]).toEqual([1, 2, 1])
    const logged = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.department-activate' } })
    expect(logged.actorId).toBe(yining.actor.id)
    expect(JSON.parse(logged.detail!)).toMatchObject({ kind: 'definition', key: KEY, departmentId: dept.yining.id, version: 2, previous: null })

    const large = await caseAtLegalReview('yining', '罚款六万元案')
    expect(await versionOf(large)).toBe(2)
    expect((await p.openTasks(large)).map((t) => t.slice(0, 4))).toEqual([
      ['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05'],
      ['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05'],
    ])
    await legalReviewBy('yining-legal', large, 60000)
    expect((await p.openTasks(large)).map((t) => t[0])).toEqual(['legalReview'])
    await legalReviewBy('yining-legal2', large, 60000)
    expect((await p.openTasks(large)).map((t) => t[0])).toEqual(['committeeDecision'])

    const small = await caseAtLegalReview('yining', '罚款一万元案')
    await legalReviewBy('yining-legal', small, 10000)
    await legalReviewBy('yining-legal2', small, 10000)
    expect((await p.openTasks(small)).map((t) => t[0])).toEqual(['deputyDecision'])

    // Elsewhere the region's steps: one legal reviewer, and a 60,000-yuan fine goes to the deputy head.
    for (const organ of ['huocheng', 'region'] as const) {
      const other = await caseAtLegalReview(organ, `${organ} 罚款六万元案`)
      expect(await versionOf(other)).toBe(1)
      expect((await p.openTasks(other)).map((t) => t[0])).toEqual(['legalReview'])
      await legalReviewBy(ORGANS[organ].legal, other, 60000)
      expect((await p.openTasks(other)).map((t) => t[0]), organ).toEqual(['deputyDecision'])
    }
  }, 180_000)

  it('a county legal reviewer cannot see or change another county’s steps (403), and nothing changes', async () => {
    const yining = await writer('yining-legal')
    await expect(departmentToConfigure(ctx.db, yining.ability, yining.actor, dept.huocheng.id)).rejects.toBeInstanceOf(Forbidden)
    await expect(departmentToConfigure(ctx.db, yining.ability, yining.actor, dept.region.id)).rejects.toBeInstanceOf(Forbidden)
    const { config } = await procedureSteps(ctx.db, KEY, dept.huocheng)
    await expect(publishReviewSteps(server, yining, KEY, dept.huocheng.id, withFiveDayLegalReview(config), '替霍城县改')).rejects.toBeInstanceOf(Forbidden)
    await expect(publishReviewSteps(server, yining, KEY, dept.region.id, withFiveDayLegalReview(config), '替全区改')).rejects.toBeInstanceOf(Forbidden)
    await expect(returnToVersionAbove(server, yining, KEY, dept.huocheng.id, null)).rejects.toBeInstanceOf(Forbidden)
    // A unit is not a configuration target, even one of the reviewer's own organ.
    const legalOffice = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county.legal-office' }, select: { id: true } })
    await expect(publishReviewSteps(server, yining, KEY, legalOffice.id, withFiveDayLegalReview(config), '只给法制审核部门')).rejects.toBeInstanceOf(Forbidden)
    expect(await ctx.db.processDefinition.count({ where: { key: KEY } })).toBe(2)
    expect(await ctx.db.departmentActivation.findMany({ select: { departmentId: true, version: true } })).toEqual([{ departmentId: dept.yining.id, version: 2 }])
  })

  it('the region’s new version is in force for everyone without their own: the other county follows it, the county keeps its own', async () => {
    const { config } = await procedureSteps(ctx.db, KEY, dept.region)
    const result = await publishReviewSteps(server, await writer('region-process-admin'), KEY, dept.region.id, withFiveDayLegalReview(config), '法制审核期限五个工作日')
    expect(result).toEqual({ ok: true, version: 3 })
    expect(await procedureSteps(ctx.db, KEY, dept.huocheng)).toMatchObject({ definition: { version: 3 }, inForce: { own: false, from: null, regionVersion: 3 } })
    expect(await procedureSteps(ctx.db, KEY, dept.yining)).toMatchObject({ definition: { version: 2 }, inForce: { own: true, regionVersion: 3 } })
    expect(await versionOf(await caseAtLegalReview('huocheng', '霍城县新案'))).toBe(3)
    expect(await versionOf(await caseAtLegalReview('yining', '伊宁县新案'))).toBe(2)
  }, 120_000)

  it('the county goes back to the region’s version: its own is removed, the change is logged, new cases follow version 3, and going back twice is a conflict', async () => {
    const yining = await writer('yining-legal')
    expect(await returnToVersionAbove(server, yining, KEY, dept.yining.id, '按全区统一的审核环节办理')).toEqual({ removedVersion: 2, version: 3 })
    expect(await ctx.db.departmentActivation.count()).toBe(0)
    const other = serverProcess(ctx.db, clock)
    await other.catalog.fresh()
    expect(other.catalog.activeDefinition(KEY, dept.yining.path)).toBe(3)
    const logged = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.department-remove' } })
    expect(logged.actorId).toBe(yining.actor.id)
    expect(JSON.parse(logged.detail!)).toMatchObject({ key: KEY, departmentId: dept.yining.id, removedVersion: 2, reason: '按全区统一的审核环节办理' })
    expect(await procedureSteps(ctx.db, KEY, dept.yining)).toMatchObject({ definition: { version: 3 }, inForce: { own: false, from: null } })
    const next = await caseAtLegalReview('yining', '伊宁县恢复后新案')
    expect(await versionOf(next)).toBe(3)
    expect((await p.openTasks(next)).map((t) => t.slice(0, 4))).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-09']])
    await expect(returnToVersionAbove(server, yining, KEY, dept.yining.id, null)).rejects.toBeInstanceOf(Conflict)
  }, 120_000)

  it('a prefecture’s own version is followed by its counties that have none of their own', async () => {
    const ili = await writer('ili-legal')
    const { config } = await procedureSteps(ctx.db, KEY, dept.ili)
    const result = await publishReviewSteps(server, ili, KEY, dept.ili.id, withCommitteeForLargeFines(config), '全州：罚款五万元以上提请案审会')
    expect(result.ok).toBe(true)
    const version = result.ok ? result.version : 0
    expect(await procedureSteps(ctx.db, KEY, dept.huocheng)).toMatchObject({ definition: { version }, inForce: { own: false, from: { id: dept.ili.id, name: dept.ili.name } } })
    expect(await versionOf(await caseAtLegalReview('huocheng', '霍城县随州版本的案件'))).toBe(version)
    expect(await procedureSteps(ctx.db, KEY, dept.region)).toMatchObject({ definition: { version: 3 } })
  }, 120_000)
})
