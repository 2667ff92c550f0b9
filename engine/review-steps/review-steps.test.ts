import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCalendar } from '../calendar/working-calendar.ts'
import { SEED_YEARS, statutoryCalendarDays } from '../calendar/statutory-holidays.ts'
import { simulateDefinition } from '../simulate.ts'
import { validateDefinition } from '../definition/validate-definition.ts'
import { buildReviewSteps, compileWhen, parseReviewSteps, reviewStepsOf, type ReviewSteps } from './index.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const shipped = (key: string) => fs.readFileSync(path.join(root, 'definitions', key, 'process.bpmn'), 'utf8')
const calendar = buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))
const gates = JSON.parse(fs.readFileSync(path.join(root, 'definitions', 'gates.json'), 'utf8')) as { gates: Record<string, { documents: string[] }> }
const catalogs = {
  formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval',
  gateRules: Object.entries(gates.gates).map(([gate, g]) => ({ gate, documents: g.documents })),
  definitionExists: () => true, definitionXml: (key: string) => shipped(key),
}

/** Every procedure the configurator serves: case filing approval, legal review, case disposition approval, coercion approval, plan approval, record requests. */
const PROCEDURES = ['penalty-case-general', 'penalty-case-summary', 'coercion-general', 'coercion-immediate', 'onsite-inspection', 'inspection-scheme', 'annual-plan', 'temporary-plan', 'change-request', 'deletion-request', 'access-request', 'case-extension']

/** The walk of a definition, as lines to compare: each step with its role, department, deadline, gate and outcome. */
async function walk(xml: string, outcomes: Record<string, string>, variables: Record<string, unknown> = {}) {
  // Let the test runner talk to its worker between long simulations.
  await new Promise((resolve) => setTimeout(resolve, 0))
  const result = await simulateDefinition(xml, { start: '2025-09-30', calendar, outcomes: { inquiryRecord: 'done', ...outcomes }, variables: { partyPeriods: { statementDays: 3 }, ...variables }, maxSteps: 60 })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return { ended: result.ended, steps: result.steps.map((s) => `${s.elementId} ${s.role} ${s.scope} ${s.dueDate ?? s.dueNote ?? '-'} ${s.gate ?? '-'} → ${s.outcome ?? '-'}`) }
}

describe('every shipped procedure with review steps round-trips: derive → build → the same behaviour', () => {
  for (const key of PROCEDURES) {
    it(`${key}: the derived steps build a definition that deploys, reads back to the same steps and walks every outcome of every review step the same way`, async () => {
      const xml = shipped(key)
      const derived = await reviewStepsOf(xml)
      expect(derived.stored).toBe(false)
      expect(derived.config.sections.length).toBeGreaterThan(0)
      const built = await buildReviewSteps(xml, derived.config)
      if (!built.ok) throw new Error(built.problems.join('\n'))
      const validation = await validateDefinition(built.xml, catalogs)
      expect(validation.ok ? [] : validation.problems.map((p) => `${p.elementId} ${p.message}`)).toEqual([])
      const again = await reviewStepsOf(built.xml)
      expect(again.stored).toBe(true)
      expect(again.config).toEqual(derived.config)
      // Built twice from the same steps: the same definition.
      const twice = await buildReviewSteps(built.xml, again.config)
      expect(twice.ok && twice.xml).toBe(built.xml)
      // The walk where every step approves, and one walk for each other outcome of each review step.
      const outcomeWalks: Array<Record<string, string>> = [{}, ...derived.config.sections.flatMap((s) => s.steps).flatMap((step) => step.outcomes.slice(1).map((o) => ({ [step.id]: o })))]
      for (const chosen of outcomeWalks) {
        {
          // The on-the-spot branch of an immediate coercion is taken when the case says the measure was taken on the spot.
          const variables = key === 'coercion-immediate' ? { proposal: { implementedAt: '2025-09-30T10:00:00+08:00' } } : {}
          expect(await walk(built.xml, chosen, variables), JSON.stringify(chosen)).toEqual(await walk(xml, chosen, variables))
        }
      }
    }, 180_000)
  }

  it('the legal review of a general penalty case reads as: 法制审核, then the case committee when the legal office sends it there, otherwise the deputy head', async () => {
    const { config } = await reviewStepsOf(shipped('penalty-case-general'))
    const review = config.sections.find((s) => s.id === 'investigationDone')!
    expect(review.steps.map((s) => [s.id, s.when.kind, compileWhen(s.when)])).toEqual([
      ['legalReview', 'always', null],
      ['committeeDecision', 'if', '= legalOutcome = "committee"'],
      ['deputyDecision', 'otherwise', null],
    ])
    expect(review.steps[0]).toMatchObject({ role: 'legal-reviewer', scope: 'legal-office', deadline: { workingDays: 3, overdue: 'remind-then-report' }, count: { kind: 'one' }, returnTo: 'drafter' })
    expect(review).toMatchObject({ drafter: 'investigate', exit: 'penaltyNotice' })
  })

  it('a record request keeps 不予批准 leading to its refusal', async () => {
    const { config } = await reviewStepsOf(shipped('deletion-request'))
    expect(config.sections[0]!.steps.map((s) => s.routes)).toEqual([{ reject: 'refused' }, { reject: 'refused' }])
  })
})

async function generalWith(change: (config: ReviewSteps) => void): Promise<{ xml: string; config: ReviewSteps }> {
  const { config } = await reviewStepsOf(shipped('penalty-case-general'))
  change(config)
  const built = await buildReviewSteps(shipped('penalty-case-general'), config)
  if (!built.ok) throw new Error(built.problems.join('\n'))
  return { xml: built.xml, config }
}

describe('generating the review part from a changed step list', () => {
  it('fines of at least 50,000 yuan also go to the case committee, and the legal review is a two-person 会签 within 3 working days', async () => {
    const { xml } = await generalWith((config) => {
      const steps = config.sections.find((s) => s.id === 'investigationDone')!.steps
      steps[0] = { ...steps[0]!, count: { kind: 'all', people: 2 }, deadline: { workingDays: 3, overdue: 'report' } }
      steps[1] = { ...steps[1]!, when: { kind: 'if', match: 'any', clauses: [{ field: 'legalOutcome', operator: '=', value: 'committee' }, { field: 'legalReview.proposedFine', operator: '>=', value: 50000 }] } }
    })
    expect(xml).toContain('= (legalOutcome = "committee") or (max(get entries(legalReview).value.proposedFine) &gt;= 50000)')
    expect(xml).toMatch(/<userTask id="legalReview"[^>]*zf:completion="all"[^>]*zf:overdue="report"|<userTask id="legalReview"[^>]*zf:overdue="report"[^>]*zf:completion="all"/)
    expect((await validateDefinition(xml, catalogs)).ok).toBe(true)
  })

  it('a legal review by the level above (上级部门) is generated as zf:scope="level-above" and read back the same, stored or derived from the process', async () => {
    const { xml, config } = await generalWith((c) => {
      const steps = c.sections.find((s) => s.id === 'investigationDone')!.steps
      steps[0] = { ...steps[0]!, scope: 'level-above' }
    })
    expect(xml).toMatch(/<userTask id="legalReview"[^>]*zf:scope="level-above"/)
    expect((await reviewStepsOf(xml)).config).toEqual(config)
    const withoutStored = xml.replace(/<zf:reviewSteps[\s\S]*?<\/zf:reviewSteps>/g, '')
    const derived = await reviewStepsOf(withoutStored)
    expect(derived.stored).toBe(false)
    expect(derived.config.sections.find((s) => s.id === 'investigationDone')!.steps[0]).toMatchObject({ id: 'legalReview', role: 'legal-reviewer', scope: 'level-above' })
    expect((await walk(xml, {})).steps.find((s) => s.startsWith('legalReview '))).toMatch(/^legalReview legal-reviewer level-above /)
  })

  it('a condition is compiled to FEEL: 当事人为个人 and 罚款金额 ≥ 50000 (the fine of a 会签 step: the largest of the signers\')', () => {
    const when = { kind: 'if' as const, match: 'all' as const, clauses: [{ field: 'filing.party.kind', operator: '=' as const, value: '个人' }, { field: 'legalReview.proposedFine', operator: '>=' as const, value: 50000 }] }
    expect(compileWhen(when)).toBe('= (filing.party.kind = "个人") and (legalReview.proposedFine >= 50000)')
    expect(compileWhen(when, new Set(['legalReview']))).toBe('= (filing.party.kind = "个人") and (max(get entries(legalReview).value.proposedFine) >= 50000)')
    expect(compileWhen({ kind: 'if', match: 'all', clauses: [{ field: 'decision.measures', operator: 'contains', value: '依法查封、扣押' }] })).toBe('= list contains(decision.measures, "依法查封、扣押")')
  })

  it('a configuration without the case review is refused by the gate check, naming the decision it would let through', async () => {
    const { xml } = await generalWith((config) => {
      const section = config.sections.find((s) => s.id === 'investigationDone')!
      section.steps = section.steps.filter((s) => !s.gate)
    })
    const result = await validateDefinition(xml, catalogs)
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toContain('GATE_BYPASSED')
  })

  it('a case review that applies only under a condition is refused too: the other cases would bypass it', async () => {
    const { xml } = await generalWith((config) => {
      const steps = config.sections.find((s) => s.id === 'investigationDone')!.steps
      steps.splice(1, 2, { ...steps[2]!, when: { kind: 'if', match: 'all', clauses: [{ field: 'legalReview.proposedFine', operator: '>=', value: 50000 }] } })
    })
    const result = await validateDefinition(xml, catalogs)
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toContain('GATE_BYPASSED')
  })

  it('退回 to an earlier step goes back to that step, not to the drafter', async () => {
    const { xml } = await generalWith((config) => {
      const steps = config.sections.find((s) => s.id === 'f3')!.steps
      steps[1] = { ...steps[1]!, returnTo: 'reviewFiling' }
    })
    expect(xml).toContain('<exclusiveGateway id="reviewFiling_again"')
    const result = await walk(xml, { approveFiling: 'return' })
    expect(result.steps.slice(0, 4).map((s) => s.split(' ')[0])).toEqual(['draftFiling', 'reviewFiling', 'approveFiling', 'reviewFiling'])
  })

  it('bad configurations are refused in Chinese, naming the step', async () => {
    const xml = shipped('penalty-case-general')
    const { config } = await reviewStepsOf(xml)
    const broken = structuredClone(config)
    broken.sections[0]!.steps[0]!.when = { kind: 'otherwise' }
    broken.sections[0]!.steps[1]!.returnTo = 'nowhere'
    const result = await buildReviewSteps(xml, broken)
    expect(result.ok ? [] : result.problems).toEqual([
      '审核环节「立案审核、立案审批」第1步「立案审核」：「否则」须紧跟在一个有适用条件的步骤之后',
      '审核环节「立案审核、立案审批」第2步「立案审批」：退回只能回到起草人或本环节中排在前面的步骤（nowhere 不是）',
    ])
    const invalid = parseReviewSteps({ procedure: 'penalty-case-general', sections: [{ ...config.sections[0], steps: [{ ...config.sections[0]!.steps[0], name: '审', count: { kind: 'all', people: 1 } }] }] })
    expect(invalid.ok ? [] : invalid.problems).toEqual([
      '第1个审核环节「立案审核、立案审批」第1步「审」的 name：步骤名称至少 2 个字',
      '第1个审核环节「立案审核、立案审批」第1步「审」的 count.people：多人办理至少 2 人',
    ])
  })
})

describe('what happens when a review step\'s deadline passes', () => {
  const legalReviewTask = (xml: string) => /<userTask id="legalReview"[^>]*>/.exec(xml)![0]

  it('only reminding is written as zf:overdue="remind", reporting at once as "report", and the shipped rule as no attribute; each reads back the same', async () => {
    for (const [choice, attribute] of [['remind', 'zf:overdue="remind"'], ['report', 'zf:overdue="report"'], ['remind-then-report', null]] as const) {
      const { xml } = await generalWith((config) => {
        const steps = config.sections.find((s) => s.id === 'investigationDone')!.steps
        steps[0] = { ...steps[0]!, deadline: { workingDays: 3, overdue: choice } }
      })
      if (attribute) expect(legalReviewTask(xml), choice).toContain(attribute)
      else expect(legalReviewTask(xml), choice).not.toContain('zf:overdue')
      const { config } = await reviewStepsOf(xml)
      expect(config.sections.find((s) => s.id === 'investigationDone')!.steps[0]!.deadline, choice).toEqual({ workingDays: 3, overdue: choice })
    }
  })

  it('a list stored before the three choices (remind, for a task without the attribute) reads as the shipped rule its task follows', async () => {
    const { xml } = await generalWith(() => undefined)
    expect(legalReviewTask(xml)).not.toContain('zf:overdue')
    const older = xml.replace(/"overdue":"remind-then-report"/g, '"overdue":"remind"')
    expect(older).not.toBe(xml)
    const { config } = await reviewStepsOf(older)
    expect(config.sections.find((s) => s.id === 'investigationDone')!.steps[0]!.deadline).toEqual({ workingDays: 3, overdue: 'remind-then-report' })
  })
})
