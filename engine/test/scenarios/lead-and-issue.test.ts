import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import type { CompletedStep } from '../../adapters.ts'
import { ManualClock } from '../../clock.ts'
import { InvalidForm } from '../../errors.ts'
import { deputyHead, fixture, makeEngine, officer, prepare } from '../harness.ts'

describeEachDatabase('a plan must be submitted two working days ahead, and the approval issues what was drafted', (ctx) => {
  // Monday 29 September 2025; National Day holiday 1–8 October, Sunday 28 September and Saturday 11 October are workdays.
  const clock = new ManualClock('2025-09-29T10:00:00+08:00')
  const completed: Array<[string, CompletedStep]> = []
  const fresh = () => makeEngine(ctx.db, clock, { hooks: { taskCompleted: async (task, _actor, _tx, step) => void completed.push([task.elementId, step]) } })
  const plan = { target: '伊宁县天山化工有限责任公司', plannedDate: '2025-10-09' }
  let instanceId = ''

  it('given a plan for Thursday 9 October, when it is submitted on Tuesday 30 September, then it is refused at the planned date: the last day was Monday 29 September', async () => {
    const engine = await prepare(ctx.db, clock, 'lead-and-issue.bpmn')
    instanceId = await engine.start('lead-and-issue', { departmentId: 'county-a', businessKey: 'inspection-1' }, officer)
    clock.set('2025-09-30T09:00:00+08:00')
    const [draft] = await fresh().tasksFor(officer)
    const error = await fresh().complete(draft!.id, { payload: plan }, officer).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((error as InvalidForm).fieldErrors).toEqual([{ path: '/plannedDate', message: expect.stringContaining('最迟应在 2025-09-29 提交') }])
    expect((await fresh().instance(instanceId)).revision).toBe(1)
    expect(completed).toEqual([])
  })

  it('when it is submitted on Monday 29 September, then it is accepted, and the step tells the app it issued nothing (a draft)', async () => {
    clock.set('2025-09-29T17:00:00+08:00')
    const [draft] = await fresh().tasksFor(officer)
    await fresh().complete(draft!.id, { payload: plan }, officer)
    expect(completed).toEqual([['draft', { issue: 'none' }]])
  })

  it('then the approval is due 3 working days after the planned date (13 October, over the make-up Saturday)', async () => {
    const [approve] = await fresh().tasksFor(deputyHead)
    expect(approve).toMatchObject({ elementId: 'approve', dueDate: '2025-10-13' })
  })

  it('when the deputy head approves, then the step hands the app the drafted plan to issue', async () => {
    const [approve] = await fresh().tasksFor(deputyHead)
    await fresh().complete(approve!.id, { payload: { remark: '同意' } }, deputyHead)
    expect(completed[1]).toEqual(['approve', { issue: { elementId: 'draft', form: 'onsite-inspection-plan', data: plan } }])
    expect((await fresh().instance(instanceId)).status).toBe('completed')
  })

  it('a zf:issue that names no drafting step, or an unreadable zf:lead, is refused at deploy with the step named', async () => {
    const xml = fixture('lead-and-issue.bpmn').replace('zf:issue="draft"', 'zf:issue="nowhere"').replace('zf:lead="2 working days before plannedDate"', 'zf:lead="two days ahead"')
    const result = await fresh().validate(xml)
    expect(result.problems.map((p) => [p.elementId, p.code])).toEqual([['draft', 'LEAD_INVALID'], ['approve', 'ISSUE_TARGET_INVALID']])
  })
})
