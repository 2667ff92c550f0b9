import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('an immediate coercion case: a major hazard, case review, coercion approval and decision, publication', (ctx) => {
  const clock = new ManualClock('2026-03-05T11:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Yining officer proposes to suspend production, when the deputy head returns the decision once, then the officer revises the proposal and it is reviewed again', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'coercion-case', variant: 'immediate', title: '恒泰煤业瓦斯超限责令停产撤人', party: '伊宁县恒泰煤业有限公司' }))
    await p.act('yining-officer', instanceId, 'propose')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'reviewDecision', { outcome: 'return', comment: '请写明撤人范围。' })
    expect(await p.gates(matterId)).toEqual([])
    expect((await p.taskOf('yining-officer', instanceId, 'propose')).assigneeId).toBe((await p.as('yining-officer')).id)
    await p.act('yining-officer', instanceId, 'propose')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'reviewDecision', { outcome: 'approve' })
    expect(await p.gates(matterId)).toEqual(['case-review'])
  })

  it('when the coercion approval form is approved and the decision made and published, then the case ends with numbered documents', async () => {
    await p.act('yining-officer', instanceId, 'draftCoercionApproval')
    await p.act('yining-deputy', instanceId, 'approveCoercion', { outcome: 'approve' })
    // Publication is due 7 working days from the day the decision is made (Art. 14), the date on the decision.
    await p.act('yining-officer', instanceId, 'coercionDecision', { payload: example('coercion-decision', { issueDate: '2026-03-05' }) })
    expect(await p.openTasks(instanceId)).toEqual([['publication', 'officer', 'ili.yining-county', '2026-03-16']])
    await p.act('yining-officer', instanceId, 'publication')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([
      ['legal-review-opinion', '伊县应急法审〔2026〕1号'],
      ['legal-review-opinion', '伊县应急法审〔2026〕2号'],
      ['coercion-approval', '伊县应急强审〔2026〕1号'],
      ['coercion-decision', '伊县应急强决〔2026〕1号'],
    ])
  })
})
