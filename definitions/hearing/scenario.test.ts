import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { example, prepareProcedures } from '../../tests/support/workflow.ts'
import { InvalidForm, ManualClock } from '../../engine/index.ts'

describeEachDatabase('a hearing held by the legal office of the case department', (ctx) => {
  const clock = new ManualClock('2026-03-10T09:00:00+08:00')

  it('given a hearing for a Huocheng case, then its notice goes to the Huocheng legal office, must be 7 working days ahead (Tuesday 10 March: not for Wednesday 18th, for Thursday 19th), and the three hearing documents are issued in order', async () => {
    const p = await prepareProcedures(ctx.db, clock)
    // The hearing is normally called from penalty-case-general (see its scenario); here it is started on its own for a Huocheng case.
    const { matterId } = await p.open('huocheng-officer', { kind: 'penalty-case', variant: 'summary', title: '清水河建材案', party: '霍城县清水河建材有限公司' })
    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId } })
    const instanceId = await p.workflow.start('hearing', { businessKey: matterId, departmentId: matter.departmentId }, await p.as('huocheng-officer'))
    expect(await p.openTasks(instanceId)).toEqual([['hearingNotice', 'legal-reviewer', 'ili.huocheng-county.legal-office', null]])
    const notice = await p.taskOf('huocheng-legal', instanceId, 'hearingNotice')
    const error = await p.workflow.complete(notice.id, { payload: example('hearing-notice', { hearingTime: '2026-03-18T10:00:00+08:00' }) }, await p.as('huocheng-legal')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    await p.act('huocheng-legal', instanceId, 'hearingNotice', { payload: example('hearing-notice', { hearingTime: '2026-03-19T10:00:00+08:00' }) })
    expect(await p.openTasks(instanceId)).toEqual([['hearingRecord', 'legal-reviewer', 'ili.huocheng-county.legal-office', '2026-03-19']])
    await p.act('huocheng-legal', instanceId, 'hearingRecord')
    await p.act('huocheng-legal', instanceId, 'hearingReport')
    expect((await p.workflow.instance(instanceId)).status).toBe('completed')
    expect(await p.documents(matterId)).toEqual([
      ['hearing-notice', '（霍）应急听通〔2026〕1号'], ['hearing-record', null], ['hearing-report', '（霍）应急听报〔2026〕1号'],
    ])
  })
})
