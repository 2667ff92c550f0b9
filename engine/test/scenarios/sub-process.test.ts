import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { deputyHead, makeEngine, officer, prepare } from '../harness.ts'

// fixtures/gates/sub-process.bpmn: start → sub-process「审核阶段」(review inside) → decision → end, with a timer on the sub-process.
describeEachDatabase('a user task inside a sub-process becomes a task and the case runs to its end', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  let instanceId = ''

  it('given a started case, then the review inside the sub-process waits for the deputy head, with the sub-process timer armed', async () => {
    const engine = await prepare(ctx.db, clock, 'gates/sub-process.bpmn')
    instanceId = await engine.start('sub-process', { departmentId: 'county-a', businessKey: 'case-sub' }, officer)
    const view = await fresh().instance(instanceId)
    expect(view.tasks.map((t) => [t.elementId, t.status, t.role])).toEqual([['review', 'open', 'deputy-head']])
    expect(view.pendingTimers.map((t) => t.elementId)).toEqual(['late'])
  })

  it('when the review is approved, then the sub-process ends, its timer is cancelled and the decision waits', async () => {
    const [review] = await fresh().tasksFor(deputyHead)
    await fresh().complete(review!.id, { payload: {}, outcome: 'approve' }, deputyHead)
    const view = await fresh().instance(instanceId)
    expect(view.tasks.filter((t) => t.status === 'open').map((t) => t.elementId)).toEqual(['decision'])
    expect(view.pendingTimers).toEqual([])
  })

  it('when the decision is made, then the case ends', async () => {
    const [decision] = await fresh().tasksFor(officer)
    await fresh().complete(decision!.id, { payload: { opinion: '同意' } }, officer)
    expect((await fresh().instance(instanceId)).status).toBe('completed')
  })
})
