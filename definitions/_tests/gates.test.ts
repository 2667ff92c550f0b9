import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { definitionsDir, prepareProcedures } from '../../tests/support/workflow.ts'
import { DefinitionInvalid, ManualClock } from '../../engine/index.ts'
import { withShortcut, withoutSteps } from './surgery.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')
const shipped = (key: string) => fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8')
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-gates-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

async function validateCli(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'zhifa.ts'), 'definitions', 'validate', file], { cwd: root })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const bypassedSteps = (output: string) => [...output.matchAll(/\[GATE_BYPASSED\] (?:「[^」]*」\()?(\w+)\)?：/g)].map((m) => m[1]).sort()

/** Writes the definition to a file, runs `definitions validate` on it, expects exit code 1 and returns what it printed on stderr. */
async function refusedByCli(name: string, xml: Promise<string>): Promise<string> {
  const file = path.join(scratch, `${name}.bpmn`)
  fs.writeFileSync(file, await xml)
  const { code, stderr } = await validateCli(file)
  expect(code, name).toBe(1)
  return stderr
}

// The case-review decision of penalty-case-general is taken by the deputy head or by the case committee.
const PENALTY_REVIEW = ['deputyDecision', 'committeeDecision']
const PENALTY_DECISIONS = ['approveDisposition', 'draftDisposition', 'penaltyDecision']

describe('npm run zhifa -- definitions validate', () => {
  it('accepts the shipped penalty definition with exit code 0', async () => {
    const { code, stdout } = await validateCli(path.join(definitionsDir, 'penalty-case-general', 'process.bpmn'))
    expect(code).toBe(0)
    expect(stdout).toContain('流程「penalty-case-general」可以部署')
  })

  it('refuses the shipped penalty definition with its case-review steps removed (flows reconnected), exit code 1, naming every step that would make a decision document', async () => {
    const stderr = await refusedByCli('penalty-without-review', withoutSteps(shipped('penalty-case-general'), PENALTY_REVIEW))
    expect(bypassedSteps(stderr)).toEqual(PENALTY_DECISIONS)
    expect(stderr).toContain('「制作行政处罚决定书」(penaltyDecision) 制作《行政处罚决定书》须先经过法定环节「案件审理审查决定」（case-review）')
    expect(stderr).toContain('penaltyDecision makes penalty-decision, which requires the gate "case-review"')
  })

  it('refuses the penalty definition with only the deputy head\'s review removed: the path through the legal office\'s default still skips the review', async () => {
    const stderr = await refusedByCli('penalty-without-deputy', withoutSteps(shipped('penalty-case-general'), ['deputyDecision']))
    expect(bypassedSteps(stderr)).toEqual(PENALTY_DECISIONS)
    expect(stderr).toContain('「立案」(start) → ')
    expect(stderr).toContain('「审核结果」(legalReviewed) → 「审查决定」(decided) → 「审查决定结果」(decisionResult) → 「制作行政处罚告知书」(penaltyNotice)')
  })

  it('refuses a penalty definition in which one branch of the legal review goes straight to the disposition', async () => {
    const stderr = await refusedByCli('penalty-shortcut', withShortcut(shipped('penalty-case-general'), 'legalReviewed', 'redraftDisposition', '简案快办', '= legalOutcome = "fast"'))
    expect(bypassedSteps(stderr)).toEqual(PENALTY_DECISIONS)
    expect(stderr).toContain('「法制审核」(legalReview) → 「审核结果」(legalReviewed) → 「制作或修改呈批表」(redraftDisposition)')
  })

  it('refuses the onsite inspection without the plan approval: the inspection record is named', async () => {
    const stderr = await refusedByCli('inspection-without-approval', withoutSteps(shipped('onsite-inspection'), ['approvePlan']))
    expect(bypassedSteps(stderr)).toEqual(['record'])
    expect(stderr).toContain('须先经过法定环节「现场检查方案审批」（plan-approval）')
  })

  it('refuses every immediate and general coercion, summary penalty definition without its review decision', async () => {
    for (const [key, steps, decision] of [
      ['coercion-immediate', ['reviewDecision'], 'coercionDecision'],
      ['coercion-general', PENALTY_REVIEW, 'coercionDecision'],
      ['penalty-case-summary', ['reviewDecision'], 'onsitePenaltyDecision'],
    ] as const) {
      expect(bypassedSteps(await refusedByCli(`${key}-without-review`, withoutSteps(shipped(key), [...steps]))), key).toContain(decision)
    }
  })
})

describeEachDatabase('deploying a definition that bypasses a statutory gate', (ctx) => {
  it('is refused by the app\'s engine with GATE_BYPASSED, and nothing is stored', async () => {
    const p = await prepareProcedures(ctx.db, new ManualClock('2026-03-02T09:00:00+08:00'))
    const before = await ctx.db.processDefinition.count()
    const logged = await ctx.db.auditEntry.count({ where: { action: 'process.deploy' } })
    for (const xml of [await withoutSteps(shipped('penalty-case-general'), PENALTY_REVIEW), await withoutSteps(shipped('onsite-inspection'), ['approvePlan'])]) {
      const error = await p.workflow.deploy(xml, await p.as('region-process-admin')).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DefinitionInvalid)
      expect((error as DefinitionInvalid).problems.map((pr) => pr.code)).toContain('GATE_BYPASSED')
    }
    expect(await ctx.db.processDefinition.count()).toBe(before)
    expect(await ctx.db.processDefinition.count({ where: { key: 'penalty-case-general' } })).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.deploy' } })).toBe(logged)
  })
})
