import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { InvalidForm, ManualClock } from '../../engine/index.ts'

describeEachDatabase('an onsite inspection: plan two working days ahead, review, approval, record, rectification and hand-over', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00') // Monday
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Yining officer opens an inspection, then drafting the plan waits for the Yining officers', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'inspection', title: '天山化工危险化学品专项检查', party: '伊宁县天山化工有限责任公司' }))
    expect(await p.openTasks(instanceId)).toEqual([['draftPlan', 'officer', 'ili.yining-county', null]])
  })

  it('when the plan names an inspection the next day, then it is refused: it must be submitted 2 working days before (Art. 9)', async () => {
    const task = await p.taskOf('yining-officer', instanceId, 'draftPlan')
    const error = await p.workflow.complete(task.id, { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-03' }) }, await p.as('yining-officer')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((error as InvalidForm).fieldErrors.map((e) => e.path)).toEqual(['/plannedDate'])
  })

  it('when it is submitted on Monday for Thursday, then the supervisor reviews it, due the day before the inspection, and nothing is issued yet', async () => {
    await p.act('yining-officer', instanceId, 'draftPlan', { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-05' }) })
    expect(await p.openTasks(instanceId)).toEqual([['reviewPlan', 'supervisor', 'ili.yining-county', '2026-03-04']])
    expect(await p.documents(matterId)).toEqual([])
  })

  it('when the supervisor returns it with a comment, then it goes back to the officer who drafted it', async () => {
    await p.act('yining-supervisor', instanceId, 'reviewPlan', { outcome: 'return', comment: '检查人员须有危化品专业背景，请调整。' })
    const draft = await p.taskOf('yining-officer', instanceId, 'draftPlan')
    expect(draft.assigneeId).toBe((await p.as('yining-officer')).id)
    expect(await p.workflow.tasksFor(await p.as('yining-officer2'))).toEqual([])
  })

  it('when it is resubmitted, reviewed and approved by the deputy head, then the plan is issued with a number and the plan-approval gate is recorded', async () => {
    await p.act('yining-officer', instanceId, 'draftPlan', { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-05' }) })
    await p.act('yining-supervisor', instanceId, 'reviewPlan', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['approvePlan', 'deputy-head', 'ili.yining-county', '2026-03-04']])
    await p.act('yining-deputy', instanceId, 'approvePlan', { outcome: 'approve' })
    expect(await p.documents(matterId)).toEqual([['onsite-inspection-plan', '（伊县）应急检方〔2026〕1号']])
    expect(await p.gates(matterId)).toEqual(['plan-approval'])
  })

  it('when the officer records the inspection with a rectification order and on-site measures, then each is issued in turn, the re-inspection due ten days after the latest item deadline', async () => {
    clock.set('2026-03-05T10:00:00+08:00')
    await p.act('yining-officer', instanceId, 'record', { outcome: 'rectify-measures' })
    // Each item its own deadline (the national format); the later one, 20 March, starts the re-inspection's ten days.
    const [first, second] = example('rectification-order').findings as Array<Record<string, unknown>>
    await p.act('yining-officer', instanceId, 'order', { payload: example('rectification-order', { findings: [{ ...first, deadline: '2026-03-20' }, { ...second, deadline: '2026-03-12' }] }) })
    await p.act('yining-officer', instanceId, 'measures', { outcome: 'close' })
    expect(await p.openTasks(instanceId)).toEqual([['reinspect', 'officer', 'ili.yining-county', '2026-03-30']])
  })

  it('when the re-inspection finds the hazard not remedied and hands the matter over, then the inspection ends in hand-over to a case', async () => {
    clock.set('2026-03-23T10:00:00+08:00')
    await p.act('yining-officer', instanceId, 'reinspect', { outcome: 'handover' })
    const instance = await p.workflow.instance(instanceId)
    expect(instance.status).toBe('completed')
    expect(instance.variables).toMatchObject({ inspectionResult: 'rectify-measures', conclusion: 'handover' })
    expect(await p.documents(matterId)).toEqual([
      ['onsite-inspection-plan', '（伊县）应急检方〔2026〕1号'],
      ['onsite-inspection-record', '（伊县）应急检记〔2026〕1号'],
      ['rectification-order', '（伊县）应急责改〔2026〕1号'],
      ['onsite-measures-decision', '（伊县）应急现决〔2026〕1号'],
      ['rectification-review-opinion', '（伊县）应急复查〔2026〕1号'],
    ])
    expect((await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })).status).toBe('closed')
  })
})
