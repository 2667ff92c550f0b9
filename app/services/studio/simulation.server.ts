/**
 * Simulation in the studio (issue 12 part 4): a definition — the XML being
 * edited, or a stored version — walked by engine/simulate.ts with the
 * database's working-day calendar (entered years, provisional ones after
 * them), the app's own rule for which forms are issued documents and the
 * statutory gates' passing outcomes; the result carries the Chinese names
 * the panel shows. Nothing is stored.
 */
import type { Db } from '../../../prisma/client.ts'
import { simulateDefinition, type SimulatedStep } from '../../../engine/simulate.ts'
import type { DefinitionProblem } from '../../../engine/errors.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { appCalendar } from '../workflow/calendar.server.ts'
import { issuesDocument } from '../workflow/step-documents.server.ts'
import { gateRules } from '../workflow/gates.server.ts'
import { scopeTitles } from '../workflow/scopes.server.ts'
import { roleTitle } from '../../reference/roles.ts'
import { outcomeTitle } from '../../reference/outcomes.ts'
import { NotFound } from '../errors.ts'

export interface SimulationRequest {
  /** The definition to walk: its XML, or a stored version of a procedure. */
  source: { xml: string } | { key: string; version: number }
  start: string
  outcomes: Record<string, string | string[]>
  variables: Record<string, unknown>
}

export interface SimulationRow extends SimulatedStep {
  roleTitle: string | null
  scopeTitle: string | null
  formTitle: string | null
  outcomeTitle: string | null
  offeredTitles: Array<{ key: string; title: string }>
  documentTitles: string[]
  gateTitle: string | null
}

export type SimulationResponse =
  | { ok: true; steps: SimulationRow[]; ended: boolean; start: string }
  | { ok: false; problems: Array<Pick<DefinitionProblem, 'elementId' | 'code' | 'message'>> }

export async function simulateForStudio(db: Db, forms: FormRegistry, request: SimulationRequest): Promise<SimulationResponse> {
  let xml: string
  if ('xml' in request.source) xml = request.source.xml
  else {
    const { key, version } = request.source
    const row = await db.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { xml: true } })
    if (!row) throw new NotFound(`流程「${key}」没有第 ${version} 版`)
    xml = row.xml
  }
  const rules = gateRules()
  const result = await simulateDefinition(xml, {
    start: request.start, calendar: await appCalendar(db), outcomes: request.outcomes, variables: request.variables,
    issuesDocument: (form) => issuesDocument(forms, form), passingOutcomes: rules.passingOutcomes,
  })
  if (!result.ok) return { ok: false, problems: result.problems.map((p) => ({ elementId: p.elementId, code: p.code, message: p.message })) }
  const formTitle = (key: string) => (forms.has(key) ? forms.get(key).manifest.title : key)
  const gateTitle = (key: string) => rules.gates.find((g) => g.key === key)?.title ?? key
  return {
    ok: true, ended: result.ended, start: request.start,
    steps: result.steps.map((s) => ({
      ...s,
      roleTitle: s.role ? roleTitle(s.role) : null,
      scopeTitle: s.scope ? scopeTitles[s.scope] ?? s.scope : null,
      formTitle: s.form ? formTitle(s.form) : null,
      outcomeTitle: s.outcome ? outcomeTitle(s.outcome) : null,
      offeredTitles: s.offered.map((key) => ({ key, title: outcomeTitle(key) })),
      documentTitles: s.documents.map(formTitle),
      gateTitle: s.gate ? gateTitle(s.gate) : null,
    })),
  }
}
