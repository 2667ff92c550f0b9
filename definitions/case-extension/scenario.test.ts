import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { computeDue, InvalidForm, ManualClock, parseDue } from '../../engine/index.ts'
import { defineAbilityFor } from '../../app/services/permissions.server.ts'
import { caseDeadline, requestCaseExtension } from '../../app/services/matters/case-extension.server.ts'

describeEachDatabase('extending the 90 days of a general penalty case: the officer asks, the principal head approves (行政处罚法 Art. 60)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00') // Monday
  let p: Procedures
  let matterId = ''
  let caseId = ''
  let extensionId = ''

  const request = async (loginName: string) => {
    const actor = await p.as(loginName)
    const taskId = await requestCaseExtension({ db: ctx.db, clock, workflow: p.workflow }, defineAbilityFor(actor, clock.now()), actor, matterId)
    return (await ctx.db.task.findUniqueOrThrow({ where: { id: taskId } })).instanceId
  }

  it('given a case filed on 2 March, then its decision is due 90 days later, on 31 May', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId: caseId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '天山化工重大危险源监控停用案', party: '伊宁县天山化工有限责任公司' }))
    expect(await caseDeadline(ctx.db, matterId)).toBeNull()
    await p.act('yining-officer', caseId, 'draftFiling')
    await p.act('yining-supervisor', caseId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', caseId, 'approveFiling', { outcome: 'approve' })
    expect(await caseDeadline(ctx.db, matterId)).toMatchObject({ filingDate: '2026-03-02', deadline: '2026-05-31', extensions: [] })
  })

  it('when a colleague without a part in the case asks, then it is refused; when the case officer asks for a date not after 31 May, then the request is refused with the reason', async () => {
    const outsider = await p.as('yining-supervisor')
    const refused = await requestCaseExtension({ db: ctx.db, clock, workflow: p.workflow }, defineAbilityFor(outsider, clock.now()), outsider, matterId).catch((e: unknown) => e)
    expect((refused as Error).message).toBe('只有本案的执法人员可以申请延长办案期限。')
    clock.set('2026-05-20T10:00:00+08:00')
    extensionId = await request('yining-officer')
    const tooEarly = await p.act('yining-officer', extensionId, 'apply', { payload: example('case-extension-request', { currentDeadline: '2026-05-31', requestedDeadline: '2026-05-31' }) }).catch((e: unknown) => e)
    expect(tooEarly).toBeInstanceOf(InvalidForm)
    expect((tooEarly as InvalidForm).fieldErrors).toEqual([{ path: '/requestedDeadline', message: '延长后的期限应晚于现办案期限 2026-05-31。' }])
    const second = await request('yining-officer').catch((e: unknown) => e)
    expect((second as Error).message).toBe('本案已有延长办案期限申请正在办理，请在其办结后再申请。')
  })

  it('when the principal head returns it and then approves the corrected request, then the case is due 30 June, the 延长办案期限审批表 is issued, and the extension is audited', async () => {
    await p.act('yining-officer', extensionId, 'apply', { payload: example('case-extension-request', { currentDeadline: '2026-05-31', requestedDeadline: '2026-07-31' }) })
    expect(await p.openTasks(extensionId)).toEqual([['principalApproval', 'principal-head', 'ili.yining-county', null]])
    await p.act('yining-principal', extensionId, 'principalApproval', { outcome: 'return' })
    expect((await caseDeadline(ctx.db, matterId))?.deadline).toBe('2026-05-31')
    await p.act('yining-officer', extensionId, 'apply', { payload: example('case-extension-request', { currentDeadline: '2026-05-31', requestedDeadline: '2026-06-30', reason: '抽样送检的储罐检测报告尚未出具，需待报告出具后认定违法事实。' }) })
    const before = (await ctx.db.processInstance.findUniqueOrThrow({ where: { id: caseId } })).revision
    await p.act('yining-principal', extensionId, 'principalApproval', { outcome: 'approve' })

    const deadline = await caseDeadline(ctx.db, matterId)
    expect(deadline).toMatchObject({ deadline: '2026-06-30', revision: before + 1 })
    expect(deadline!.extensions).toEqual([{
      from: '2026-05-31', until: '2026-06-30', reason: '抽样送检的储罐检测报告尚未出具，需待报告出具后认定违法事实。',
      requestedByName: (await p.as('yining-officer')).displayName, approvedById: (await p.as('yining-principal')).id, approvedByName: '巴特尔',
      approvedAt: expect.any(String), opinion: '同意。', documentNumber: '（伊县）应急延〔2026〕1号',
    }])
    expect(await p.documents(matterId)).toContainEqual(['case-extension-request', '（伊县）应急延〔2026〕1号'])
    const audit = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'process.deadline-extend', targetId: caseId } })
    expect([audit.actorName, (JSON.parse(audit.detail ?? '{}') as { set: { caseDeadline: string } }).set.caseDeadline]).toEqual(['巴特尔', '2026-06-30'])
    expect((await p.workflow.instance(extensionId)).status).toBe('completed')
    expect((await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })).status).toBe('open')
  })

  it('then the penalty decision step of the deployed definition is due on the extended date (the same zf:due that computes the 90 days)', async () => {
    const instance = await p.workflow.instance(caseId)
    const { xml } = await ctx.db.processDefinition.findFirstOrThrow({ where: { key: 'penalty-case-general' }, orderBy: { version: 'desc' } })
    const result = await p.workflow.validate(xml)
    expect(result.ok).toBe(true)
    const spec = parseDue(/id="penaltyDecision"[^>]*zf:due="([^"]+)"/.exec(xml)![1]!.replaceAll('&#34;', '"'))
    if (!('kind' in spec)) throw new Error(spec.message)
    const due = computeDue(spec, clock.now(), () => { throw new Error('no working days') }, instance.variables)
    expect(due.dueDate).toBe('2026-06-30')
    const { caseDeadline: _extended, ...unextended } = instance.variables
    expect(computeDue(spec, clock.now(), () => { throw new Error('no working days') }, unextended).dueDate).toBe('2026-05-31')
  })
})
