import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import type { GateRule } from '../definition/gate-check.ts'
import { MoveRefused } from '../errors.ts'
import type { MovePlan } from '../store/move-instances.ts'
import { deputyHead, fixturesDir, makeEngine, officer, prepare, supervisor } from './harness.ts'

// As in gates.test.ts: the gated decision is the test catalog's legal-review-opinion, the gate is `review`.
const gateRules: GateRule[] = [{ gate: 'review', documents: ['legal-review-opinion'], notPassingOutcomes: ['return', 'reject'] }]
const version = (name: string) => fs.readFileSync(path.join(fixturesDir, 'move', `${name}.bpmn`), 'utf8')
const reasonsOf = (plan: MovePlan, instanceId: string) => plan.candidates.find((c) => c.instanceId === instanceId)?.reasons.map((r) => [r.code, r.message])

describeEachDatabase('running cases move to a new version of their procedure only when nothing they wait at is lost and no statutory gate is skipped', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = () => makeEngine(ctx.db, clock, { gateRules })
  /** Waits at 起草 (draft), review not passed. */
  let atDraft = ''
  /** Reviewed and approved, waits at 制作决定 (decision). */
  let atDecision = ''

  const openTask = async (instanceId: string) => (await engine().instance(instanceId)).tasks.find((t) => t.status === 'open')!

  it('given two cases on version 1, one at the draft and one past the review, then both are listed as running on an older version once version 2 exists', async () => {
    await prepare(ctx.db, clock, { gateRules }, 'move/v1.bpmn')
    atDraft = await engine().start('move-case', { departmentId: 'county-a', businessKey: 'matter-a' }, officer)
    atDecision = await engine().start('move-case', { departmentId: 'county-a', businessKey: 'matter-b' }, officer)
    await engine().complete((await openTask(atDecision)).id, { payload: { target: '某化工有限公司' } }, officer)
    await engine().complete((await openTask(atDecision)).id, { outcome: 'approve' }, deputyHead)
    expect((await openTask(atDecision)).elementId).toBe('decision')
    await engine().deploy(version('step-removed'), null)
    const plan = await engine().planMoves('move-case', 2)
    expect(plan.candidates.map((c) => [c.businessKey, c.fromVersion, c.waiting.map((w) => w.name)])).toEqual([['matter-a', 1, ['起草']], ['matter-b', 1, ['制作决定']]])
  })

  it('when the waiting step was removed in the new version, then that case cannot move, says why, and moving it changes nothing', async () => {
    const plan = await engine().planMoves('move-case', 2)
    expect(reasonsOf(plan, atDraft)).toEqual([['STEP_MISSING', '正在等待的办理环节「起草」在新版本中不存在']])
    expect(plan.candidates.find((c) => c.instanceId === atDecision)).toMatchObject({ movable: true, reasons: [] })
    const error = await engine().moveInstances('move-case', 2, [atDecision, atDraft], officer).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MoveRefused)
    expect((error as MoveRefused).refused.map((r) => r.businessKey)).toEqual(['matter-a'])
    // One transaction: the movable case did not move either.
    expect((await engine().instance(atDecision)).definitionVersion).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.move' } })).toBe(0)
  })

  it('when the waiting step keeps its id but takes another form, then the case cannot move', async () => {
    await engine().deploy(version('form-changed'), null)
    const plan = await engine().planMoves('move-case', 3)
    expect(reasonsOf(plan, atDraft)).toEqual([['FORM_CHANGED', '待办「起草」的表单在新版本中由「onsite-inspection-plan」改为「approval」，已填写的内容不能沿用']])
  })

  it('when the matter can no longer read its pinned version of the step\'s form, then the case cannot move', async () => {
    const plan = await engine().planMoves('move-case', 2, { formReadable: async (form, businessKey) => !(form === 'legal-review-opinion' && businessKey === 'matter-b') })
    expect(reasonsOf(plan, atDecision)).toEqual([['FORM_UNREADABLE', '待办「制作决定」的表单「legal-review-opinion」在本事项开启时的版本已无法读取']])
  })

  it('when the new version puts the review before the draft, then a case at the draft that was not reviewed is refused (its decision would skip the review), while a reviewed case may move', async () => {
    await engine().deploy(version('review-first'), null)
    const plan = await engine().planMoves('move-case', 4)
    const reasons = reasonsOf(plan, atDraft)!
    expect(reasons.map(([code]) => code)).toEqual(['GATE_BYPASSED'])
    expect(reasons[0]![1]).toContain('迁移后将跳过尚未经过的法定环节：「制作决定」(decision) 制作《legal-review-opinion》须先经过法定环节「review」')
    expect(reasons[0]![1]).toContain('「起草」(draft) → 「制作决定」(decision)')
    expect(plan.candidates.find((c) => c.instanceId === atDecision)).toMatchObject({ movable: true })
    await expect(engine().moveInstances('move-case', 4, [atDraft], officer)).rejects.toBeInstanceOf(MoveRefused)
    expect((await engine().instance(atDraft)).definitionVersion).toBe(1)
  })

  it('when the new version only adds a step after the draft, then the case moves, keeps its history, and resumes on the new version: the draft completes into the added step and the case runs to its end', async () => {
    await engine().deploy(version('extra-step'), null)
    const before = await engine().instance(atDraft)
    const moved = await engine().moveInstances('move-case', 5, [atDraft], supervisor, { note: '增加复核环节' })
    expect(moved).toEqual([{ instanceId: atDraft, businessKey: 'matter-a', fromVersion: 1, toVersion: 5 }])
    const after = await engine().instance(atDraft)
    expect(after).toMatchObject({ definitionVersion: 5, revision: before.revision + 1, status: 'running' })
    expect(after.tasks).toEqual(before.tasks)
    const audit = await ctx.db.auditEntry.findFirst({ where: { action: 'process.move', targetId: atDraft } })
    expect(JSON.parse(String(audit!.detail))).toMatchObject({ definitionKey: 'move-case', fromVersion: 1, toVersion: 5, note: '增加复核环节', waiting: ['draft'] })
    // The next operation recovers the stored state on version 5 (a fresh engine: nothing warm).
    await engine().complete((await openTask(atDraft)).id, { payload: { target: '某化工有限公司' } }, officer)
    expect((await openTask(atDraft)).elementId).toBe('check')
    await engine().complete((await openTask(atDraft)).id, {}, supervisor)
    await engine().complete((await openTask(atDraft)).id, { outcome: 'approve' }, deputyHead)
    await engine().complete((await openTask(atDraft)).id, { payload: { opinion: '予以处罚' } }, officer)
    expect((await engine().instance(atDraft)).status).toBe('completed')
    // The case left on version 1 still runs there.
    expect((await engine().planMoves('move-case', 5)).candidates.map((c) => c.instanceId)).toEqual([atDecision])
  })
})
