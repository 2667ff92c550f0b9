import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('inspection schemes: a random inspection draws officers and entities; a key inspection does not', (ctx) => {
  const clock = new ManualClock('2026-02-25T09:00:00+08:00')
  let p: Procedures

  it('given a random-inspection scheme approved by the deputy head, then the Yining administrator records the draw, the supervisor publishes, and the summary is due 10 working days after the period (18 May, over the May holiday)', async () => {
    p = await prepareProcedures(ctx.db, clock)
    const { matterId, instanceId } = await p.open('yining-supervisor', { kind: 'inspection-scheme', variant: 'random', title: '2026年第一季度“双随机”抽查' })
    await p.act('yining-supervisor', instanceId, 'draft', { payload: example('inspection-scheme', { schemeKind: '随机抽查', randomRatio: 20 }) })
    await p.act('yining-deputy', instanceId, 'approve', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['draw', 'system-admin', 'ili.yining-county', null]])
    await p.act('yining-admin', instanceId, 'draw')
    await p.act('yining-supervisor', instanceId, 'publish')
    expect(await p.openTasks(instanceId)).toEqual([['summary', 'officer', 'ili.yining-county', '2026-05-18']])
    clock.set('2026-05-11T09:00:00+08:00')
    await p.act('yining-supervisor', instanceId, 'summary')
    await p.act('yining-supervisor', instanceId, 'publishSummary')
    expect((await p.workflow.instance(instanceId)).variables.draw).toMatchObject({ seed: '7F3A9C21D4E8B605' })
    expect(await p.documents(matterId)).toEqual([['inspection-scheme', '（伊县）应急检案〔2026〕1号'], ['inspection-summary', '（伊县）应急总结〔2026〕1号']])
  })

  it('given a key-inspection scheme, when it is approved, then it goes straight to publication without a draw', async () => {
    clock.set('2026-05-12T09:00:00+08:00')
    const { instanceId } = await p.open('yining-officer', { kind: 'inspection-scheme', variant: 'key', title: '2026年危险化学品重点检查' })
    await p.act('yining-officer', instanceId, 'draft')
    await p.act('yining-deputy', instanceId, 'approve', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['publish', 'officer', 'ili.yining-county', null]])
  })
})
