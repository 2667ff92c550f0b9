/**
 * The statutory gates of definitions/gates.json, enforced where documents
 * are made: a document listed under a gate is issued only for a matter that
 * has a recorded decision for that gate (MatterGate). The deploy-time check
 * of the definition graph uses the same rules (engine `gateRules`, via
 * engineGateRules).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DbOrTx } from '../../../prisma/client.ts'
import type { GateRule as GateRuleForEngine } from '../../../engine/index.ts'

export interface GateRule {
  key: string
  title: string
  basis: string
  documents: string[]
}

export interface GateRules {
  gates: GateRule[]
  /** Outcomes of a gate step that pass the gate (同意); any other outcome passes nothing. */
  passingOutcomes: string[]
  /** Outcomes known not to pass (e.g. 退回), for the deploy-time check's messages. */
  notPassingOutcomes: string[]
}

let cached: GateRules | null = null

export function gateRules(root = process.cwd()): GateRules {
  if (cached) return cached
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'definitions', 'gates.json'), 'utf8')) as {
    gates: Record<string, { title: string; basis: string; documents: string[] }>
    passingOutcomes: string[]
    notPassingOutcomes: string[]
  }
  cached = {
    gates: Object.entries(raw.gates).map(([key, g]) => ({ key, ...g })),
    passingOutcomes: raw.passingOutcomes,
    notPassingOutcomes: raw.notPassingOutcomes,
  }
  return cached
}

/** The rules as the engine's deploy-time check takes them (createEngine `gateRules`); titles name documents in messages. */
export function engineGateRules(rules = gateRules(), documentTitle: (formKey: string) => string | undefined = () => undefined): GateRuleForEngine[] {
  return rules.gates.map((g) => ({
    gate: g.key, title: g.title, documents: g.documents, passingOutcomes: rules.passingOutcomes, notPassingOutcomes: rules.notPassingOutcomes,
    documentTitles: Object.fromEntries(g.documents.flatMap((d) => (documentTitle(d) ? [[d, documentTitle(d)!]] : []))),
  }))
}

/** The gate a document needs, if any. */
export function gateForDocument(formKey: string, rules = gateRules()): GateRule | null {
  return rules.gates.find((g) => g.documents.includes(formKey)) ?? null
}

/** The same rule as the deploy-time check: only a named passing outcome passes (issue 10: an outcome called `disapprove` must not). */
export function passesGate(outcome: string | null | undefined, rules = gateRules()): boolean {
  return rules.passingOutcomes.includes(outcome ?? '')
}

/** Thrown when a document would be made before its gate was passed. */
export class GateNotPassed extends Error {
  readonly code = 'gate-not-passed'
  constructor(readonly gate: GateRule, readonly formKey: string) {
    super(`未经「${gate.title}」不能制作该文书（${gate.basis}）。`)
  }
}

/**
 * Refuses to issue `formKey` for a matter that has not passed its gate.
 * Documents without a matter cannot pass a gate either.
 */
export async function assertGatePassed(tx: DbOrTx, formKey: string, subject: { type: string; id: string } | null | undefined) {
  const gate = gateForDocument(formKey)
  if (!gate) return
  const passed = subject
    ? await tx.matterGate.findUnique({ where: { matterId_gate: { matterId: subject.id, gate: gate.key } }, select: { id: true } })
    : null
  if (!passed) throw new GateNotPassed(gate, formKey)
}
