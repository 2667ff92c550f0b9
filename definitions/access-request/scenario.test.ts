import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('an access request to a colleague\'s documents is approved by the deputy head of the department (Art. 7)', (ctx) => {
  const clock = new ManualClock('2026-03-09T09:00:00+08:00')
  let p: Procedures

  it('given a Yining officer asks to read a colleague\'s decision, when the deputy head returns it once and then approves, then the request ends granted', async () => {
    p = await prepareProcedures(ctx.db, clock)
    const { instanceId } = await p.open('yining-officer2', { kind: 'access-request', title: '查阅（伊县）应急罚〔2026〕1号' })
    await p.act('yining-officer2', instanceId, 'apply')
    expect(await p.openTasks(instanceId)).toEqual([['approval', 'deputy-head', 'ili.yining-county', null]])
    await p.act('yining-deputy', instanceId, 'approval', { outcome: 'return', comment: '请写明查阅用途。' })
    await p.act('yining-officer2', instanceId, 'apply')
    await p.act('yining-deputy', instanceId, 'approval', { outcome: 'approve' })
    const instance = await p.workflow.instance(instanceId)
    expect([instance.status, instance.variables.approvalOutcome]).toEqual(['completed', 'approve'])
  })

  it('given the deputy head refuses, then the request ends refused', async () => {
    const { instanceId } = await p.open('yining-officer2', { kind: 'access-request', title: '查阅（伊县）应急检记〔2026〕1号' })
    await p.act('yining-officer2', instanceId, 'apply')
    await p.act('yining-deputy', instanceId, 'approval', { outcome: 'reject' })
    const instance = await p.workflow.instance(instanceId)
    expect([instance.status, instance.variables.approvalOutcome]).toEqual(['completed', 'reject'])
  })
})
