/**
 * What changed between two versions of a definition, step by step: the
 * elements of the process (steps, gateways, events, flows) matched by id,
 * each with its name and every value it carries — zf attributes, timer
 * values, conditions, the ends of a flow. The diagram's layout (bpmndi) is
 * not a change of the procedure. Pure: both files are parsed with the
 * deploy's own parser (its size limits and strict XML), nothing is stored.
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import { parseBpmn } from './parse-bpmn.ts'

export interface DiffElement {
  id: string
  /** BPMN type without its prefix: userTask, sequenceFlow, exclusiveGateway … */
  type: string
  name: string
  /** Every value the element carries, by name (a child's under `child.name`). */
  values: Record<string, string>
}

export interface ValueChange {
  name: string
  before: string | null
  after: string | null
}

export interface DefinitionDiff {
  added: DiffElement[]
  removed: DiffElement[]
  changed: Array<{ before: DiffElement; after: DiffElement; changes: ValueChange[] }>
}

export type DiffResult = ({ ok: true } & DefinitionDiff) | { ok: false; which: 'before' | 'after'; problems: DefinitionProblem[] }

const LAYOUT = /^(bpmndi|dc|di):/
const CONTAINERS = new Set(['bpmn:Definitions', 'bpmn:Process', 'bpmn:Collaboration'])

function shortType(type: string): string {
  const local = type.replace(/^[a-z]+:/i, '')
  return local.charAt(0).toLowerCase() + local.slice(1)
}

async function elementsOf(xml: string): Promise<{ ok: true; elements: Map<string, DiffElement> } | { ok: false; problems: DefinitionProblem[] }> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) return parsed
  const byId = parsed.context.elementsById
  const elements = new Map<string, DiffElement>()
  for (const { element, ownerId, strings } of parsed.visited) {
    if (!ownerId) continue
    const owner: ModdleElement | undefined = byId[ownerId]
    if (!owner || LAYOUT.test(owner.$type) || CONTAINERS.has(owner.$type) || LAYOUT.test(element.$type)) continue
    let entry = elements.get(ownerId)
    if (!entry) {
      entry = { id: ownerId, type: shortType(owner.$type), name: typeof owner.name === 'string' ? owner.name : '', values: {} }
      // The ends of a flow and a boundary event's host are references, not values the walk collects.
      for (const ref of ['sourceRef', 'targetRef', 'attachedToRef', 'default'] as const) {
        const target = owner[ref] as ModdleElement | undefined
        if (target && typeof target.id === 'string') entry.values[ref] = target.id
      }
      elements.set(ownerId, entry)
    }
    const prefix = element === owner ? '' : `${shortType(element.$type)}.`
    // The walk collects strings; flags (zf:approval, isInterrupting) and numbers count as values too.
    const scalars = Object.entries(element).filter(([name, value]) => !name.startsWith('$') && (typeof value === 'boolean' || typeof value === 'number')).map(([name, value]): [string, string] => [name, String(value)])
    for (const [name, value] of [...strings, ...scalars]) {
      if (element === owner && (name === 'id' || name === 'name')) continue
      const key = `${prefix}${name}`
      entry.values[key] = key in entry.values ? `${entry.values[key]}；${value}` : value
    }
  }
  return { ok: true, elements }
}

/** The changes from `before` to `after`, each list in document order of its version. */
export async function diffDefinitions(before: string, after: string): Promise<DiffResult> {
  const a = await elementsOf(before)
  if (!a.ok) return { ok: false, which: 'before', problems: a.problems }
  const b = await elementsOf(after)
  if (!b.ok) return { ok: false, which: 'after', problems: b.problems }
  const added = [...b.elements.values()].filter((e) => !a.elements.has(e.id))
  const removed = [...a.elements.values()].filter((e) => !b.elements.has(e.id))
  const changed: DefinitionDiff['changed'] = []
  for (const next of b.elements.values()) {
    const previous = a.elements.get(next.id)
    if (!previous) continue
    const changes: ValueChange[] = []
    if (previous.type !== next.type) changes.push({ name: 'type', before: previous.type, after: next.type })
    if (previous.name !== next.name) changes.push({ name: 'name', before: previous.name, after: next.name })
    for (const name of [...new Set([...Object.keys(previous.values), ...Object.keys(next.values)])].sort()) {
      const was = previous.values[name] ?? null
      const is = next.values[name] ?? null
      if (was !== is) changes.push({ name, before: was, after: is })
    }
    if (changes.length) changed.push({ before: previous, after: next, changes })
  }
  return { ok: true, added, removed, changed }
}
