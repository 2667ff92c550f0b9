import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { Conflict } from '../errors.ts'
import { deputyHead, makeEngine, officer, prepare } from './harness.ts'

describeEachDatabase('extending an instance deadline moves the due dates of the open steps that depend on it (行政处罚法 Art. 60)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00') // Monday
  let instanceId = ''

  const dues = async () => (await ctx.db.task.findMany({ where: { instanceId, status: 'open' }, orderBy: { elementId: 'asc' } }))
    .map((t) => [t.elementId, t.dueDate, t.dueAt?.toISOString()])
  const pendingDueTimers = async () => (await ctx.db.timer.findMany({ where: { instanceId, kind: 'due', status: 'pending' }, orderBy: { elementId: 'asc' } }))
    .map((t) => [t.elementId, t.dueAt.toISOString()])

  it('given a case filed on 2 March, then its decision is due 90 days later and its review in 3 working days', async () => {
    const engine = await prepare(ctx.db, clock, 'deadline-extension.bpmn')
    instanceId = await engine.start('deadline-extension', { departmentId: 'county-a', variables: { filed: '2026-03-02' } }, officer)
    expect(await dues()).toEqual([
      ['decide', '2026-05-31', new Date('2026-06-01T00:00:00+08:00').toISOString()],
      ['review', '2026-03-05', new Date('2026-03-06T00:00:00+08:00').toISOString()],
    ])
  })

  it('when the head extends it with a revision that is no longer current, then it is refused and nothing changes', async () => {
    const { revision } = await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    const stale = await makeEngine(ctx.db, clock).extendDeadline(instanceId, { set: { caseDeadline: '2026-07-31' }, expectedRevision: revision - 1 }, deputyHead).catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(Conflict)
    expect((await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })).revision).toBe(revision)
    expect((await dues())[0]).toEqual(['decide', '2026-05-31', new Date('2026-06-01T00:00:00+08:00').toISOString()])
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.deadline-extend' } })).toBe(0)
  })

  it('when the head extends it to 31 July at the current revision, then only the decision moves, its due timer with it, and one audit row says so', async () => {
    clock.set('2026-05-20T10:00:00+08:00')
    const { revision } = await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId } })
    const result = await makeEngine(ctx.db, clock).extendDeadline(instanceId, { set: { caseDeadline: '2026-07-31' }, expectedRevision: revision, reason: '检测报告未出具' }, deputyHead)
    expect([result.revision, result.changes.map((c) => [c.elementId, c.from.dueDate, c.to.dueDate])]).toEqual([revision + 1, [['decide', '2026-05-31', '2026-07-31']]])
    expect(await dues()).toEqual([
      ['decide', '2026-07-31', new Date('2026-08-01T00:00:00+08:00').toISOString()],
      ['review', '2026-03-05', new Date('2026-03-06T00:00:00+08:00').toISOString()],
    ])
    expect(await pendingDueTimers()).toEqual([
      ['decide', new Date('2026-08-01T00:00:00+08:00').toISOString()],
      ['review', new Date('2026-03-06T00:00:00+08:00').toISOString()],
    ])
    const audit = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'process.deadline-extend' } })
    expect([audit.actorId, audit.targetId, JSON.parse(audit.detail ?? '{}')]).toEqual([deputyHead.id, instanceId, {
      set: { caseDeadline: '2026-07-31' }, reason: '检测报告未出具', revision: revision + 1,
      changes: [{ taskId: expect.any(String), elementId: 'decide', from: '2026-05-31', to: '2026-07-31' }],
    }])
    expect((await makeEngine(ctx.db, clock).instance(instanceId)).variables).toMatchObject({ filed: '2026-03-02', caseDeadline: '2026-07-31' })
  })

  it('then 1 June is not overdue for the decision: the old due timer never fires', async () => {
    clock.set('2026-06-01T09:00:00+08:00')
    const engine = makeEngine(ctx.db, clock)
    await engine.fireDueTimers()
    const logged = (await ctx.db.auditEntry.findMany({ where: { action: 'task.overdue' } })).map((e) => (JSON.parse(e.detail ?? '{}') as { elementId: string }).elementId)
    expect(logged).toEqual(['review'])
    const decide = (await engine.tasksFor(officer)).find((t) => t.elementId === 'decide')!
    expect(decide.overdue).toBe(false)
  })

  it('and the instance moves on as before after the extension', async () => {
    const engine = makeEngine(ctx.db, clock)
    const decide = (await engine.tasksFor(officer)).find((t) => t.elementId === 'decide')!
    await engine.complete(decide.id, { payload: { target: '某公司' } }, officer)
    expect(await dues()).toEqual([['review', '2026-03-05', new Date('2026-03-06T00:00:00+08:00').toISOString()]])
  })
})
