import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
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
      ['legal-review-opinion', '霍应急法审〔2026〕1号'],
      ['committee-minutes', '霍应急审委纪〔2026〕1号'],
      ['case-disposition-approval', '霍应急呈批〔2026〕1号'],
      ['coercion-decision', '霍应急强决〔2026〕1号'],
    ])
  })
})
