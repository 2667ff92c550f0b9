import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { simulateDefinition } from './simulate.ts'
import { buildCalendar } from './calendar/working-calendar.ts'
import { SEED_YEARS, statutoryCalendarDays } from './calendar/statutory-holidays.ts'

const root = path.resolve(import.meta.dirname, '..')
const general = fs.readFileSync(path.join(root, 'definitions', 'penalty-case-general', 'process.bpmn'), 'utf8')
const calendar = buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))

describe('simulating a definition without a database', () => {
  it('walks a general penalty case from 30 September 2025: the legal review is due on Saturday 11 October, a make-up working day after National Day', async () => {
    const result = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done' }, variables: { partyPeriods: { statementDays: 3 } } })
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.ended).toBe(true)
    const legal = result.steps.find((s) => s.elementId === 'legalReview')!
    expect(legal).toMatchObject({ role: 'legal-reviewer', opened: '2025-09-30', dueDate: '2025-10-11', outcome: 'approve' })
    // The next step opens when the legal review is due (the longest path), and the case review gate is on the path.
    const next = result.steps[result.steps.indexOf(legal) + 1]!
    expect(next).toMatchObject({ opened: '2025-10-11', gate: 'case-review' })
    expect(result.steps.at(-1)).toMatchObject({ name: '结案审批', outcome: 'approve' })
  })

  it('takes the outcome given for a step, and leaves a loop on its own when none is given', async () => {
    const returned = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done', legalReview: 'return' }, maxSteps: 40 })
    if (!returned.ok) throw new Error(JSON.stringify(returned.problems))
    expect(returned.ended).toBe(false)
    expect(returned.steps.filter((s) => s.elementId === 'legalReview').length).toBeGreaterThan(1)
    const unguided = await simulateDefinition(general, { start: '2025-09-30', calendar })
    if (!unguided.ok) throw new Error(JSON.stringify(unguided.problems))
    expect(unguided.ended).toBe(true)
    expect(unguided.steps.filter((s) => s.elementId === 'inquiryRecord').map((s) => s.outcome).at(-1)).toBe('done')
  })

  it('says which documents a step issues and which gate it passes, and takes outcomes given per visit', async () => {
    const result = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done', approveFiling: ['return'] } })
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const filing = result.steps.filter((s) => s.elementId === 'approveFiling')
    // Returned once (no filing form issued), approved the second time: the draft step's form is issued then.
    expect(filing.map((s) => [s.outcome, s.documents])).toEqual([['return', []], ['approve', ['case-filing-approval']]])
    expect(result.steps.find((s) => s.elementId === 'draftFiling')).toMatchObject({ form: 'case-filing-approval', documents: [] })
    expect(result.steps.find((s) => s.elementId === 'inquiryRecord')).toMatchObject({ documents: ['inquiry-record'], offered: ['inquiry', 'site-examination', 'sampling', 'done'] })
    expect(result.steps.find((s) => s.elementId === 'deputyDecision')).toMatchObject({ gate: 'case-review', gatePassed: 'case-review' })
    const returned = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done', deputyDecision: ['return'] } })
    if (!returned.ok) throw new Error(JSON.stringify(returned.problems))
    // Returned: no gate passed; the legal review again (its next outcome, to the committee), whose decision passes it.
    expect(returned.steps.filter((s) => s.gate).map((s) => [s.elementId, s.gatePassed])).toEqual([['deputyDecision', null], ['committeeDecision', 'case-review']])
    const onlyNumbered = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done' }, issuesDocument: (form) => form === 'case-filing-approval' })
    expect(onlyNumbered.ok && onlyNumbered.steps.flatMap((s) => s.documents)).toEqual(['case-filing-approval'])
  })

  it('says a deadline set by the case’s data depends on it, and refuses a definition that would not deploy', async () => {
    const result = await simulateDefinition(general, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done' } })
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.steps.find((s) => s.name === '陈述申辩登记')).toMatchObject({ dueDate: null, dueNote: '期限取决于案件数据「partyPeriods.statementDays」' })
    const scripted = general.replace('<userTask id="legalReview"', '<scriptTask id="steal" scriptFormat="javascript"><script>process.exit(1)</script></scriptTask><userTask id="legalReview"')
    const refused = await simulateDefinition(scripted, { start: '2025-09-30', calendar })
    expect(refused.ok ? [] : refused.problems.map((p) => p.code)).toContain('SCRIPT_TASK_FORBIDDEN')
  })

  it('walks every shipped definition to its end, unguided', async () => {
    const definitions = fs.readdirSync(path.join(root, 'definitions')).filter((key) => fs.existsSync(path.join(root, 'definitions', key, 'process.bpmn')))
    expect(definitions.length).toBeGreaterThan(10)
    for (const key of definitions) {
      const result = await simulateDefinition(fs.readFileSync(path.join(root, 'definitions', key, 'process.bpmn'), 'utf8'), { start: '2025-09-30', calendar })
      expect(result.ok && result.ended, key).toBe(true)
    }
  })

  it('takes a step for several people once per person the case names, and stops with the reason when the case gives none', async () => {
    const dataSign = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'data-sign.bpmn'), 'utf8')
    const named = await simulateDefinition(dataSign, { start: '2025-09-30', calendar, variables: { case: { officers: ['a', 'b', 'c'] } } })
    expect(named.ok ? named.steps.map((s) => s.elementId) : named.problems).toEqual(['prepare', 'opinions', 'opinions', 'opinions', 'close'])
    const unnamed = await simulateDefinition(dataSign, { start: '2025-09-30', calendar })
    expect(unnamed.ok ? unnamed.steps : unnamed.problems.map((p) => [p.elementId, p.code])).toEqual([['prepare', 'CARDINALITY_INVALID']])
  })

  it('walks with the engine’s own transition: a 或签 step of three ends with the first signature, as a completion in the engine ends it', async () => {
    const orSign = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'or-sign.bpmn'), 'utf8')
    const result = await simulateDefinition(orSign, { start: '2025-09-30', calendar })
    expect(result.ok ? result.steps.map((s) => s.elementId) : result.problems).toEqual(['opinions', 'close'])
  })
})
