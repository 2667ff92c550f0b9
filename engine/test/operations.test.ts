import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { Forbidden, ScopeUnresolved, TaskNotActive } from '../errors.ts'
import { makeEngine, officer, officer2, otherCountyOfficer, prepare } from './harness.ts'

describeEachDatabase('claiming and transferring a task (签收、转办)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = () => makeEngine(ctx.db, clock)
  let taskId = ''

  it('given an open task in the officers pool, when an officer of another county tries to claim it, then it is forbidden', async () => {
    const e = await prepare(ctx.db, clock, 'five-steps.bpmn')
    await e.start('five-steps', { departmentId: 'county-a' }, officer)
    taskId = (await e.tasksFor(officer))[0]!.id
    expect(await e.tasksFor(otherCountyOfficer)).toEqual([])
    await expect(e.claim(taskId, otherCountyOfficer)).rejects.toBeInstanceOf(Forbidden)
    await expect(e.complete(taskId, { payload: { target: 'X' } }, otherCountyOfficer)).rejects.toBeInstanceOf(Forbidden)
  })

  it('when an officer claims it, then it leaves the pool of the others', async () => {
    const claimed = await engine().claim(taskId, officer)
    expect(claimed.assigneeId).toBe('officer-1')
    expect(await engine().tasksFor(officer2)).toEqual([])
    await expect(engine().claim(taskId, officer2)).rejects.toBeInstanceOf(Forbidden)
  })

  it('when the assignee transfers it to a colleague with a comment, then only the colleague may complete it', async () => {
    await engine().assign(taskId, { userId: 'officer-2', comment: '出差，转同事办理' }, officer)
    expect((await engine().tasksFor(officer2)).map((t) => t.id)).toEqual([taskId])
    await expect(engine().complete(taskId, { payload: { target: 'X' } }, officer)).rejects.toBeInstanceOf(Forbidden)
    const done = await engine().complete(taskId, { payload: { target: 'X' } }, officer2)
    expect(done.completedById).toBe('officer-2')
    expect((await engine().tasksDoneBy(officer2)).map((t) => t.id)).toEqual([taskId])
  })

  it('then a completed task can be neither claimed, transferred nor completed again', async () => {
    await expect(engine().claim(taskId, officer)).rejects.toBeInstanceOf(TaskNotActive)
    await expect(engine().assign(taskId, { userId: 'officer-1' }, officer2)).rejects.toBeInstanceOf(TaskNotActive)
    await expect(engine().complete(taskId, { payload: { target: 'Y' } }, officer2)).rejects.toBeInstanceOf(TaskNotActive)
  })

  it('and claim, transfer and completion are in the operation log with the comment', async () => {
    const entries = await ctx.db.auditEntry.findMany({ where: { targetId: taskId }, orderBy: { seq: 'asc' } })
    expect(entries.map((e) => e.action)).toEqual(['task.claim', 'task.assign', 'task.complete'])
    expect(JSON.parse(entries[1]!.detail!)).toMatchObject({ from: 'officer-1', to: 'officer-2', comment: '出差，转同事办理' })
  })
})

describeEachDatabase('nothing is saved when an operation fails', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('given an instance whose first step has no department to go to, when it starts, then no instance, task, timer or log entry remains', async () => {
    const engine = await prepare(ctx.db, clock, 'five-steps.bpmn')
    const before = await ctx.db.auditEntry.count()
    await expect(engine.start('five-steps', { departmentId: null }, officer)).rejects.toBeInstanceOf(ScopeUnresolved)
    expect(await ctx.db.processInstance.count()).toBe(0)
    expect(await ctx.db.task.count()).toBe(0)
    expect(await ctx.db.timer.count()).toBe(0)
    expect(await ctx.db.auditEntry.count()).toBe(before)
  })
})
