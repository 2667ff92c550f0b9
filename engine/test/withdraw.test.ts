import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { Forbidden, NotWithdrawable } from '../errors.ts'
import { legalReviewer, makeEngine, officer, officer2, prepare } from './harness.ts'

describeEachDatabase('the submitter withdraws (撤回) a step while nobody has acted on what followed', (ctx) => {
  const clock = new ManualClock('2025-09-29T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  let instanceId = ''
  let draftId = ''

  it('given a submitted plan waiting for review, when another officer tries to withdraw it, then it is forbidden', async () => {
    const engine = await prepare(ctx.db, clock, 'plan-approval.bpmn')
    instanceId = await engine.start('plan-approval', { departmentId: 'county-a' }, officer)
    const [draft] = await engine.tasksFor(officer)
    draftId = draft!.id
    clock.advance({ hours: 2 })
    await fresh().complete(draftId, { payload: { target: '某烟花爆竹批发企业' } }, officer)
    expect((await fresh().instance(instanceId)).pendingTimers.map((t) => [t.kind, t.elementId])).toEqual([['due', 'review']])
    await expect(fresh().withdraw(draftId, {}, officer2)).rejects.toBeInstanceOf(Forbidden)
  })

  it('when the submitter withdraws it, then the review is cancelled and the draft waits again for them with its deadline and boundary timer', async () => {
    const before = await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    clock.advance({ hours: 1 })
    const reopened = await fresh().withdraw(draftId, { comment: '附件漏传' }, officer)
    expect(reopened).toMatchObject({ elementId: 'draft', status: 'open', assigneeId: 'officer-1', dueDate: '2025-10-09' })

    const view = await fresh().instance(instanceId)
    expect(view.tasks.map((t) => [t.elementId, t.status, t.cancelReason])).toEqual([
      ['draft', 'completed', null], ['review', 'cancelled', 'withdrawn'], ['draft', 'open', null],
    ])
    expect(view.variables.draft).toBeUndefined()
    expect(view.revision).toBe(before.revision + 1)
    expect(view.pendingTimers.map((t) => [t.kind, t.elementId, t.dueAt.toISOString()]).sort()).toEqual([
      ['boundary', 'draftLate', new Date('2025-10-09T09:00:00+08:00').toISOString()],
      ['due', 'draft', new Date('2025-10-10T00:00:00+08:00').toISOString()],
    ])
    expect(await fresh().tasksFor(legalReviewer)).toEqual([])
    const log = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'task.withdraw' } })
    expect(JSON.parse(log.detail!)).toMatchObject({ elementId: 'draft', comment: '附件漏传', reopenedTaskId: reopened.id })
  })

  it('then the withdrawn step runs on from the restored state, on a fresh engine', async () => {
    const [draft] = await fresh().tasksFor(officer)
    clock.advance({ hours: 1 })
    await fresh().complete(draft!.id, { payload: { target: '某烟花爆竹批发企业（补充附件）' } }, officer)
    const [review] = await fresh().tasksFor(legalReviewer)
    await fresh().complete(review!.id, {}, legalReviewer)
    const view = await fresh().instance(instanceId)
    expect(view.status).toBe('completed')
    expect(view.variables.draft).toEqual({ target: '某烟花爆竹批发企业（补充附件）' })
    expect(await ctx.db.timer.count({ where: { instanceId, status: 'pending' } })).toBe(0)
  })

  it('when the next step has already been completed, then withdrawing is refused', async () => {
    const reopenedDraft = (await fresh().instance(instanceId)).tasks.find((t) => t.elementId === 'draft' && t.status === 'completed' && t.completedAt! > new Date('2025-09-29T12:00:00+08:00'))
    await expect(fresh().withdraw(reopenedDraft!.id, {}, officer)).rejects.toBeInstanceOf(NotWithdrawable)
  })
})
