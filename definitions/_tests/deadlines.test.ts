import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('the legal review of a penalty case across the 2025 National Day holiday', (ctx) => {
  // National Day and Mid-Autumn 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are make-up workdays.
  const clock = new ManualClock('2025-09-29T09:00:00+08:00')
  let p: Procedures
  let instanceId = ''

  it('given the investigation ends on 30 September 2025, then the legal review is due 11 October: 3 working days, the third a make-up Saturday', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '天山化工案', party: '伊宁县天山化工有限责任公司' }))
    await p.act('yining-officer', instanceId, 'draftFiling')
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    clock.set('2025-09-30T16:00:00+08:00')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    const review = await p.taskOf('yining-legal', instanceId, 'legalReview')
    expect([review.dueDate, review.dueAt?.toISOString(), review.overdue]).toEqual(['2025-10-11', new Date('2025-10-12T00:00:00+08:00').toISOString(), false])
  })

  it('on the evening of 11 October it is not yet overdue', async () => {
    clock.set('2025-10-11T23:59:00+08:00')
    expect((await p.taskOf('yining-legal', instanceId, 'legalReview')).overdue).toBe(false)
    expect(await p.workflow.fireDueTimers()).toEqual({ fired: 0, skipped: 0 })
  })

  it('on 12 October it shows overdue in the legal reviewer\'s inbox, and the scheduler logs it for reporting upward', async () => {
    clock.set('2025-10-12T00:00:00+08:00')
    expect((await p.taskOf('yining-legal', instanceId, 'legalReview')).overdue).toBe(true)
    expect(await p.workflow.fireDueTimers()).toEqual({ fired: 1, skipped: 0 })
    const logged = await ctx.db.auditEntry.findMany({ where: { action: 'task.overdue' } })
    expect(logged.map((e) => JSON.parse(e.detail ?? '{}') as { elementId: string; dueDate: string }).map((d) => [d.elementId, d.dueDate])).toEqual([['legalReview', '2025-10-11']])
  })
})
