import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { definitionsDir, example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { InvalidForm, ManualClock } from '../../engine/index.ts'
import { setDepartmentSetting } from '../../app/services/department-settings.server.ts'

// September–October 2026: Mid-Autumn Friday 25 September off; National Day 1–7 October off; Sunday 20 September and Saturday 10 October are make-up working days.
const waiver = (date: string) => ({ date, partySignature: { name: '王建国', date } })
const noHearing = () => ({ requested: false, recorderName: '买买提江·吐尔洪', date: '2026-09-16' })

describeEachDatabase('the party\'s periods count from the service of each notice, and cannot be cut short without a written waiver', (ctx) => {
  const clock = new ManualClock('2026-09-07T09:00:00+08:00') // Monday
  let p: Procedures
  let instanceId = ''

  const refusal = async (elementId: string, payload: Record<string, unknown>) => {
    const task = await p.taskOf('yining-officer', instanceId, elementId)
    const before = (await p.workflow.instance(instanceId)).revision
    const error = await p.workflow.complete(task.id, { payload }, await p.as('yining-officer')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((await p.workflow.instance(instanceId)).revision).toBe(before)
    expect((await p.taskOf('yining-officer', instanceId, elementId)).status).toBe('open')
    return (error as InvalidForm).fieldErrors
  }

  it('given Yining County sets the statement period to 4 working days, when a case is opened and reviewed, then both notices are made and each is served with its own receipt', async () => {
    p = await prepareProcedures(ctx.db, clock)
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    await setDepartmentSetting({ db: ctx.db, clock }, await p.as('yining-admin'), county.id, 'statement-period-days', 4)
    ;({ instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '天山化工未落实粉尘防爆案', party: '伊宁县天山化工有限责任公司' }))
    expect((await p.workflow.instance(instanceId)).variables.partyPeriods).toEqual({ statementDays: 4 })
    await p.act('yining-officer', instanceId, 'draftFiling')
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'deputyDecision', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'penaltyNotice')
    expect((await p.openTasks(instanceId)).map(([id]) => id)).toEqual(['penaltyNoticeService'])
    clock.set('2026-09-14T09:00:00+08:00')
    await p.act('yining-officer', instanceId, 'penaltyNoticeService', { payload: example('service-receipt', { servedDocuments: [{ title: '行政处罚告知书', number: '（伊县）应急罚告〔2026〕1号' }], servedAt: '2026-09-14T10:30:00+08:00' }) })
    await p.act('yining-officer', instanceId, 'penaltyHearingNotice')
    // The hearing notice reaches the party a day later, by post.
    await p.act('yining-officer', instanceId, 'hearingNoticeService', { payload: example('service-receipt', { servedDocuments: [{ title: '行政处罚听证告知书', number: '（伊县）应急听告〔2026〕1号' }], method: '邮寄送达', servedAt: '2026-09-15T16:00:00+08:00' }) })
  })

  it('then the statement period runs 4 working days from the notice\'s service (to 18 September) and the hearing request 5 working days from the hearing notice\'s (to 22 September)', async () => {
    expect((await p.openTasks(instanceId)).sort()).toEqual([
      ['hearingRequest', 'officer', 'ili.yining-county', '2026-09-21'],
      ['statement', 'officer', 'ili.yining-county', '2026-09-18'],
    ])
  })

  it('when "no hearing requested" is entered on 16 September, then it is refused on the field, in Chinese, with the day the period ends, and nothing changes', async () => {
    clock.set('2026-09-16T09:00:00+08:00')
    const errors = await refusal('hearingRequest', noHearing())
    expect(errors).toEqual([{ path: '/requested', message: expect.stringContaining('当事人的法定期限至 2026-09-21 届满') }])
    expect(errors[0]!.message).toContain('放弃声明')
  })

  it('when the party\'s written waiver is recorded with it, then "no hearing requested" is accepted before the period ends', async () => {
    await p.act('yining-officer', instanceId, 'hearingRequest', { payload: { ...noHearing(), waiver: waiver('2026-09-16') } })
    expect((await p.openTasks(instanceId)).map(([id]) => id)).toEqual(['statement'])
  })

  it('when "no statement" is entered on the period\'s last day it is refused, and the day after it is accepted without a waiver', async () => {
    clock.set('2026-09-18T17:00:00+08:00')
    const none = { made: false, recorderName: '买买提江·吐尔洪', date: '2026-09-18' }
    expect((await refusal('statement', none)).map((e) => e.path)).toEqual(['/made'])
    clock.set('2026-09-19T09:00:00+08:00')
    await p.act('yining-officer', instanceId, 'statement', { payload: { ...none, date: '2026-09-19' } })
    expect((await p.openTasks(instanceId)).map(([id]) => id)).toEqual(['draftDisposition'])
  })

  it('when the decision is dated 30 September, then it must be served within 7 working days, over the National Day holiday: by 15 October', async () => {
    clock.set('2026-09-30T09:00:00+08:00')
    await p.act('yining-officer', instanceId, 'draftDisposition')
    await p.act('yining-deputy', instanceId, 'approveDisposition', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'penaltyDecision', { payload: example('penalty-decision', { issueDate: '2026-09-30' }) })
    expect((await p.openTasks(instanceId)).sort()).toEqual([
      ['publication', 'officer', 'ili.yining-county', '2026-10-15'],
      ['service', 'officer', 'ili.yining-county', '2026-10-15'],
    ])
  })

  it('a statement the party does make is registered at once and recorded in the 当事人陈述申辩笔录', async () => {
    clock.set('2026-09-07T09:00:00+08:00')
    const second = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '天山化工未按规定培训案', party: '伊宁县天山化工有限责任公司' })
    for (const [login, step, outcome] of [
      ['yining-officer', 'draftFiling'], ['yining-supervisor', 'reviewFiling', 'approve'], ['yining-deputy', 'approveFiling', 'approve'],
      ['yining-officer', 'inquiryNotice'], ['yining-officer', 'inquiryRecord', 'done'], ['yining-legal', 'legalReview', 'approve'],
      ['yining-deputy', 'deputyDecision', 'approve'], ['yining-officer', 'penaltyNotice'], ['yining-officer', 'penaltyNoticeService'],
      ['yining-officer', 'penaltyHearingNotice'], ['yining-officer', 'hearingNoticeService'],
    ] as const) await p.act(login, second.instanceId, step, { outcome })
    await p.act('yining-officer', second.instanceId, 'statement', { payload: example('statement-registration', { made: true }) })
    expect((await p.openTasks(second.instanceId)).map(([id]) => id)).toEqual(['hearingRequest', 'statementRecord'])
    await p.act('yining-officer', second.instanceId, 'statementRecord')
    expect((await p.documents(second.matterId)).map(([form]) => form)).toContain('statement-defense-record')
  })

  it('a zf:period that cannot be read, or that has no due date to end on, is refused at deploy with the step named', async () => {
    const xml = fs.readFileSync(path.join(definitionsDir, 'penalty-case-general', 'process.bpmn'), 'utf8')
    const unreadable = xml.replace('zf:period="requested = false until due unless waiver"', 'zf:period="requested is false"')
    const withoutDue = xml.replace('zf:due="5 working days after = date(hearingNoticeService.servedAt)" ', '')
    expect((await p.workflow.validate(unreadable)).problems.map((e) => [e.elementId, e.code])).toEqual([['hearingRequest', 'PERIOD_INVALID']])
    expect((await p.workflow.validate(withoutDue)).problems.map((e) => [e.elementId, e.code])).toEqual([['hearingRequest', 'PERIOD_WITHOUT_DUE']])
  })
})

describeEachDatabase('the hearing notice goes out at least 7 working days before the hearing (行政处罚法 Art. 64, 85)', (ctx) => {
  const clock = new ManualClock('2026-09-30T09:00:00+08:00')

  it('given a notice made on 30 September, then a hearing on 8 October is refused on the hearing time and one on 16 October is accepted', async () => {
    const p = await prepareProcedures(ctx.db, clock)
    const { matterId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'summary', title: '天山化工听证案', party: '伊宁县天山化工有限责任公司' })
    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })
    const instanceId = await p.workflow.start('hearing', { businessKey: matterId, departmentId: matter.departmentId }, await p.as('yining-officer'))
    const notice = await p.taskOf('yining-legal', instanceId, 'hearingNotice')
    const error = await p.workflow.complete(notice.id, { payload: example('hearing-notice', { hearingTime: '2026-10-08T10:00:00+08:00' }) }, await p.as('yining-legal')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((error as InvalidForm).fieldErrors).toEqual([{ path: '/hearingTime', message: expect.stringContaining('7 个工作日前') }])
    await p.act('yining-legal', instanceId, 'hearingNotice', { payload: example('hearing-notice', { hearingTime: '2026-10-16T10:00:00+08:00' }) })
    expect(await p.openTasks(instanceId)).toEqual([['hearingRecord', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-10-16']])
  })
})
