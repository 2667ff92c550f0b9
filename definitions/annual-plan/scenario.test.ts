import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('the annual plan: drafted by the system administrator, approved by the principal head, reported and published', (ctx) => {
  const clock = new ManualClock('2026-01-05T09:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given the Yining administrator drafts the plan, when the principal head returns it, then it comes back to the administrator and nothing is issued', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-admin', { kind: 'annual-plan', title: '2026年度安全生产监督检查计划' }))
    await p.act('yining-admin', instanceId, 'draft')
    expect(await p.openTasks(instanceId)).toEqual([['approve', 'principal-head', 'ili.yining-county', null]])
    await p.act('yining-principal', instanceId, 'approve', { outcome: 'return', comment: '请增加粉尘涉爆企业的检查频次。' })
    expect((await p.taskOf('yining-admin', instanceId, 'draft')).assigneeId).toBe((await p.as('yining-admin')).id)
    expect(await p.documents(matterId)).toEqual([])
  })

  it('when the revised plan is approved, reported to the county government and published, then the plan is issued once with a number', async () => {
    await p.act('yining-admin', instanceId, 'draft')
    await p.act('yining-principal', instanceId, 'approve', { outcome: 'approve' })
    await p.act('yining-admin', instanceId, 'report')
    await p.act('yining-admin', instanceId, 'publish')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([['annual-plan', '（伊县）应急计〔2026〕1号']])
  })
})
