import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('a change request: own legal office reviews, deputy head approves, own administrator applies (Art. 7)', (ctx) => {
  const clock = new ManualClock('2026-03-09T09:00:00+08:00')
  let p: Procedures
  let instanceId = ''

  it('given a Yining officer applies, then the Yining legal office reviews it', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ instanceId } = await p.open('yining-officer', { kind: 'change-request', title: '更正现场检查记录的检查场所' }))
    await p.act('yining-officer', instanceId, 'apply')
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', null]])
  })

  it('when the deputy head returns it after the legal review, then it goes back to the applicant and through both steps again', async () => {
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['deputyApproval', 'deputy-head', 'ili.yining-county', null]])
    await p.act('yining-deputy', instanceId, 'deputyApproval', { outcome: 'return', comment: '请附现场照片说明原记录错误。' })
    expect((await p.taskOf('yining-officer', instanceId, 'apply')).assigneeId).toBe((await p.as('yining-officer')).id)
    await p.act('yining-officer', instanceId, 'apply')
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'deputyApproval', { outcome: 'approve' })
  })

  it('then the Yining administrator applies the change, recording that the old version is kept, and the request ends as changed', async () => {
    expect(await p.openTasks(instanceId)).toEqual([['applyChange', 'system-admin', 'ili.yining-county', null]])
    await p.act('yining-admin', instanceId, 'applyChange')
    const instance = await p.workflow.instance(instanceId)
    expect(instance.status).toBe('completed')
    expect(instance.variables).toMatchObject({ deputyApprovalOutcome: 'approve', operation: { operation: '更改', previousVersionKept: true } })
  })
})
