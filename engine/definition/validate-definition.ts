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
  const names = new Map<string, string>()
  for (const { element } of parsed.visited) if (typeof element.id === 'string' && typeof element.name === 'string' && element.name.trim()) names.set(element.id, element.name.trim())
  const named = (list: DefinitionProblem[]) => list.map((p) => (p.elementId && names.has(p.elementId) ? { ...p, elementName: names.get(p.elementId)! } : p))
  const ours = await checkDefinition(parsed.context, catalogs, parsed.visited)
  // Without a process there is nothing to lint (and some bpmnlint rules throw on an empty <definitions>).
  if (!ours.model) return { ok: false, problems: named(ours.problems), warnings: [] }
  const lint = await lintBpmn(parsed.context.rootElement)
  const problems = named([...ours.problems, ...lint.errors])
  if (problems.length > 0) return { ok: false, problems, warnings: named(lint.warnings) }
  return { ok: true, model: ours.model, context: parsed.context, warnings: named(lint.warnings) }
}
