import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('a penalty case, summary procedure: case review, disposition approval, on-the-spot decision, publication', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Yining officer submits a summary case for review, when the legal office returns it once, then the officer resubmits and it is reviewed again', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'summary', title: '顺达加油站未按规定配备灭火器材案', party: '伊宁县顺达加油站' }))
    await p.act('yining-officer', instanceId, 'submitReview')
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', null]])
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'return', comment: '证据中缺少现场照片。' })
    expect((await p.taskOf('yining-officer', instanceId, 'submitReview')).assigneeId).toBe((await p.as('yining-officer')).id)
    await p.act('yining-officer', instanceId, 'submitReview')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
  })

  it('when the deputy head decides, then the case-review gate is recorded and the disposition approval, the on-the-spot decision and its publication follow', async () => {
    await p.act('yining-deputy', instanceId, 'reviewDecision', { outcome: 'approve' })
    expect(await p.gates(matterId)).toEqual(['case-review'])
    await p.act('yining-officer', instanceId, 'draftDisposition')
    await p.act('yining-deputy', instanceId, 'approveDisposition', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'onsitePenaltyDecision')
    expect(await p.openTasks(instanceId)).toEqual([['publication', 'officer', 'ili.yining-county', '2026-03-11']])
    await p.act('yining-officer', instanceId, 'publication')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([
      ['legal-review-opinion', '（伊县）应急法审〔2026〕1号'],
      ['legal-review-opinion', '（伊县）应急法审〔2026〕2号'],
      ['case-disposition-approval', '（伊县）应急呈批〔2026〕1号'],
      ['onsite-penalty-decision', '（伊县）应急当罚〔2026〕1号'],
    ])
  })
})
