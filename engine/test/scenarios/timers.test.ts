import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { legalReviewer, makeEngine, officer, prepare, supervisor } from '../harness.ts'

describeEachDatabase('durable timers fire when the clock says so, however long they are', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)

  it('given a review with a 30-day boundary timer, when 29 days pass, then nothing fires', async () => {
    const engine = await prepare(ctx.db, clock, 'review-deadline.bpmn', 'decision-limit.bpmn')
    const id = await engine.start('review-deadline', { departmentId: 'county-a' }, officer)
    const view = await fresh().instance(id)
    expect(view.pendingTimers.map((t) => [t.kind, t.elementId, t.dueAt.toISOString()])).toEqual([
      ['boundary', 'reviewLate', new Date('2026-04-01T09:00:00+08:00').toISOString()],
    ])
    clock.advance({ days: 29 })
    expect(await fresh().fireDueTimers()).toEqual({ fired: 0, skipped: 0 })
  })

  it('when the 30th day comes, then the boundary timer interrupts the review and escalation waits', async () => {
    clock.advance({ days: 1 })
    expect(await fresh().fireDueTimers()).toEqual({ fired: 1, skipped: 0 })
    const instance = await ctx.db.processInstance.findFirstOrThrow({ where: { definitionKey: 'review-deadline' } })
    const view = await fresh().instance(instance.id)
    expect(view.tasks.map((t) => [t.elementId, t.status, t.cancelReason])).toEqual([['review', 'cancelled', 'interrupted'], ['escalate', 'open', null]])
    expect(await fresh().tasksFor(legalReviewer)).toEqual([])
    expect(await fresh().fireDueTimers()).toEqual({ fired: 0, skipped: 0 })
  })

  it('given a review completed in time, then its boundary timer is cancelled and never fires', async () => {
    const id = await fresh().start('review-deadline', { departmentId: 'county-a' }, officer)
    const review = (await fresh().tasksFor(legalReviewer))[0]!
    await fresh().complete(review.id, { payload: { opinion: '同意' } }, legalReviewer)
    expect((await fresh().instance(id)).status).toBe('completed')
    expect(await ctx.db.timer.findMany({ where: { instanceId: id }, select: { status: true } })).toEqual([{ status: 'cancelled' }])
    clock.advance({ days: 40 })
    expect(await fresh().fireDueTimers()).toEqual({ fired: 0, skipped: 0 })
  })

  it('given a P90D timer after case filing, when the clock moves 90 days, then the overdue report waits', async () => {
    const start = clock.now()
    const id = await fresh().start('decision-limit', { departmentId: 'county-a' }, officer)
    const [timer] = (await fresh().instance(id)).pendingTimers
    expect(timer!.dueAt.getTime() - start.getTime()).toBe(90 * 24 * 3600_000)
    clock.advance({ days: 89, hours: 23 })
    expect((await fresh().fireDueTimers()).fired).toBe(0)
    clock.advance({ hours: 1 })
    expect((await fresh().fireDueTimers()).fired).toBe(1)
    expect((await fresh().instance(id)).tasks.map((t) => [t.elementId, t.status])).toEqual([['report', 'open']])
    const inbox = await fresh().tasksFor(supervisor)
    expect(inbox.map((t) => [t.elementId, t.instanceId === id])).toContainEqual(['report', true])
  })

  it('then every timer fire is in the operation log', async () => {
    expect(await ctx.db.auditEntry.count({ where: { action: 'timer.fire' } })).toBe(2)
  })
})

describeEachDatabase('a working-day deadline passes while the task is open', (ctx) => {
  const clock = new ManualClock('2025-09-30T10:00:00+08:00')

  it('given a legal review sent on 30 September 2025, when the scheduler runs on 12 October, then the task is reported overdue once', async () => {
    const engine = await prepare(ctx.db, clock, 'review-loop.bpmn')
    await engine.start('review-loop', { departmentId: 'county-a' }, officer)
    const [draft] = await engine.tasksFor(officer)
    await engine.complete(draft!.id, { payload: { target: '某化工有限公司' } }, officer)
    clock.set('2025-10-11T23:59:00+08:00')
    expect((await engine.fireDueTimers()).fired).toBe(0)
    clock.set('2025-10-12T00:00:00+08:00')
    expect((await engine.fireDueTimers()).fired).toBe(1)
    const overdue = await ctx.db.auditEntry.findMany({ where: { action: 'task.overdue' } })
    expect(overdue.map((e) => JSON.parse(e.detail!).dueDate)).toEqual(['2025-10-11'])
    expect((await engine.fireDueTimers()).fired).toBe(0)
  })

  it('when the overdue review is then completed, then its deadline timer is done and the instance moves on', async () => {
    const engine = makeEngine(ctx.db, clock)
    const [review] = await engine.tasksFor(legalReviewer)
    expect(review!.overdue).toBe(true)
    await engine.complete(review!.id, { outcome: 'approve' }, legalReviewer)
    expect(await ctx.db.timer.count({ where: { status: 'pending' } })).toBe(0)
  })
})
