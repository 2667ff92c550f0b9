import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { ManualClock } from '../../clock.ts'
import { Forbidden } from '../../errors.ts'
import type { Actor, WorkflowEngine } from '../../index.ts'
import { actor, county, deputyHead, legalReviewer, makeEngine, officer, officer2, prepare } from '../harness.ts'

const officer3 = actor('officer-3', 'officer', county)
const legalReviewer2 = actor('legal-2', 'legal-reviewer', `${county}.legal-office`)

// The completion rules the review-step configurator generates (engine/review-steps):
// 或签 any, 会签 all (fixtures/or-sign, countersign: multi-instance.test.ts), and a share "more than half" (>1/2),
// on a review step whose outcome decides where the case goes.
describeEachDatabase('the review-step configurator\'s multi-instance steps run in bpmn-engine', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const fresh = () => makeEngine(ctx.db, clock)
  let engine: WorkflowEngine

  const open = async (id: string, elementId?: string) => (await fresh().instance(id)).tasks.filter((t) => t.status === 'open' && (!elementId || t.elementId === elementId))
  const sign = async (id: string, elementId: string, who: Actor, outcome?: string) => {
    const task = (await open(id, elementId))[0]!
    return fresh().complete(task.id, { payload: { opinion: `${who.id} 的意见` }, ...(outcome ? { outcome } : {}) }, who)
  }

  it('more than half (>1/2) of four: the step ends with the third opinion, the fourth task is cancelled', async () => {
    engine = await prepare(ctx.db, clock, 'more-than-half.bpmn', 'countersign-review.bpmn')
    const id = await engine.start('more-than-half', { departmentId: county }, officer)
    expect((await open(id)).length).toBe(4)
    await sign(id, 'opinions', officer)
    await sign(id, 'opinions', officer2)
    expect((await open(id, 'opinions')).length).toBe(2)
    await sign(id, 'opinions', officer3)
    expect((await open(id)).map((t) => t.elementId)).toEqual(['close'])
    const statuses = (await fresh().instance(id)).tasks.filter((t) => t.elementId === 'opinions').map((t) => t.status).sort()
    expect(statuses).toEqual(['cancelled', 'completed', 'completed', 'completed'])
  })

  it('a two-person 会签 review returns the case when one reviewer returns it, even if the other approves after', async () => {
    const id = await fresh().start('countersign-review', { departmentId: county }, officer)
    const draft = (await open(id, 'draft'))[0]!
    await fresh().complete(draft.id, { payload: { target: '某公司' } }, officer)
    expect((await open(id, 'review')).length).toBe(2)
    await sign(id, 'review', legalReviewer, 'return')
    await sign(id, 'review', legalReviewer2, 'approve')
    expect((await open(id)).map((t) => t.elementId)).toEqual(['draft'])
    expect((await fresh().instance(id)).variables.reviewOutcome).toBe('return')
  })

  it('after a return the next round starts afresh: both approve and the case goes on', async () => {
    const id = (await ctx.db.processInstance.findFirst({ where: { definitionKey: 'countersign-review' }, select: { id: true } }))!.id
    const draft = (await open(id, 'draft'))[0]!
    await fresh().complete(draft.id, { payload: { target: '某公司（补正）' } }, officer)
    await sign(id, 'review', legalReviewer2, 'approve')
    await sign(id, 'review', legalReviewer, 'approve')
    expect((await open(id)).map((t) => t.elementId)).toEqual(['close'])
    const close = (await open(id, 'close'))[0]!
    await fresh().complete(close.id, { payload: {}, outcome: 'approve' }, deputyHead)
    expect((await fresh().instance(id)).status).toBe('completed')
  })

  it('one person cannot sign twice in a 会签: the second signature is refused and the step waits for another reviewer', async () => {
    const id = await fresh().start('countersign-review', { departmentId: county }, officer)
    const draft = (await open(id, 'draft'))[0]!
    await fresh().complete(draft.id, { payload: { target: '某公司' } }, officer)
    await sign(id, 'review', legalReviewer, 'approve')
    await expect(sign(id, 'review', legalReviewer, 'approve')).rejects.toBeInstanceOf(Forbidden)
    expect((await open(id, 'review')).length).toBe(1)
  })
})
