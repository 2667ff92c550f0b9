import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { prepareProcedures, type Procedures } from '../../tests/support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'

describeEachDatabase('who acts is resolved from the matter\'s department', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures

  /** Opens a general penalty case for the officer and takes it to the legal review. */
  async function toLegalReview(prefix: string, party: string): Promise<string> {
    const { instanceId } = await p.open(`${prefix}-officer`, { kind: 'penalty-case', variant: 'general', title: `${party}案`, party })
    await p.act(`${prefix}-officer`, instanceId, 'draftFiling')
    await p.act(`${prefix}-supervisor`, instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act(`${prefix}-deputy`, instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act(`${prefix}-officer`, instanceId, 'inquiryNotice')
    await p.act(`${prefix}-officer`, instanceId, 'inquiryRecord', { outcome: 'done' })
    return instanceId
  }

  it('a county case\'s legal review lands with that county\'s legal office, and the other county\'s legal office never sees it', async () => {
    p = await prepareProcedures(ctx.db, clock)
    const yining = await toLegalReview('yining', '伊宁县金穗面粉加工厂')
    const huocheng = await toLegalReview('huocheng', '霍城县果子沟石料厂')
    expect(await p.openTasks(yining)).toEqual([['legalReview', 'legal-reviewer', 'ili.yining-county.legal-office', '2026-03-05']])
    expect(await p.openTasks(huocheng)).toEqual([['legalReview', 'legal-reviewer', 'ili.huocheng-county.legal-office', '2026-03-05']])
    const seenBy = async (login: string) => (await p.workflow.tasksFor(await p.as(login))).map((t) => t.instanceId).sort()
    expect(await seenBy('yining-legal')).toEqual([yining])
    expect(await seenBy('yining-legal2')).toEqual([yining])
    expect(await seenBy('huocheng-legal')).toEqual([huocheng])
    expect(await seenBy('ili-legal')).toEqual([])
    expect(await seenBy('region-legal')).toEqual([])
  })

  it('a deletion request lands with the region policy office whatever department it comes from', async () => {
    const requests: string[] = []
    for (const login of ['yining-officer', 'huocheng-officer', 'ili-officer', 'region-officer']) {
      const { instanceId } = await p.open(login, { kind: 'deletion-request', title: `${login} 的删除申请` })
      await p.act(login, instanceId, 'apply')
      expect(await p.openTasks(instanceId), login).toEqual([['policyReview', 'policy-reviewer', 'region.policy-office', null]])
      requests.push(instanceId)
    }
    expect((await p.workflow.tasksFor(await p.as('region-policy'))).map((t) => t.instanceId).sort()).toEqual([...requests].sort())
    expect(await p.workflow.tasksFor(await p.as('yining-legal'))).toHaveLength(1)
  })

  it('a change request stays in the applicant\'s own organ: the prefecture\'s legal office, deputy head and administrator', async () => {
    const { instanceId } = await p.open('ili-officer', { kind: 'change-request', title: '更正询问笔录的询问时间' })
    await p.act('ili-officer', instanceId, 'apply')
    expect(await p.openTasks(instanceId)).toEqual([['legalReview', 'legal-reviewer', 'ili.legal-office', null]])
    await p.act('ili-legal', instanceId, 'legalReview', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['deputyApproval', 'deputy-head', 'ili', null]])
    await p.act('ili-deputy', instanceId, 'deputyApproval', { outcome: 'approve' })
    expect(await p.openTasks(instanceId)).toEqual([['applyChange', 'system-admin', 'ili', null]])
  })
})
