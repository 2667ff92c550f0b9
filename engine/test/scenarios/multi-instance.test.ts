import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import type { WorkflowEngine } from '../../index.ts'
import { actor, deputyHead, makeEngine, officer, officer2, prepare } from '../harness.ts'

const officer3 = actor('officer-3', 'officer', 'county-a')

// fixtures/{countersign,or-sign,share-sign,sequential-sign}.bpmn: start → 征求意见 (multi-instance, zf:completion) → 结案 → end.
describeEachDatabase('multi-instance user tasks open one task per instance and finish by zf:completion (会签/或签)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  let engine: WorkflowEngine

  const open = async (id: string) => (await fresh().instance(id)).tasks.filter((t) => t.status === 'open').map((t) => t.elementId)
  const opinion = async (id: string, who = officer) => {
    const task = (await fresh().instance(id)).tasks.find((t) => t.status === 'open' && t.elementId === 'opinions')!
    await fresh().complete(task.id, { payload: { opinion: `${who.id} 同意` } }, who)
  }
  const close = async (id: string) => {
    const task = (await fresh().instance(id)).tasks.find((t) => t.status === 'open' && t.elementId === 'close')!
    await fresh().complete(task.id, { payload: {}, outcome: 'approve' }, deputyHead)
    expect((await fresh().instance(id)).status).toBe('completed')
  }

  it('会签 (all): three tasks open at once; the step ends only when all three are done, with every opinion kept', async () => {
    engine = await prepare(ctx.db, clock, 'countersign.bpmn', 'or-sign.bpmn', 'share-sign.bpmn', 'sequential-sign.bpmn')
    const id = await engine.start('countersign', { departmentId: 'county-a' }, officer)
    expect(await open(id)).toEqual(['opinions', 'opinions', 'opinions'])
    await opinion(id, officer)
    await opinion(id, officer2)
    expect(await open(id)).toEqual(['opinions'])
    await opinion(id, officer3)
    expect(await open(id)).toEqual(['close'])
    const opinions = (await fresh().instance(id)).variables.opinions as Record<string, { opinion: string }>
    expect(Object.values(opinions).map((o) => o.opinion).sort()).toEqual(['officer-1 同意', 'officer-2 同意', 'officer-3 同意'])
    await close(id)
  })

  it('或签 (any): the first opinion ends the step and the other two tasks are cancelled', async () => {
    const id = await fresh().start('or-sign', { departmentId: 'county-a' }, officer)
    expect(await open(id)).toEqual(['opinions', 'opinions', 'opinions'])
    await opinion(id, officer2)
    const view = await fresh().instance(id)
    expect(view.tasks.filter((t) => t.elementId === 'opinions').map((t) => t.status).sort()).toEqual(['cancelled', 'cancelled', 'completed'])
    expect(await open(id)).toEqual(['close'])
    await close(id)
  })

  it('a share (2/3 of three): the second opinion ends the step, the third task is cancelled', async () => {
    const id = await fresh().start('share-sign', { departmentId: 'county-a' }, officer)
    await opinion(id, officer)
    expect(await open(id)).toEqual(['opinions', 'opinions'])
    await opinion(id, officer2)
    expect(await open(id)).toEqual(['close'])
    await close(id)
  })

  it('in sequence: one task at a time, the next opens when the previous is done', async () => {
    const id = await fresh().start('sequential-sign', { departmentId: 'county-a' }, officer)
    expect(await open(id)).toEqual(['opinions'])
    await opinion(id, officer)
    expect(await open(id)).toEqual(['opinions'])
    await opinion(id, officer2)
    expect(await open(id)).toEqual(['close'])
    await close(id)
  })
})
