/**
 * The review-step configurator end to end (issue 13 part 3, ADR 034): a county legal reviewer sends fines of
 * at least 50,000 yuan to the case committee too and makes the legal review a two-person 会签 within 3 working
 * days; the new version is published through the catalog and new cases follow it. A configuration without the
 * case review is refused and nothing changes.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { serverProcess } from '../support/catalog.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { procedureSteps, publishReviewSteps } from '../../app/services/review-steps/review-steps.server.ts'
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

describeEachDatabase('a county legal reviewer configures the case review of general penalty cases', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures

  beforeAll(async () => { p = await prepareProcedures(ctx.db, clock) }, 120_000)

  /** A new case driven to its legal review. */
  async function caseAtLegalReview(title: string): Promise<string> {
    const { instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title, party: '伊宁县天山化工有限责任公司' })
    await p.act('yining-officer', instanceId, 'draftFiling')
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    return instanceId
  }

  async function legalReviewBy(login: string, instanceId: string, proposedFine: number) {
    clock.advance({ minutes: 1 })
    const actor = await p.as(login)
    const task = (await p.workflow.tasksFor(actor)).find((t) => t.instanceId === instanceId && t.elementId === 'legalReview')!
    await p.workflow.complete(task.id, { payload: example('legal-review-opinion', { proposedFine }), outcome: 'approve' }, actor)
  }

  it('the steps in force are read from the shipped definition: 法制审核, then the committee when the legal office sends it there, otherwise the deputy head', async () => {
    const { config, stored, definition } = await procedureSteps(ctx.db, KEY)
    expect(stored).toBe(false)
    expect(definition.version).toBe(1)
    expect(config.sections.find((s) => s.id === 'investigationDone')!.steps.map((s) => s.id)).toEqual(['legalReview', 'committeeDecision', 'deputyDecision'])
  })

  it('a configuration without the case review is refused with the reason, and nothing is published', async () => {
    const { actor } = await serviceContextFor(ctx.db, clock, 'yining-legal')
    const { config } = await procedureSteps(ctx.db, KEY)
    const section = config.sections.find((s) => s.id === 'investigationDone')!
    section.steps = section.steps.filter((s) => !s.gate)
    const result = await publishReviewSteps(serverProcess(ctx.db, clock), actor, KEY, config, '去掉审查决定')
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.problems[0]).toContain('绕过法定审核（第十三条')
    expect(await ctx.db.processDefinition.count({ where: { key: KEY } })).toBe(1)
  })

  it('the two-person 会签 with the committee for large fines is published as version 2 with the change note; a 60,000-yuan case goes to the committee, a 10,000-yuan case to the deputy head', async () => {
    const { actor, ability } = await serviceContextFor(ctx.db, clock, 'yining-legal')
    expect(ability.can('update', 'ReviewSteps')).toBe(true)
    expect((await serviceContextFor(ctx.db, clock, 'yining-officer')).ability.can('update', 'ReviewSteps')).toBe(false)
    const { config } = await procedureSteps(ctx.db, KEY)
    const result = await publishReviewSteps(serverProcess(ctx.db, clock), actor, KEY, withCommitteeForLargeFines(config), '罚款五万元以上的案件提请案审会；法制审核两人会签')
    expect(result).toEqual({ ok: true, version: 2 })
    const row = await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: KEY, version: 2 } } })
    expect(row).toMatchObject({ source: 'import', changeNote: '审核环节配置：罚款五万元以上的案件提请案审会；法制审核两人会签', deployedById: actor.id })
    expect((await procedureSteps(ctx.db, KEY)).stored).toBe(true)

    const large = await caseAtLegalReview('罚款六万元案')
    expect((await p.openTasks(large)).map((t) => t.slice(0, 4))).toEqual([
      ['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05'],
      ['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05'],
    ])
    await legalReviewBy('yining-legal', large, 60000)
    expect((await p.openTasks(large)).map((t) => t[0])).toEqual(['legalReview'])
    await legalReviewBy('yining-legal2', large, 60000)
    expect((await p.openTasks(large)).map((t) => t[0])).toEqual(['committeeDecision'])

    const small = await caseAtLegalReview('罚款一万元案')
    await legalReviewBy('yining-legal', small, 10000)
    await legalReviewBy('yining-legal2', small, 10000)
    expect((await p.openTasks(small)).map((t) => t[0])).toEqual(['deputyDecision'])
  }, 120_000)
})
