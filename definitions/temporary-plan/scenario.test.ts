import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('a temporary inspection plan after a complaint', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('given a Yining officer drafts it, when the deputy head approves and the officer publishes it, then the plan is issued with a number', async () => {
    const p = await prepareProcedures(ctx.db, clock)
    const { matterId, instanceId } = await p.open('yining-officer', { kind: 'temporary-plan', title: '群众举报金穗面粉加工厂粉尘隐患临时检查' })
    await p.act('yining-officer', instanceId, 'draft')
    await p.act('yining-deputy', instanceId, 'approve', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['publish', 'officer', 'ili.yining-county', null]])
    await p.act('yining-officer', instanceId, 'publish')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([['temporary-plan', '（伊县）应急临〔2026〕1号']])
  })
})
