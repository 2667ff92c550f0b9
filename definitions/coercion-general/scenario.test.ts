import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('a coercion case, general procedure, decided by the Huocheng case committee', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''

  it('given a Huocheng officer submits the case, when the Huocheng legal office sends it to the committee, then the committee decides with minutes and the case-review gate is recorded', async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('huocheng-officer', { kind: 'coercion-case', variant: 'general', title: '惠远烟花爆竹超量储存查封', party: '霍城县惠远烟花爆竹批发有限公司' }))
    await p.act('huocheng-officer', instanceId, 'submitReview')
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.huocheng-county.legal-office', '2026-03-05']])
    await p.act('huocheng-legal', instanceId, 'legalReview', { outcome: 'committee' })
    expect(await p.openTasks(instanceId)).toEqual([['committeeDecision', 'committee-member', 'ili.huocheng-county.case-committee', null]])
    // Four of the five members attend, three agree; each confirms the minutes (docs/decisions/021).
    await p.meet(instanceId, { recorder: 'huocheng-committee', chair: 'huocheng-principal', votes: { 'huocheng-principal': '同意', 'huocheng-deputy': '同意', 'huocheng-committee': '同意', 'huocheng-committee2': '不同意' } })
    await p.act('huocheng-principal', instanceId, 'committeeDecision', { outcome: 'approve' })
    expect(await p.gates(matterId)).toEqual(['case-review'])
  })

  it('when the disposition is approved and the coercion decision made and published, then the case ends', async () => {
    await p.act('huocheng-officer', instanceId, 'draftDisposition')
    await p.act('huocheng-deputy', instanceId, 'approveDisposition', { outcome: 'approve' })
    await p.act('huocheng-officer', instanceId, 'coercionDecision')
    await p.act('huocheng-officer', instanceId, 'publication')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([
      ['legal-review-opinion', '（霍）应急法审〔2026〕1号'],
      ['committee-minutes', '（霍）应急审委纪〔2026〕1号'],
      ['case-disposition-approval', '（霍）应急呈批〔2026〕1号'],
      ['coercion-decision', '（霍）应急强决〔2026〕1号'],
    ])
  })

  it('given a decision that seizes the goods (2026-03-02), then the inventory list is due the same day and the decision on the goods within 30 days (行政强制法第二十四条、第二十五条、第二十七条)', async () => {
    ;({ matterId, instanceId } = await p.open('huocheng-officer', { kind: 'coercion-case', variant: 'general', title: '惠远烟花爆竹超量储存扣押', party: '霍城县惠远烟花爆竹批发有限公司' }))
    await p.act('huocheng-officer', instanceId, 'submitReview')
    await p.act('huocheng-legal', instanceId, 'legalReview', { outcome: 'approve' })
    await p.act('huocheng-deputy', instanceId, 'deputyDecision', { outcome: 'approve' })
    await p.act('huocheng-officer', instanceId, 'draftDisposition')
    await p.act('huocheng-deputy', instanceId, 'approveDisposition', { outcome: 'approve' })
    await p.act('huocheng-officer', instanceId, 'coercionDecision', { payload: example('coercion-decision', { measures: ['依法查封、扣押'], issueDate: '2026-03-02' }) })
    expect(await p.openTasks(instanceId)).toEqual([['seizureInventory', 'officer', 'ili.huocheng-county', '2026-03-02']])
    expect(await variables()).toMatchObject({ seizureDeadline: '2026-04-01', seizurePeriod: { start: '2026-03-02', originalEnd: '2026-04-01' } })
    await p.act('huocheng-officer', instanceId, 'seizureInventory', { payload: example('seizure-inventory', { decisionNumber: '（霍）应急强决〔2026〕2号' }) })
    await p.act('huocheng-officer', instanceId, 'publication')
    expect(await p.openTasks(instanceId)).toEqual([['seizureDisposition', 'deputy-head', 'ili.huocheng-county', '2026-04-01']])
  })

  it('when the case is complex and an extension past 30 more days is asked, then it is refused on 延长至 and nothing changes', async () => {
    clock.set('2026-03-25T09:00:00+08:00')
    await p.act('huocheng-deputy', instanceId, 'seizureDisposition', { outcome: 'return', comment: '涉案烟花爆竹需委托检验，情况复杂，请制作延长查封扣押期限决定书。' })
    const tooLong = extension('2026-05-02')
    await expect(p.act('huocheng-officer', instanceId, 'seizureExtension', { payload: tooLong })).rejects.toMatchObject({
      code: 'INVALID_FORM',
      fieldErrors: [{ path: '/extendedUntil', message: '延长期限不得超过三十日（行政强制法第二十五条）：原期限 2026-04-01 届满，最迟只能延长至 2026-05-01。' }],
    })
    expect(await p.openTasks(instanceId)).toEqual([['seizureExtension', 'officer', 'ili.huocheng-county', '2026-04-01']])
    expect(await variables()).toMatchObject({ seizureDeadline: '2026-04-01' })
  })

  it('when the principal head does not approve an extension, then the period stays and the decision on the goods is due on 2026-04-01 again', async () => {
    await p.act('huocheng-officer', instanceId, 'seizureExtension', { payload: extension('2026-05-01') })
    await p.act('huocheng-principal', instanceId, 'extensionApproval', { outcome: 'reject' })
    expect(await p.openTasks(instanceId)).toEqual([['seizureDisposition', 'deputy-head', 'ili.huocheng-county', '2026-04-01']])
    expect(await variables()).toMatchObject({ seizureDeadline: '2026-04-01', seizureExtensions: [] })
    await p.act('huocheng-deputy', instanceId, 'seizureDisposition', { outcome: 'return', comment: '检验结果尚未出具，请重新制作延长查封扣押期限决定书。' })
  })

  it('when the head approves an extension to 2026-04-20, then the period and the open decision step move to it and the written extension decision is issued', async () => {
    await p.act('huocheng-officer', instanceId, 'seizureExtension', { payload: extension('2026-04-20') })
    expect(await p.openTasks(instanceId)).toEqual([['extensionApproval', 'principal-head', 'ili.huocheng-county', '2026-04-01']])
    await p.act('huocheng-principal', instanceId, 'extensionApproval', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['seizureDisposition', 'deputy-head', 'ili.huocheng-county', '2026-04-20']])
    const vars = await variables()
    expect(vars).toMatchObject({ seizureDeadline: '2026-04-20', seizureExtensions: [{ from: '2026-04-01', until: '2026-04-20', approvedByName: expect.any(String) }] })
    const audit = await p.db.auditEntry.findMany({ where: { action: 'process.deadline-extend', targetId: instanceId }, orderBy: { seq: 'asc' } })
    expect(audit).toHaveLength(2)
  })

  it('when the deputy head decides on the goods within the extended period, then the case ends with the inventory and the extension decision issued', async () => {
    clock.set('2026-04-15T09:00:00+08:00')
    await p.act('huocheng-deputy', instanceId, 'seizureDisposition', { outcome: 'approve' })
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect((await p.documents(matterId)).map(([form]) => form)).toEqual([
      'legal-review-opinion', 'case-disposition-approval', 'coercion-decision', 'seizure-inventory', 'seizure-extension-decision',
    ])
  })

  async function variables(): Promise<Record<string, unknown>> {
    const row = await p.db.processInstance.findUniqueOrThrow({ where: { id: instanceId }, select: { variables: true } })
    return JSON.parse(row.variables) as Record<string, unknown>
  }

  function extension(extendedUntil: string): Record<string, unknown> {
    return example('seizure-extension-decision', { seizureStart: '2026-03-02', originalEnd: '2026-04-01', extendedUntil, issueDate: '2026-03-25', reason: '涉案烟花爆竹数量大，需委托检验机构检测，情况复杂。' })
  }
})
