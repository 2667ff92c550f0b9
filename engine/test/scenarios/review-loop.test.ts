import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { verifyAuditChain } from '../../../app/services/audit.server.ts'
import { ManualClock } from '../../clock.ts'
import { Forbidden, InvalidForm, InvalidOutcome, TaskNotActive } from '../../errors.ts'
import { legalReviewer, makeEngine, officer, officer2, prepare } from '../harness.ts'

describeEachDatabase('a plan sent for legal review can be returned and resubmitted', (ctx) => {
  const clock = new ManualClock('2025-09-30T10:00:00+08:00')
  // Each step runs on a fresh engine: nothing but the database carries the instance over.
  const fresh = () => makeEngine(ctx.db, clock)
  let instanceId = ''

  it('given a deployed definition, when an officer starts it, then the draft step waits in the department pool', async () => {
    const engine = await prepare(ctx.db, clock, 'review-loop.bpmn')
    instanceId = await engine.start('review-loop', { departmentId: 'county-a', businessKey: 'case-1' }, officer)
    const view = await fresh().instance(instanceId)
    expect(view.status).toBe('running')
    expect(view.tasks.map((t) => [t.elementId, t.status, t.role, t.departmentId, t.assigneeId])).toEqual([['draft', 'open', 'officer', 'county-a', null]])
  })

  it('when the draft is submitted with an invalid form, then it is refused with the field named and nothing changes', async () => {
    const engine = fresh()
    const [draft] = await engine.tasksFor(officer)
    const error = await engine.complete(draft!.id, { payload: { target: '' } }, officer).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((error as InvalidForm).fieldErrors[0]?.path).toBe('/target')
    expect((await engine.instance(instanceId)).revision).toBe(1)
  })

  it('when the officer submits the draft on 30 September 2025, then the review is due 11 October (3 working days over National Day)', async () => {
    const engine = fresh()
    const [draft] = await engine.tasksFor(officer)
    await engine.complete(draft!.id, { payload: { target: '某化工有限公司' } }, officer)
    const [review] = await fresh().tasksFor(legalReviewer)
    expect(review).toMatchObject({ elementId: 'review', form: 'approval', gate: 'case-review', departmentId: 'county-a.legal-office', dueDate: '2025-10-11', overdue: false })
    expect(review!.dueAt!.toISOString()).toBe(new Date('2025-10-12T00:00:00+08:00').toISOString())
    expect(await fresh().tasksFor(officer)).toEqual([])
  })

  it('when the review is still open on 12 October, then it shows overdue', async () => {
    clock.set('2025-10-12T09:00:00+08:00')
    const [review] = await fresh().tasksFor(legalReviewer)
    expect(review!.overdue).toBe(true)
    clock.set('2025-10-11T16:00:00+08:00')
  })

  it('when the reviewer gives an outcome the step does not offer, then it is refused', async () => {
    const engine = fresh()
    const [review] = await engine.tasksFor(legalReviewer)
    await expect(engine.complete(review!.id, { outcome: 'maybe' }, legalReviewer)).rejects.toBeInstanceOf(InvalidOutcome)
  })

  it('when the reviewer returns it with a comment, then the draft goes back to the officer who wrote it', async () => {
    const engine = fresh()
    const [review] = await engine.tasksFor(legalReviewer)
    const done = await engine.complete(review!.id, { outcome: 'return', comment: '检查内容与方案不符' }, legalReviewer)
    expect(done).toMatchObject({ status: 'completed', outcome: 'return', comment: '检查内容与方案不符', completedById: 'legal-1' })
    const view = await fresh().instance(instanceId)
    const open = view.tasks.filter((t) => t.status === 'open')
    expect(open.map((t) => [t.elementId, t.assigneeId])).toEqual([['draft', 'officer-1']])
    expect(view.variables.reviewOutcome).toBe('return')
  })

  it('when another officer of the department tries the returned draft, then it is forbidden', async () => {
    const engine = fresh()
    const [draft] = await engine.tasksFor(officer)
    expect(await engine.tasksFor(officer2)).toEqual([])
    await expect(engine.complete(draft!.id, { payload: { target: '某化工有限公司' } }, officer2)).rejects.toBeInstanceOf(Forbidden)
  })

  it('when the officer resubmits and the reviewer approves, then the instance ends and completed tasks stay as they were', async () => {
    let engine = fresh()
    const [draft] = await engine.tasksFor(officer)
    await engine.complete(draft!.id, { payload: { target: '某化工有限公司（修改）' } }, officer)
    engine = fresh()
    const [review] = await engine.tasksFor(legalReviewer)
    await engine.complete(review!.id, { outcome: 'approve' }, legalReviewer)
    const view = await fresh().instance(instanceId)
    expect(view.status).toBe('completed')
    expect(view.tasks.map((t) => [t.elementId, t.status, t.outcome])).toEqual([
      ['draft', 'completed', null], ['review', 'completed', 'return'], ['draft', 'completed', null], ['review', 'completed', 'approve'],
    ])
    expect(view.tasks[0]!.payload).toEqual({ target: '某化工有限公司' })
    expect(view.pendingTimers).toEqual([])
    await expect(fresh().complete(review!.id, { outcome: 'approve' }, legalReviewer)).rejects.toBeInstanceOf(TaskNotActive)
  })

  it('then every operation is in the operation log, and the chain is intact', async () => {
    const actions = (await ctx.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })).map((e) => e.action)
    expect(actions).toEqual(['process.deploy', 'process.start', 'task.complete', 'task.complete', 'task.complete', 'task.complete', 'process.end'])
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })
})
