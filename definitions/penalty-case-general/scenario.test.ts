import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { InvalidForm, ManualClock } from '../../engine/index.ts'

describeEachDatabase('a penalty case, general procedure: filing, investigation, case review, hearing, decision, closing', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00') // Monday
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Yining officer opens a case, when the filing is drafted, reviewed by the supervisor and approved by the deputy head, then the 立案审批表 is issued with both opinions', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '天山化工重大危险源监控停用案', party: '伊宁县天山化工有限责任公司' }))
    await p.act('yining-officer', instanceId, 'draftFiling')
    expect(await p.documents(matterId)).toEqual([])
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    expect(await p.documents(matterId)).toEqual([['case-filing-approval', '（伊县）应急立〔2026〕1号']])
    const filing = await ctx.db.document.findFirstOrThrow({ where: { subjectId: matterId, formKey: 'case-filing-approval' } })
    expect((filing.data as { approvals: unknown }).approvals).toEqual([
      { step: '审核', opinion: '同意。', name: '许婷', date: '2026-03-02' },
      { step: '审批', opinion: '同意。', name: '韩冰', date: '2026-03-02' },
    ])
  })

  it('when the officer investigates (inquiry, site examination, sampling) and ends the investigation, then the Yining legal office reviews within 3 working days', async () => {
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'site-examination' })
    await p.act('yining-officer', instanceId, 'siteExamination', { outcome: 'sampling' })
    await p.act('yining-officer', instanceId, 'sampling', { outcome: 'done' })
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05']])
  })

  it('when the legal office sends it to the case committee and the committee returns it for more investigation, then the minutes are kept, no review decision is recorded, and the inquiry goes back to the officer', async () => {
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'committee' })
    expect(await p.openTasks(instanceId)).toEqual([['committeeDecision', 'committee-member', 'ili.yining-county.case-committee', null]])
    // Three of the committee's five members attend and agree to return it; each confirms the minutes (docs/decisions/021).
    await p.meet(instanceId, { recorder: 'yining-committee', chair: 'yining-principal', votes: { 'yining-principal': '同意', 'yining-committee': '同意', 'yining-committee2': '同意' } })
    await p.act('yining-committee', instanceId, 'committeeDecision', { outcome: 'return', comment: '违法事实中储罐停用时间不清，补充询问。' })
    expect(await p.gates(matterId)).toEqual([])
    const inquiry = await p.taskOf('yining-officer', instanceId, 'inquiryNotice')
    expect(inquiry.assigneeId).toBe((await p.as('yining-officer')).id)
  })

  it('when the inquiry is supplemented and the deputy head decides after the legal review, then the case-review gate is recorded', async () => {
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'deputyDecision', { outcome: 'approve' })
    expect(await p.gates(matterId)).toEqual(['case-review'])
  })

  it('when the notices are made and served (each with its receipt) on Tuesday 3 March, then the statement (3 working days) and the hearing request (5 working days) wait side by side, counted from the service', async () => {
    await p.act('yining-officer', instanceId, 'penaltyNotice')
    await p.act('yining-officer', instanceId, 'penaltyNoticeService', { payload: example('service-receipt', { servedDocuments: [{ title: '行政处罚告知书', number: '（伊县）应急罚告〔2026〕1号' }], servedAt: '2026-03-03T10:00:00+08:00' }) })
    await p.act('yining-officer', instanceId, 'penaltyHearingNotice')
    await p.act('yining-officer', instanceId, 'hearingNoticeService', { payload: example('service-receipt', { servedDocuments: [{ title: '行政处罚听证告知书', number: '（伊县）应急听告〔2026〕1号' }], servedAt: '2026-03-03T10:00:00+08:00' }) })
    expect((await p.openTasks(instanceId)).sort()).toEqual([
      ['hearingRequest', 'officer', 'ili.yining-county', '2026-03-10'],
      ['statement', 'officer', 'ili.yining-county', '2026-03-06'],
    ])
  })

  it('when the party asks for a hearing, then the hearing procedure is called and the Yining legal office must notify 7 working days ahead', async () => {
    await p.act('yining-officer', instanceId, 'statement')
    await p.act('yining-officer', instanceId, 'statementRecord')
    await p.act('yining-officer', instanceId, 'hearingRequest', { payload: example('hearing-request', { requested: true }) })
    expect(await p.openTasks(instanceId)).toEqual([['hearingNotice', 'legal-reviewer', 'ili.yining-county.legal-office', null]])
    const notice = await p.taskOf('yining-legal', instanceId, 'hearingNotice')
    const tooSoon = await p.workflow.complete(notice.id, { payload: example('hearing-notice', { hearingTime: '2026-03-06T10:00:00+08:00' }) }, await p.as('yining-legal')).catch((e: unknown) => e)
    expect(tooSoon).toBeInstanceOf(InvalidForm)
    expect((tooSoon as InvalidForm).fieldErrors.map((e) => e.path)).toEqual(['/hearingTime'])
  })

  it('when the hearing is held and reported, then the case continues with the disposition approval', async () => {
    await p.act('yining-legal', instanceId, 'hearingNotice', { payload: example('hearing-notice', { hearingTime: '2026-03-25T10:00:00+08:00' }) })
    expect(await p.openTasks(instanceId)).toEqual([['hearingRecord', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-25']])
    clock.set('2026-03-25T15:00:00+08:00')
    await p.act('yining-legal', instanceId, 'hearingRecord')
    await p.act('yining-legal', instanceId, 'hearingReport')
    const hearing = await ctx.db.processInstance.findFirstOrThrow({ where: { parentInstanceId: instanceId } })
    expect([hearing.definitionKey, hearing.status, hearing.businessKey]).toEqual(['hearing', 'completed', matterId])
    expect(await p.openTasks(instanceId)).toEqual([['draftDisposition', 'officer', 'ili.yining-county', null]])
  })

  it('when the deputy head returns the disposition once, then it is redrafted by the same officer and issued only when approved', async () => {
    await p.act('yining-officer', instanceId, 'draftDisposition')
    await p.act('yining-deputy', instanceId, 'approveDisposition', { outcome: 'return', comment: '罚款数额的裁量理由不足。' })
    expect((await p.taskOf('yining-officer', instanceId, 'draftDisposition')).assigneeId).toBe((await p.as('yining-officer')).id)
    expect((await p.documents(matterId)).filter(([form]) => form === 'case-disposition-approval')).toEqual([])
    await p.act('yining-officer', instanceId, 'draftDisposition')
    await p.act('yining-deputy', instanceId, 'approveDisposition', { outcome: 'approve' })
    expect((await p.documents(matterId)).filter(([form]) => form === 'case-disposition-approval')).toEqual([['case-disposition-approval', '（伊县）应急呈批〔2026〕1号']])
  })

  it('when the decision is made, then service and publication (7 working days each) run side by side from the decision\'s date, and payment is due 15 days after the party received it', async () => {
    await p.act('yining-officer', instanceId, 'penaltyDecision', { payload: example('penalty-decision', { issueDate: '2026-03-25' }) })
    expect((await p.openTasks(instanceId)).sort()).toEqual([
      ['publication', 'officer', 'ili.yining-county', '2026-04-03'],
      ['service', 'officer', 'ili.yining-county', '2026-04-03'],
    ])
    // Served late in the evening of 27 March and recorded only on the 30th: the 15 days run from receipt.
    clock.set('2026-03-30T09:00:00+08:00')
    await p.act('yining-officer', instanceId, 'service', { payload: example('service-receipt', { servedAt: '2026-03-27T21:30:00+08:00' }) })
    await p.act('yining-officer', instanceId, 'publication')
    expect(await p.openTasks(instanceId)).toEqual([['payment', 'officer', 'ili.yining-county', '2026-04-11']])
  })

  it('when the fine is paid and the closing is approved, then the case is closed with every document issued in the system, the 笔录 unnumbered as in the national formats', async () => {
    await p.act('yining-officer', instanceId, 'payment')
    await p.act('yining-officer', instanceId, 'draftClosing')
    await p.act('yining-deputy', instanceId, 'approveClosing', { outcome: 'approve' })
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect((await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })).status).toBe('closed')
    expect(await p.documents(matterId)).toEqual([
      ['case-filing-approval', '（伊县）应急立〔2026〕1号'],
      ['inquiry-notice', '（伊县）应急询通〔2026〕1号'],
      ['inquiry-record', null],
      ['site-examination-record', '（伊县）应急勘〔2026〕1号'],
      ['sampling-evidence-voucher', '（伊县）应急抽〔2026〕1号'],
      ['legal-review-opinion', '（伊县）应急法审〔2026〕1号'],
      ['committee-minutes', '（伊县）应急审委纪〔2026〕1号'],
      ['inquiry-notice', '（伊县）应急询通〔2026〕2号'],
      ['inquiry-record', null],
      ['legal-review-opinion', '（伊县）应急法审〔2026〕2号'],
      ['penalty-notice', '（伊县）应急罚告〔2026〕1号'],
      ['service-receipt', '（伊县）应急送〔2026〕1号'],
      ['penalty-hearing-notice', '（伊县）应急听告〔2026〕1号'],
      ['service-receipt', '（伊县）应急送〔2026〕2号'],
      ['statement-defense-record', null],
      ['hearing-notice', '（伊县）应急听通〔2026〕1号'],
      ['hearing-record', null],
      ['hearing-report', '（伊县）应急听报〔2026〕1号'],
      ['case-disposition-approval', '（伊县）应急呈批〔2026〕1号'],
      ['penalty-decision', '（伊县）应急罚〔2026〕1号'],
      ['service-receipt', '（伊县）应急送〔2026〕3号'],
      ['case-closing-approval', '（伊县）应急结〔2026〕1号'],
    ])
  })
})
