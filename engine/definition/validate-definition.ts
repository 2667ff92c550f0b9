/**
 * The whole deploy-time check: parse (warnings are errors), bpmnlint's
 * recommended rules, then Zhifa's rules. Pure apart from the catalogs.
 */
import type { ParseResult } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import type { DefinitionModel } from './definition-model.ts'
import { lintBpmn } from './lint.ts'
import { parseBpmn } from './parse-bpmn.ts'
import { checkDefinition, type DefinitionCatalogs } from './zhifa-rules.ts'

export type ValidationResult =
  | { ok: true; model: DefinitionModel; context: ParseResult; warnings: DefinitionProblem[] }
  | { ok: false; problems: DefinitionProblem[]; warnings: DefinitionProblem[] }

export async function validateDefinition(xml: string, catalogs: DefinitionCatalogs): Promise<ValidationResult> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) return { ok: false, problems: parsed.problems, warnings: [] }
  const lint = await lintBpmn(parsed.context.rootElement)
  const ours = await checkDefinition(parsed.context, catalogs)
  const problems = [...ours.problems, ...lint.errors]
  if (problems.length > 0 || !ours.model) return { ok: false, problems, warnings: lint.warnings }
  return { ok: true, model: ours.model, context: parsed.context, warnings: lint.warnings }
}
