/**
 * 上级部门 as a review step's department (issue 13 part 3, ADR 040): a county whose legal review says "the level
 * above" sends it to the prefecture's legal office, where the prefecture's legal reviewers find it in their inbox
 * and the county's do not; the region, with no level above, keeps it. The department is the unit of the organ
 * above where the step's role sits: its legal office for a legal reviewer, the organ for its heads, the committee
 * for committee members.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { serverProcess } from '../support/catalog.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { activeVersionOf } from '../../app/services/catalog/definition-in-force.server.ts'
import { procedureSteps, publishReviewSteps, type ConfigDepartment } from '../../app/services/review-steps/review-steps.server.ts'
import { createScopeResolver } from '../../app/services/workflow/scopes.server.ts'
import type { ReviewSteps } from '../../engine/review-steps/index.ts'

const KEY = 'penalty-case-general'

function legalReviewAbove(config: ReviewSteps): ReviewSteps {
  const next = structuredClone(config)
  const steps = next.sections.find((s) => s.id === 'investigationDone')!.steps
  steps[0] = { ...steps[0]!, scope: 'level-above' }
  return next
}

describeEachDatabase('a review step done by the level above (上级部门)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let server: ReturnType<typeof serverProcess>
  const code = async (id: string | null) => (await ctx.db.department.findUniqueOrThrow({ where: { id: id! }, select: { code: true } })).code

  async function department(code: string): Promise<ConfigDepartment> {
    const row = await ctx.db.department.findUniqueOrThrow({ where: { code }, select: { id: true, name: true, path: true, parentId: true } })
    return { id: row.id, name: row.name, path: row.path, region: row.parentId === null }
  }

  beforeAll(async () => {
    server = serverProcess(ctx.db, clock)
    p = await prepareProcedures(ctx.db, clock, { activeVersion: activeVersionOf(server.catalog) })
  }, 120_000)

  async function caseAtLegalReview(who: { officer: string; supervisor: string; deputy: string; party: string; officerIds?: string[] }, title: string) {
    const { instanceId } = await p.open(who.officer, { kind: 'penalty-case', variant: 'general', title, party: who.party, officerIds: who.officerIds })
    await p.act(who.officer, instanceId, 'draftFiling')
    await p.act(who.supervisor, instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act(who.deputy, instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act(who.officer, instanceId, 'inquiryNotice')
    await p.act(who.officer, instanceId, 'inquiryRecord', { outcome: 'done' })
    return instanceId
  }

  const inbox = async (login: string, instanceId: string) => (await p.workflow.tasksFor(await p.as(login))).filter((t) => t.instanceId === instanceId).map((t) => t.elementId)

  it('the configurator reads the step back with 上级部门 after saving it', async () => {
    const yining = await department('ili.yining-county')
    const { actor, ability } = await serviceContextFor(ctx.db, clock, 'yining-legal')
    const { config } = await procedureSteps(ctx.db, KEY, yining)
    expect(await publishReviewSteps(server, { actor, ability }, KEY, yining.id, legalReviewAbove(config), '法制审核由上级法制审核部门办理')).toEqual({ ok: true, version: 2 })
    const saved = await procedureSteps(ctx.db, KEY, yining)
    expect(saved.config.sections.find((s) => s.id === 'investigationDone')!.steps[0]).toMatchObject({ id: 'legalReview', role: 'legal-reviewer', scope: 'level-above' })
    const xml = (await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: KEY, version: 2 } } })).xml
    expect(xml).toMatch(/<userTask id="legalReview"[^>]*zf:scope="level-above"/)
  })

  it('a county case whose legal review says 上级部门 lands in the prefecture legal office’s inbox, not the county’s, and the prefecture’s legal reviewer completes it', async () => {
    const instanceId = await caseAtLegalReview({ officer: 'yining-officer', supervisor: 'yining-supervisor', deputy: 'yining-deputy', party: '伊宁县天山化工有限责任公司' }, '上级法制审核的案件')
    expect((await p.openTasks(instanceId)).map((t) => t.slice(0, 3))).toEqual([['legalReview', 'legal-reviewer', 'ili.legal-office']])
    expect(await inbox('ili-legal', instanceId)).toEqual(['legalReview'])
    expect(await inbox('yining-legal', instanceId)).toEqual([])
    expect(await inbox('region-legal', instanceId)).toEqual([])
    clock.advance({ minutes: 1 })
    const ili = await p.as('ili-legal')
    const task = (await p.workflow.tasksFor(ili)).find((t) => t.instanceId === instanceId)!
    await p.workflow.complete(task.id, { payload: example('legal-review-opinion', { proposedFine: 10000 }), outcome: 'approve' }, ili)
    // The decision stays with the county's own deputy head.
    expect((await p.openTasks(instanceId)).map((t) => t.slice(0, 3))).toEqual([['deputyDecision', 'deputy-head', 'ili.yining-county']])
  }, 120_000)

  it('the region has no level above: the region’s step stays with its own legal office, and a prefecture’s with the region’s', async () => {
    const region = await department('region')
    const { actor, ability } = await serviceContextFor(ctx.db, clock, 'region-process-admin')
    const { config } = await procedureSteps(ctx.db, KEY, region)
    expect((await publishReviewSteps(server, { actor, ability }, KEY, region.id, legalReviewAbove(config), '全区：法制审核由上级办理')).ok).toBe(true)
    const officerIds = [(await p.as('region-supervisor')).id]
    const regionCase = await caseAtLegalReview({ officer: 'region-officer', supervisor: 'region-supervisor', deputy: 'region-deputy', party: '伊犁天力钢铁有限公司', officerIds }, '自治区的案件')
    expect((await p.openTasks(regionCase)).map((t) => t.slice(0, 3))).toEqual([['legalReview', 'legal-reviewer', 'region.legal-office']])
    expect(await inbox('region-legal', regionCase)).toEqual(['legalReview'])
    const iliCase = await caseAtLegalReview({ officer: 'ili-officer', supervisor: 'ili-supervisor', deputy: 'ili-deputy', party: '伊犁天力钢铁有限公司' }, '州局的案件')
    expect((await p.openTasks(iliCase)).map((t) => t.slice(0, 3))).toEqual([['legalReview', 'legal-reviewer', 'region.legal-office']])
  }, 120_000)

  it('the level above is where the step’s role sits there: the heads in the organ, committee members in its committee, the organ itself for a role nobody holds there', async () => {
    const resolver = createScopeResolver()
    const yining = await department('ili.yining-county')
    const context = { instanceId: 'i', definitionKey: KEY, businessKey: null, departmentId: yining.id, startedById: null, variables: {} }
    const above = (role: string) => ctx.db.$transaction(async (tx) => code(await resolver.resolve('level-above', context, tx, { role })))
    expect(await above('deputy-head')).toBe('ili')
    expect(await above('principal-head')).toBe('ili')
    expect(await above('committee-member')).toBe('ili.case-committee')
    expect(await above('legal-reviewer')).toBe('ili.legal-office')
    expect(await above('policy-reviewer')).toBe('ili')
    expect(resolver.knows('level-above')).toBe(true)
  })
})
