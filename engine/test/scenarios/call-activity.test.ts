import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { deputyHead, fixture, legalReviewer, makeEngine, officer, prepare } from '../harness.ts'

describeEachDatabase('a hearing is called from a penalty case and returns to it', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)

  it('given a party who asks for a hearing, when the notice is done, then a hearing instance starts for the same case', async () => {
    const engine = await prepare(ctx.db, clock, 'hearing.bpmn', 'case-with-hearing.bpmn')
    const caseId = await engine.start('case-with-hearing', { departmentId: 'county-a', businessKey: 'case-7' }, officer)
    const [notice] = await fresh().tasksFor(officer)
    await fresh().complete(notice!.id, { payload: { target: '某矿业公司', hearingRequested: true } }, officer)

    const hearings = await ctx.db.processInstance.findMany({ where: { parentInstanceId: caseId } })
    expect(hearings.map((h) => [h.definitionKey, h.businessKey, h.status])).toEqual([['hearing', 'case-7', 'running']])
    const [report] = await fresh().tasksFor(legalReviewer)
    expect(report).toMatchObject({ elementId: 'hearingReport', instanceId: hearings[0]!.id, businessKey: 'case-7', departmentId: 'county-a.legal-office' })
    expect((await fresh().instance(caseId)).tasks.filter((t) => t.status === 'open')).toEqual([])

    await fresh().complete(report!.id, { payload: { opinion: '听证意见：维持' } }, legalReviewer)
    expect((await fresh().instance(hearings[0]!.id)).status).toBe('completed')
    const parent = await fresh().instance(caseId)
    expect(parent.tasks.filter((t) => t.status === 'open').map((t) => t.elementId)).toEqual(['decision'])
    expect(parent.variables.hearing).toMatchObject({ report: { opinion: '听证意见：维持' } })

    const [decision] = await fresh().tasksFor(deputyHead)
    await fresh().complete(decision!.id, {}, deputyHead)
    expect((await fresh().instance(caseId)).status).toBe('completed')
  })

  it('given a party who does not ask for a hearing, when the notice is done, then no hearing starts and the decision waits', async () => {
    const caseId = await fresh().start('case-with-hearing', { departmentId: 'county-a', businessKey: 'case-8' }, officer)
    const [notice] = await fresh().tasksFor(officer)
    await fresh().complete(notice!.id, { payload: { target: '某建筑公司', hearingRequested: false } }, officer)
    expect(await ctx.db.processInstance.count({ where: { parentInstanceId: caseId } })).toBe(0)
    expect((await fresh().instance(caseId)).tasks.filter((t) => t.status === 'open').map((t) => t.elementId)).toEqual(['decision'])
  })

  it('given a case started before a new hearing procedure is deployed, when it calls a hearing, then the hearing runs on the version the case started with; a case started after runs on the new one', async () => {
    const before = await fresh().start('case-with-hearing', { departmentId: 'county-a', businessKey: 'case-9' }, officer)
    await fresh().deploy(fixture('hearing.bpmn').replace('name="听证会报告书"', 'name="听证报告（新版）"'), null)
    const after = await fresh().start('case-with-hearing', { departmentId: 'county-a', businessKey: 'case-10' }, officer)
    for (const notice of (await fresh().tasksFor(officer)).filter((t) => t.businessKey === 'case-9' || t.businessKey === 'case-10')) {
      await fresh().complete(notice.id, { payload: { target: '某化工公司', hearingRequested: true } }, officer)
    }
    const called = async (parentInstanceId: string) => (await ctx.db.processInstance.findFirstOrThrow({ where: { parentInstanceId }, select: { definitionVersion: true } })).definitionVersion
    expect(await called(before)).toBe(1)
    expect(await called(after)).toBe(2)
    const names = (await fresh().tasksFor(legalReviewer)).filter((t) => t.businessKey === 'case-9' || t.businessKey === 'case-10').map((t) => [t.businessKey, t.name]).sort()
    expect(names).toEqual([['case-10', '听证报告（新版）'], ['case-9', '听证会报告书']])
  })
})
