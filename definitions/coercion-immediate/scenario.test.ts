import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'
import { notifyOverdue, overduePolicyFrom } from '../../app/services/workflow/deadlines.server.ts'
import { dueLabel } from '../../app/services/workflow/due-label.server.ts'

describeEachDatabase('an immediate coercion case: a major hazard, case review, coercion approval and decision, publication', (ctx) => {
  const clock = new ManualClock('2026-03-05T11:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Yining officer proposes to suspend production, when the deputy head returns the decision once, then the officer revises the proposal and it is reviewed again', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'coercion-case', variant: 'immediate', title: '恒泰煤业瓦斯超限责令停产撤人', party: '伊宁县恒泰煤业有限公司' }))
    await p.act('yining-officer', instanceId, 'propose')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'reviewDecision', { outcome: 'return', comment: '请写明撤人范围。' })
    expect(await p.gates(matterId)).toEqual([])
    expect((await p.taskOf('yining-officer', instanceId, 'propose')).assigneeId).toBe((await p.as('yining-officer')).id)
    await p.act('yining-officer', instanceId, 'propose')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'reviewDecision', { outcome: 'approve' })
    expect(await p.gates(matterId)).toEqual(['case-review'])
  })

  it('when the coercion approval form is approved and the decision made and published, then the case ends with numbered documents', async () => {
    await p.act('yining-officer', instanceId, 'draftCoercionApproval')
    await p.act('yining-deputy', instanceId, 'approveCoercion', { outcome: 'approve' })
    // Publication is due 7 working days from the day the decision is made (Art. 14), the date on the decision.
    await p.act('yining-officer', instanceId, 'coercionDecision', { payload: example('coercion-decision', { issueDate: '2026-03-05' }) })
    expect(await p.openTasks(instanceId)).toEqual([['publication', 'officer', 'ili.yining-county', '2026-03-16']])
    await p.act('yining-officer', instanceId, 'publication')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([
      ['legal-review-opinion', '（伊县）应急法审〔2026〕1号'],
      ['legal-review-opinion', '（伊县）应急法审〔2026〕2号'],
      ['coercion-approval', '（伊县）应急强审〔2026〕1号'],
      ['coercion-decision', '（伊县）应急强决〔2026〕1号'],
    ])
  })
})

describeEachDatabase('an on-the-spot coercive measure: reported to the head and approved within 24 hours of the measure (行政强制法 Art. 19), escalated when late', (ctx) => {
  const clock = new ManualClock('2026-03-05T22:00:00+08:00') // Thursday evening
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given officers stopped a gas-laden coal face at 21:30 and report it at 22:00, then the head must approve by 21:30 the next day, shown with its time', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'coercion-case', variant: 'immediate', title: '恒泰煤业瓦斯超限当场责令撤人', party: '伊宁县恒泰煤业有限公司' }))
    await p.act('yining-officer', instanceId, 'propose', { payload: example('case-review-request', { implementedAt: '2026-03-05T21:30:00+08:00' }) })
    expect(await p.openTasks(instanceId)).toEqual([['approveOnTheSpot', 'deputy-head', 'ili.yining-county', '2026-03-06']])
    const task = await p.taskOf('yining-deputy', instanceId, 'approveOnTheSpot')
    expect(task.dueAt?.toISOString()).toBe(new Date('2026-03-06T21:30:00+08:00').toISOString())
    expect(dueLabel(task.dueDate, task.dueAt)).toBe('2026-03-06 21:30')
  })

  it('at 21:29 the next day nothing is overdue; at 21:31 the step is overdue and the organ\'s heads are told at once, not a day later', async () => {
    clock.set('2026-03-06T21:29:00+08:00')
    await p.workflow.fireDueTimers()
    await notifyOverdue(ctx.db, clock, overduePolicyFrom(p.workflow))
    expect(await ctx.db.notification.count()).toBe(0)
    clock.set('2026-03-06T21:31:00+08:00')
    expect(await p.workflow.fireDueTimers()).toEqual({ fired: 1, skipped: 0 })
    await notifyOverdue(ctx.db, clock, overduePolicyFrom(p.workflow))
    const notes = await ctx.db.notification.findMany({ orderBy: { dedupeKey: 'asc' } })
    const logins = new Map((await ctx.db.user.findMany({ select: { id: true, loginName: true } })).map((u) => [u.id, u.loginName]))
    expect(notes.map((n) => [n.kind, logins.get(n.userId)]).sort()).toEqual([
      ['task-overdue', 'yining-deputy'],
      ['task-overdue-escalated', 'yining-deputy'],
      ['task-overdue-escalated', 'yining-principal'],
    ])
    expect(notes.find((n) => n.kind === 'task-overdue-escalated')?.body).toContain('应于 2026-03-06 21:30 前办理，已超过时限')
  })

  it('when the head returns the report for more detail, then the officer reports again and the 24 hours still run from the measure', async () => {
    await p.act('yining-deputy', instanceId, 'approveOnTheSpot', { outcome: 'return', comment: '请写明撤出人数。' })
    await p.act('yining-officer', instanceId, 'propose', { payload: example('case-review-request', { implementedAt: '2026-03-05T21:30:00+08:00' }) })
    const again = await p.taskOf('yining-deputy', instanceId, 'approveOnTheSpot')
    expect([again.dueAt?.toISOString(), again.overdue]).toEqual([new Date('2026-03-06T21:30:00+08:00').toISOString(), true])
  })

  it('when the head approves late, then the case review goes on: the legal office has 3 working days', async () => {
    await p.act('yining-deputy', instanceId, 'approveOnTheSpot', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-11']])
    // A proposal returned by the legal review goes back to it without a second on-the-spot approval.
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'return' })
    await p.act('yining-officer', instanceId, 'propose', { payload: example('case-review-request', { implementedAt: '2026-03-05T21:30:00+08:00' }) })
    expect((await p.openTasks(instanceId)).map(([element]) => element)).toEqual(['legalReview'])
    expect(await p.gates(matterId)).toEqual([])
  })

  it('when the head finds the measure should not have been taken, then it is lifted at once and the case ends without a decision', async () => {
    const second = await p.open('yining-officer', { kind: 'coercion-case', variant: 'immediate', title: '恒泰煤业当场查封设备', party: '伊宁县恒泰煤业有限公司' })
    await p.act('yining-officer', second.instanceId, 'propose', { payload: example('case-review-request', { implementedAt: '2026-03-06T21:00:00+08:00' }) })
    await p.act('yining-deputy', second.instanceId, 'approveOnTheSpot', { outcome: 'release', comment: '隐患已排除，不应采取强制措施。' })
    expect((await p.workflow.instance(second.instanceId)).status).toBe('completed')
    expect(await p.documents(second.matterId)).toEqual([])
  })
})
