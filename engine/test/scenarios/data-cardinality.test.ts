import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { DEFINITION_LIMITS } from '../../definition/limits.ts'
import { EngineError } from '../../errors.ts'
import { deputyHead, makeEngine, officer, officer2, prepare } from '../harness.ts'

// fixtures/data-sign.bpmn: start → 确定承办人员 → 征求意见 (multi-instance, loopCardinality `= count(case.officers)`, all) → 结案 → end.
describeEachDatabase('a multi-instance step takes its number of instances from the case data, bounded at run time', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  const open = async (id: string) => (await fresh().instance(id)).tasks.filter((t) => t.status === 'open').map((t) => t.elementId)
  const openTask = async (id: string, elementId: string) => (await fresh().instance(id)).tasks.find((t) => t.status === 'open' && t.elementId === elementId)!
  const startWith = (officers: unknown) => fresh().start('data-sign', { departmentId: 'county-a', variables: { case: { officers } } }, officer)

  it('given two officers in the case, when the step starts, then two tasks open and the step ends when both are done', async () => {
    await prepare(ctx.db, clock, 'data-sign.bpmn')
    const id = await startWith(['officer-1', 'officer-2'])
    await fresh().complete((await openTask(id, 'prepare')).id, { payload: {}, outcome: 'approve' }, deputyHead)
    expect(await open(id)).toEqual(['opinions', 'opinions'])
    await fresh().complete((await openTask(id, 'opinions')).id, { payload: { opinion: '同意' } }, officer)
    expect(await open(id)).toEqual(['opinions'])
    await fresh().complete((await openTask(id, 'opinions')).id, { payload: { opinion: '同意' } }, officer2)
    expect(await open(id)).toEqual(['close'])
    await fresh().complete((await openTask(id, 'close')).id, { payload: {}, outcome: 'approve' }, deputyHead)
    expect((await fresh().instance(id)).status).toBe('completed')
  })

  for (const [what, officers] of [
    ['no officers (0)', []],
    [`more officers than the maximum (${DEFINITION_LIMITS.maxCardinality + 1})`, Array.from({ length: DEFINITION_LIMITS.maxCardinality + 1 }, (_, i) => `officer-${i}`)],
    ['no list at all (not a number)', null],
  ] as Array<[string, unknown]>) {
    it(`given ${what}, when the step before is completed, then that operation fails with CARDINALITY_INVALID in Chinese, no task is opened and nothing changes`, async () => {
      const id = await startWith(officers)
      const task = await openTask(id, 'prepare')
      const before = await ctx.db.processInstance.findUniqueOrThrow({ where: { id } })
      const audits = await ctx.db.auditEntry.count()
      const error = await fresh().complete(task.id, { payload: {}, outcome: 'approve' }, deputyHead).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EngineError)
      expect((error as EngineError).code).toBe('CARDINALITY_INVALID')
      expect((error as EngineError).message).toContain(`步骤 opinions 的多实例数量`)
      expect((error as EngineError).message).toContain(`须为 1 到 ${DEFINITION_LIMITS.maxCardinality} 之间的整数`)
      expect(await open(id)).toEqual(['prepare'])
      const after = await ctx.db.processInstance.findUniqueOrThrow({ where: { id } })
      expect([after.revision, after.state, after.variables]).toEqual([before.revision, before.state, before.variables])
      expect(await ctx.db.auditEntry.count()).toBe(audits)
    })
  }
})
