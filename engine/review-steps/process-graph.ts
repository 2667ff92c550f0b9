/**
 * A process read for the review-step configurator: its flow elements by id,
 * flows by source and target, and the review sections in it. A review step
 * is a user task offering approve and return; a section is the connected part
 * of the process made of review steps and the exclusive gateways that route
 * between them, entered by one flow and left towards one element (besides
 * where 退回 and the other outcomes lead).
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle'
import { moddleExtensions } from '../definition/parse-bpmn.ts'

export interface ProcessGraph {
  moddle: BpmnModdle
  definitions: ModdleElement
  process: ModdleElement
  byId: Map<string, ModdleElement>
  flows: ModdleElement[]
  outgoing(id: string): ModdleElement[]
  incoming(id: string): ModdleElement[]
}

export function zfAttr(element: ModdleElement, name: string): string | null {
  const value = element.get(`zf:${name}`) as unknown
  return typeof value === 'string' && value.trim() ? value.trim() : null
}

export function outcomesOf(element: ModdleElement): string[] {
  return (zfAttr(element, 'outcomes') ?? '').split(/[\s,，]+/).filter(Boolean)
}

export function isReviewTask(element: ModdleElement | undefined): boolean {
  if (!element || element.$type !== 'bpmn:UserTask') return false
  const outcomes = outcomesOf(element)
  return outcomes.includes('approve') && outcomes.includes('return')
}

export function idOf(element: unknown): string {
  return (element as ModdleElement).id!
}

export function conditionOf(flow: ModdleElement): string | null {
  const body = (flow.conditionExpression as ModdleElement | undefined)?.body
  return typeof body === 'string' && body.trim() ? body.trim() : null
}

export async function readProcess(xml: string): Promise<ProcessGraph> {
  const moddle = new BpmnModdle(moddleExtensions)
  const { rootElement } = await moddle.fromXML(xml)
  const process = ((rootElement.rootElements as ModdleElement[] | undefined) ?? []).find((e) => e.$type === 'bpmn:Process')
  if (!process) throw new Error('定义中没有流程（process）')
  return graphOf(moddle, rootElement, process)
}

export function graphOf(moddle: BpmnModdle, definitions: ModdleElement, process: ModdleElement): ProcessGraph {
  const elements = () => (process.flowElements as ModdleElement[] | undefined) ?? []
  const graph: ProcessGraph = {
    moddle, definitions, process,
    get byId() { return new Map(elements().map((e) => [e.id!, e])) },
    get flows() { return elements().filter((e) => e.$type === 'bpmn:SequenceFlow') },
    outgoing: (id) => graph.flows.filter((f) => idOf(f.sourceRef) === id),
    incoming: (id) => graph.flows.filter((f) => idOf(f.targetRef) === id),
  }
  return graph
}

/** `= outcomeVar = "value"` → [outcomeVar, value]. */
export function outcomeTest(condition: string | null): [string, string] | null {
  const match = condition ? /^=?\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*"([a-z-]+)"\s*$/.exec(condition) : null
  return match ? [match[1]!, match[2]!] : null
}

export interface SectionShape {
  /** The flow entering the section. */
  entry: ModdleElement
  /** Review tasks and routing gateways of the section. */
  nodes: Set<string>
  /** The element the section leads to once passed. */
  exit: string
  /** Where a return to the drafter leads. */
  drafter: string
}

export interface SectionScan {
  sections: SectionShape[]
  /** Review steps in parts of the process the configurator cannot read, with the reason. */
  unsupported: Array<{ steps: string[]; reason: string }>
}

/** Finds the review sections of a process. */
export function findSections(graph: ProcessGraph): SectionScan {
  const byId = graph.byId
  const flows = graph.flows
  const reviewOutcomeVars = new Set([...byId.values()].filter(isReviewTask).map((t) => zfAttr(t, 'outcome')).filter((v): v is string => !!v))
  const returnTargets = new Set(flows.filter((f) => { const t = outcomeTest(conditionOf(f)); return t && reviewOutcomeVars.has(t[0]) && t[1] === 'return' }).map((f) => idOf(f.targetRef)))
  const routesOnOutcome = (g: ModdleElement) => graph.outgoing(g.id!).some((f) => { const t = outcomeTest(conditionOf(f)); return t && reviewOutcomeVars.has(t[0]) })

  // A gateway belongs to a section when (1) through exclusive gateways only it leads to a review step or to a gateway
  // testing a review outcome, and (2) a review step leads to it through gateways, or every branch it opens is such a node.
  const isGateway = (e: ModdleElement | undefined) => !!e && e.$type === 'bpmn:ExclusiveGateway' && !returnTargets.has(e.id!)
  const through = (start: ModdleElement, step: (id: string) => string[], hit: (e: ModdleElement) => boolean): boolean => {
    const seen = new Set<string>([start.id!])
    const queue = [start]
    while (queue.length) {
      const g = queue.shift()!
      for (const next of step(g.id!).map((id) => byId.get(id)!)) {
        if (hit(next)) return true
        if (isGateway(next) && !seen.has(next.id!)) {
          seen.add(next.id!)
          queue.push(next)
        }
      }
    }
    return false
  }
  const leadsToReview = (g: ModdleElement) => routesOnOutcome(g) || through(g, (id) => graph.outgoing(id).map((f) => idOf(f.targetRef)), (e) => isReviewTask(e) || (isGateway(e) && routesOnOutcome(e)))
  const followsReview = (g: ModdleElement) => through(g, (id) => graph.incoming(id).map((f) => idOf(f.sourceRef)), isReviewTask)
  const internal = new Map<string, boolean>()
  const isInternal = (id: string): boolean => {
    const element = byId.get(id)
    if (isReviewTask(element)) return true
    if (!isGateway(element)) return false
    if (internal.has(id)) return internal.get(id)!
    internal.set(id, false)
    // (3) Or it only merges the section's own flows on their way out (the join the generator puts before a section's exit).
    const incoming = graph.incoming(id)
    const merges = incoming.length > 1 && graph.outgoing(id).length === 1 && incoming.every((f) => !outcomeTest(conditionOf(f)) && isInternal(idOf(f.sourceRef)))
    const result = (leadsToReview(element!) && (followsReview(element!) || graph.outgoing(id).every((f) => isInternal(idOf(f.targetRef))))) || merges
    internal.set(id, result)
    return result
  }
  const isTerminal = (flow: ModdleElement) => {
    const t = outcomeTest(conditionOf(flow))
    return !!t && reviewOutcomeVars.has(t[0]) && !isInternal(idOf(flow.targetRef))
  }

  const sections: SectionShape[] = []
  const unsupported: SectionScan['unsupported'] = []
  const assigned = new Set<string>()
  for (const task of [...byId.values()].filter(isReviewTask)) {
    if (assigned.has(task.id!)) continue
    // The connected part around this task, over flows that are not terminal.
    const nodes = new Set<string>([task.id!])
    const queue = [task.id!]
    while (queue.length) {
      const id = queue.shift()!
      const neighbours = [
        ...graph.outgoing(id).filter((f) => !isTerminal(f)).map((f) => idOf(f.targetRef)),
        ...graph.incoming(id).filter((f) => !isTerminal(f)).map((f) => idOf(f.sourceRef)),
      ]
      for (const n of neighbours) if (!nodes.has(n) && isInternal(n)) { nodes.add(n); queue.push(n) }
    }
    for (const n of nodes) assigned.add(n)
    const steps = [...nodes].filter((n) => isReviewTask(byId.get(n)))
    const entries = flows.filter((f) => nodes.has(idOf(f.targetRef)) && !nodes.has(idOf(f.sourceRef)) && !isTerminal(f))
    const exits = new Set(flows.filter((f) => nodes.has(idOf(f.sourceRef)) && !nodes.has(idOf(f.targetRef)) && !isTerminal(f)).map((f) => idOf(f.targetRef)))
    const drafters = new Set(flows.filter((f) => nodes.has(idOf(f.sourceRef)) && outcomeTest(conditionOf(f))?.[1] === 'return').map((f) => idOf(f.targetRef)))
    const reason = entries.length !== 1 ? `有 ${entries.length} 条进入的连线（应为 1 条）`
      : exits.size !== 1 ? `通过后去往 ${exits.size} 处（应为 1 处）`
      : drafters.size !== 1 ? `退回去往 ${drafters.size} 处（应为 1 处）`
      : null
    if (reason) unsupported.push({ steps, reason })
    else sections.push({ entry: entries[0]!, nodes, exit: [...exits][0]!, drafter: [...drafters][0]! })
  }
  return { sections, unsupported }
}
