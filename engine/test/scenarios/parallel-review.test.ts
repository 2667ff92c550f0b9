import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { deputyHead, legalReviewer, makeEngine, officer, prepare } from '../harness.ts'

describeEachDatabase('a case is countersigned by the legal office and the deputy head in parallel', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  let instanceId = ''
  const open = async () => (await fresh().instance(instanceId)).tasks.filter((t) => t.status === 'open').map((t) => t.elementId).sort()

  it('given a started case, when the parallel gateway forks, then both opinions wait at once', async () => {
    const engine = await prepare(ctx.db, clock, 'parallel-review.bpmn')
    instanceId = await engine.start('parallel-review', { departmentId: 'county-a' }, officer)
    expect(await open()).toEqual(['deputy', 'legal'])
  })

  it('when only the legal opinion is given, then the join still waits for the deputy head', async () => {
    const engine = fresh()
    const [legal] = await engine.tasksFor(legalReviewer)
    await engine.complete(legal!.id, { payload: { opinion: '事实清楚，证据确凿' } }, legalReviewer)
    expect(await open()).toEqual(['deputy'])
  })

  it('when the deputy head approves too, then the join passes and closing waits', async () => {
    const engine = fresh()
    const [deputy] = await engine.tasksFor(deputyHead)
    await engine.complete(deputy!.id, {}, deputyHead)
    expect(await open()).toEqual(['close'])
    const [close] = await fresh().tasksFor(officer)
    await fresh().complete(close!.id, {}, officer)
    const view = await fresh().instance(instanceId)
    expect(view.status).toBe('completed')
    expect(view.variables.legal).toEqual({ opinion: '事实清楚，证据确凿' })
  })
})
