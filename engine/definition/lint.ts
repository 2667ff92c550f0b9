/**
 * bpmnlint's recommended rules. Rules at level "error" refuse the
 * definition; "warn" rules come back as warnings.
 */
import { createRequire } from 'node:module'
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'

const require = createRequire(import.meta.url)

interface LintReport {
  id?: string
  message: string
  category: 'error' | 'warn' | 'info' | 'rule-error'
}
interface Linter {
  lint(root: ModdleElement): Promise<Record<string, LintReport[]>>
}

/** A new linter per definition: some rules (no-duplicate-sequence-flows) keep state between runs. */
function getLinter(): Linter {
  const { Linter: LinterClass } = require('bpmnlint') as { Linter: new (options: unknown) => Linter }
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new (options: unknown) => unknown
  return new LinterClass({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver({ require }) })
}

export async function lintBpmn(root: ModdleElement): Promise<{ errors: DefinitionProblem[]; warnings: DefinitionProblem[] }> {
  const results = await getLinter().lint(root)
  const errors: DefinitionProblem[] = []
  const warnings: DefinitionProblem[] = []
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      const problem: DefinitionProblem = {
        elementId: report.id ?? null,
        code: `LINT_${rule.toUpperCase().replace(/-/g, '_')}`,
        message: `不符合建模规则 ${rule}：${report.message}`,
        messageEn: `bpmnlint ${rule}: ${report.message}`,
      }
      if (report.category === 'error' || report.category === 'rule-error') errors.push(problem)
      else warnings.push(problem)
    }
  }
  return { errors, warnings }
}
