import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('a deletion request goes to the region: policy office review, principal head approval, enforcement bureau administrator (Art. 7)', (ctx) => {
  const clock = new ManualClock('2026-03-09T09:00:00+08:00')
  let p: Procedures

  it('given a Huocheng officer applies, when the region policy office and principal head approve, then the region administrator deletes it', async () => {
    p = await prepareProcedures(ctx.db, clock)
    const { instanceId } = await p.open('huocheng-officer', { kind: 'deletion-request', title: '删除重复录入的现场检查记录' })
    await p.act('huocheng-officer', instanceId, 'apply')
    expect(await p.openTasks(instanceId)).toEqual([['policyReview', 'policy-reviewer', 'region.policy-office', null]])
    await p.act('region-policy', instanceId, 'policyReview', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['principalApproval', 'principal-head', 'region', null]])
    await p.act('region-principal', instanceId, 'principalApproval', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['deleteRecord', 'system-admin', 'region.enforcement-bureau', null]])
    await p.act('region-admin', instanceId, 'deleteRecord', { payload: { operation: '删除', recordNumber: '（霍）应急检记〔2026〕5号', summary: '已按批准删除重复记录，原记录留存为历史版本。', previousVersionKept: true, operatorName: '艾力·买买提', date: '2026-03-09' } })
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
  })

  it('given the region principal head does not approve, then the request ends without a deletion step', async () => {
    const { instanceId } = await p.open('yining-officer', { kind: 'deletion-request', title: '删除误录的询问笔录' })
    await p.act('yining-officer', instanceId, 'apply')
    await p.act('region-policy', instanceId, 'policyReview', { outcome: 'approve' })
    await p.act('region-principal', instanceId, 'principalApproval', { outcome: 'reject', comment: '询问笔录属于证据，不予删除，请走更改程序。' })
    const instance = await p.workflow.instance(instanceId)
    expect(instance.status).toBe('completed')
    expect(instance.tasks.map((t) => t.elementId)).not.toContain('deleteRecord')
  })
})
