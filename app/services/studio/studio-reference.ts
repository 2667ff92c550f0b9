/**
 * What the studio's canvas needs to run the deploy check in the browser:
 * the catalog's forms, roles, scopes and outcomes with their Chinese names,
 * the statutory gate rules, and which definitions exist. The server sends it
 * (studio-reference.server.ts) and both sides hand the same rules to the one
 * check, `validateDefinition` (engine/definition/validate-definition.ts).
 */
import type { GateRule } from '../../../engine/definition/gate-check.ts'
import type { DefinitionCatalogs } from '../../../engine/definition/zhifa-rules.ts'

export type Named = [key: string, title: string]

export interface StudioReference {
  forms: Named[]
  roles: Named[]
  scopes: Named[]
  outcomes: Named[]
  /** Form of steps marked zf:approval="true". */
  approvalForm: string
  gateRules: GateRule[]
  /** Keys of every definition a call activity may name (stored or shipped). */
  definitions: string[]
}

/**
 * The deploy check's catalogs over the reference; `definitionXml` fetches a
 * called definition (the server's active version) for the gate check through
 * call activities.
 */
export function definitionCatalogs(reference: StudioReference, definitionXml: (key: string) => Promise<string | null>): DefinitionCatalogs {
  const forms = new Set(reference.forms.map(([key]) => key))
  const roles = new Set(reference.roles.map(([key]) => key))
  const scopes = new Set(reference.scopes.map(([key]) => key))
  const definitions = new Set(reference.definitions)
  return {
    formExists: (key) => forms.has(key),
    roleExists: (key) => roles.has(key),
    scopeKnown: (key) => scopes.has(key),
    approvalForm: reference.approvalForm,
    gateRules: reference.gateRules,
    known: { forms: () => reference.forms, roles: () => reference.roles, scopes: () => reference.scopes },
    definitionExists: (key) => definitions.has(key),
    definitionXml,
  }
}
