import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { DefinitionInvalid } from '../errors.ts'
import type { GateRule } from '../definition/gate-check.ts'
import { fixturesDir, makeEngine } from './harness.ts'

// In these fixtures the gated "decision" is the test catalog's legal-review-opinion form; the gate is called `review`.
const rules: GateRule[] = [{ gate: 'review', documents: ['legal-review-opinion'], notPassingOutcomes: ['return', 'reject'] }]
const gates = (name: string) => fs.readFileSync(path.join(fixturesDir, 'gates', `${name}.bpmn`), 'utf8')

describeEachDatabase('a definition that lets a decision be made without its statutory gate is refused at deploy', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = (gateRules: GateRule[] = rules) => makeEngine(ctx.db, clock, { gateRules })
  const bypassed = async (name: string) => {
    const result = await engine().validate(gates(name))
    return result.problems.filter((p) => p.code === 'GATE_BYPASSED').map((p) => p.elementId)
  }

  it('given review → decision with a return loop to the draft, when validated, then it is accepted', async () => {
    expect(await engine().validate(gates('review-then-decision'))).toMatchObject({ ok: true, problems: [], warnings: [] })
  })

  it('given a branch that goes round the review, when deployed, then the decision step is named with the path that skips the review, and nothing is stored', async () => {
    const error = await engine().deploy(gates('branch-skips-review'), null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DefinitionInvalid)
    const problems = (error as DefinitionInvalid).problems
    expect(problems.map((p) => [p.elementId, p.code])).toEqual([['decision', 'GATE_BYPASSED']])
    expect(problems[0]!.message).toContain('「制作决定」(decision) 制作《legal-review-opinion》须先经过法定环节「review」')
    expect(problems[0]!.message).toContain('「开始」(start) → 「起草」(draft) → 「是否审核」(split) → 「合并」(join) → 「制作决定」(decision)')
    expect(problems[0]!.messageEn).toContain('start → draft → split → join → decision')
    expect(await ctx.db.processDefinition.count()).toBe(0)
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.deploy' } })).toBe(0)
  })

  it('given the flow taken when the review returns leads to the decision, then the decision is refused: a returned review does not pass', async () => {
    expect(await bypassed('return-reaches-decision')).toEqual(['decision'])
  })

  it('given the decision on a parallel branch beside the review, then it is refused: it can be made before the review', async () => {
    expect(await bypassed('parallel-bypass')).toEqual(['decision'])
  })

  it('given the decision after a parallel join that waits for a review offering only approve, then it is accepted', async () => {
    expect(await engine().validate(gates('parallel-join'))).toMatchObject({ ok: true })
  })

  it('given the same join after a review that may return, then it is refused: a returned review would reach the join and the decision', async () => {
    expect(await bypassed('parallel-join-return')).toEqual(['decision'])
  })

  it('given a timer on the review step that leads to the decision, then it is refused: the timer fires before the review is done', async () => {
    expect(await bypassed('boundary-skips-review')).toEqual(['decision'])
  })

  it('given the review inside a called definition, then the decision after the call is refused: a call activity is opaque', async () => {
    expect(await bypassed('call-is-opaque')).toEqual(['decision'])
  })

  it('given a decision drafted before the review and issued by the review step itself, then both are refused: a step cannot pass its own gate', async () => {
    expect(await bypassed('issue-before-review')).toEqual(['draftDecision', 'review'])
  })

  it('given the review inside a sub-process, then the decision after it is accepted and the one after the sub-process timer is refused', async () => {
    const result = await engine().validate(gates('sub-process'))
    expect(result.problems.map((p) => [p.elementId, p.code])).toEqual([['decisionLate', 'GATE_BYPASSED']])
  })

  it('given a zf:gate no rule knows, then it is refused as unknown, so a misspelt gate cannot silently record nothing', async () => {
    const result = await engine([{ gate: 'case-review', documents: ['penalty-decision'] }]).validate(gates('review-then-decision'))
    expect(result.problems.map((p) => [p.elementId, p.code])).toEqual([['review', 'GATE_UNKNOWN']])
  })

  it('given no gate rules, then the engine checks no gates (it knows none of its own)', async () => {
    expect(await makeEngine(ctx.db, clock).validate(gates('branch-skips-review'))).toMatchObject({ ok: true })
  })
})

describeEachDatabase('the gate check follows call activities into the definitions they call', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = () => makeEngine(ctx.db, clock, { gateRules: rules })

  it('given a call whose target is not deployed (the first test: nothing is deployed yet), then it stays refused (CALL_TARGET_UNKNOWN) and never passes the gate', async () => {
    const result = await engine().validate(gates('call-with-review'))
    expect(result.problems.map((p) => [p.elementId, p.code])).toEqual([['call', 'CALL_TARGET_UNKNOWN'], ['decision', 'GATE_BYPASSED']])
  })

  it('given the review inside a called process whose every end follows an approved review, when the caller is deployed, then its decision after the call is accepted', async () => {
    const e = engine()
    await e.deploy(gates('called-review'), null)
    expect(await e.validate(gates('call-with-review'))).toMatchObject({ ok: true, problems: [] })
    await expect(e.deploy(gates('call-with-review'), null)).resolves.toMatchObject({ key: 'call-with-review', created: true })
  })

  it('given a called process with a path around its review, when the caller is deployed, then the decision is refused with GATE_BYPASSED and the path through the called process', async () => {
    const e = engine()
    await e.deploy(gates('called-review-skippable'), null)
    const error = await e.deploy(gates('call-around-review'), null).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(DefinitionInvalid)
    const problems = (error as DefinitionInvalid).problems
    expect(problems.map((p) => [p.elementId, p.code])).toEqual([['decision', 'GATE_BYPASSED']])
    expect(problems[0]!.message).toContain('「开始」(start) → 「调用审核流程」(call)［被调用流程「called-review-skippable」：「开始」(start) → 「起草」(draft) → 「是否审核」(split) → 「结束（免审）」(endSkip)］ → 「制作决定」(decision)')
    expect(await ctx.db.processDefinition.count({ where: { key: 'call-around-review' } })).toBe(0)
  })

  it('given a called process that calls back into its caller, when the caller is validated, then the call is refused as recursive', async () => {
    const e = engine()
    await e.deploy(gates('called-review'), null)
    await e.deploy(gates('call-with-review'), null)
    // A new version of called-review that calls call-with-review, which calls called-review.
    const back = gates('call-with-review').replaceAll('call-with-review', 'called-review').replace('calledElement="called-review"', 'calledElement="call-with-review"')
    const result = await e.validate(back)
    expect(result.problems.map((p) => [p.elementId, p.code])).toContainEqual(['call', 'CALL_RECURSIVE'])
  })

  it('given a chain of calls deeper than the limit, then the deepest caller is refused with LIMIT_CALL_DEPTH, without recursing on the chain', async () => {
    const e = engine()
    await e.deploy(gates('called-review'), null)
    const link = (n: number) => gates('call-with-review').replaceAll('call-with-review', `link-${n}`).replace('calledElement="called-review"', `calledElement="${n === 1 ? 'called-review' : `link-${n - 1}`}"`)
    for (let n = 1; n <= 4; n += 1) await e.deploy(link(n), null)
    const result = await e.validate(link(5))
    expect(result.problems.map((p) => p.code)).toContain('LIMIT_CALL_DEPTH')
  })
})
