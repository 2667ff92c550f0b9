/**
 * Statutory gates at deploy: a definition is refused when any path from a
 * start to a step that makes a gated document does not pass a step marked
 * with the gate (zf:gate). The engine knows no gates of its own; the app
 * passes its rules (`gateRules` of createEngine).
 *
 * The check is a reachability analysis over the flow graph. U is the set of
 * elements a token can enter while the gate has NOT been passed on its way:
 *  - every start of the process is in U (start events, elements without
 *    incoming flows, the starts of event sub-processes);
 *  - a flow leaving an element of U is unpassed, except the flows leaving a
 *    gate step itself (its completion passes the gate);
 *  - a flow whose FEEL condition asserts a not-passing outcome of a gate step
 *    (`= decisionOutcome = "return"`) is unpassed wherever it starts: a
 *    returned review does not pass;
 *  - a boundary event of an element of U is in U (it can fire before the
 *    element completes), including the boundary events of gate steps;
 *  - a sub-process in U has its starts in U, and its outgoing flows are
 *    unpassed when one of its ends is in U;
 *  - a call activity is opaque: it neither passes a gate nor makes a
 *    document here (the called definition is checked on its own);
 *  - a parallel join is in U only when all its incoming flows are unpassed
 *    (it waits for every branch); every other element is in U as soon as one
 *    incoming flow is unpassed.
 * A step making a gated document that is in U is refused (GATE_BYPASSED),
 * with one such path in the message. The gate step's own marker does not
 * count for the document it makes: a step cannot review itself.
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import type { DefinitionModel } from './definition-model.ts'

export interface GateRule {
  /** Gate key, as written in zf:gate, e.g. `case-review`. */
  gate: string
  /** Form keys (zf:form) of the documents that may only be made after the gate. */
  documents: string[]
  /** Outcomes of a gate step that do not pass the gate, e.g. `return`, `reject`. */
  notPassingOutcomes?: string[]
}

interface Graph {
  nodes: Map<string, ModdleElement>
  /** Outgoing sequence flows per node id. */
  outgoing: Map<string, ModdleElement[]>
  /** Incoming sequence-flow count per node id. */
  incoming: Map<string, number>
  /** Boundary events per host id. */
  boundaries: Map<string, string[]>
  /** Starts of each container (process or sub-process) by container id. */
  starts: Map<string, string[]>
  /** Elements without outgoing flows, per sub-process id. */
  ends: Map<string, string[]>
  /** Container id of each node. */
  parent: Map<string, string>
  flows: ModdleElement[]
}

function flowElements(container: ModdleElement): ModdleElement[] {
  return ((container.flowElements as ModdleElement[] | undefined) ?? []).filter((e) => typeof e.id === 'string')
}

const NOT_FLOW_NODES = new Set(['bpmn:SequenceFlow', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'])

function ref(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as ModdleElement).id === 'string') return (value as ModdleElement).id!
  return null
}

function buildGraph(processElement: ModdleElement): Graph {
  const graph: Graph = { nodes: new Map(), outgoing: new Map(), incoming: new Map(), boundaries: new Map(), starts: new Map(), ends: new Map(), parent: new Map(), flows: [] }
  const eventSubProcessStarts: string[] = []
  const visit = (container: ModdleElement) => {
    const containerId = container.id!
    const elements = flowElements(container)
    const nodes = elements.filter((e) => !NOT_FLOW_NODES.has(e.$type))
    const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow')
    for (const node of nodes) {
      graph.nodes.set(node.id!, node)
      graph.parent.set(node.id!, containerId)
      graph.outgoing.set(node.id!, [])
      graph.incoming.set(node.id!, 0)
    }
    for (const flow of flows) {
      graph.flows.push(flow)
      const source = ref(flow.sourceRef)
      const target = ref(flow.targetRef)
      if (source && graph.outgoing.has(source)) graph.outgoing.get(source)!.push(flow)
      if (target && graph.incoming.has(target)) graph.incoming.set(target, graph.incoming.get(target)! + 1)
    }
    const starts: string[] = []
    const ends: string[] = []
    for (const node of nodes) {
      const id = node.id!
      if (node.$type === 'bpmn:BoundaryEvent') {
        const host = ref(node.attachedToRef)
        if (host) graph.boundaries.set(host, [...(graph.boundaries.get(host) ?? []), id])
        continue
      }
      if (node.$type === 'bpmn:SubProcess' && node.triggeredByEvent === true) {
        // An event sub-process can start at any time: its starts are starts of the whole definition.
        visit(node)
        eventSubProcessStarts.push(...(graph.starts.get(id) ?? []))
        continue
      }
      if (node.$type === 'bpmn:StartEvent' || graph.incoming.get(id) === 0) starts.push(id)
      if (graph.outgoing.get(id)!.length === 0) ends.push(id)
      if (node.$type === 'bpmn:SubProcess') visit(node)
    }
    graph.starts.set(containerId, starts)
    graph.ends.set(containerId, ends)
  }
  visit(processElement)
  graph.starts.set(processElement.id!, [...(graph.starts.get(processElement.id!) ?? []), ...eventSubProcessStarts])
  return graph
}

/** `name = "literal"` comparisons in a FEEL condition (not `!=`, `<=`, `>=`). */
function equalityTests(condition: string): Array<[variable: string, literal: string]> {
  const found: Array<[string, string]> = []
  for (const match of condition.matchAll(/(?<![!<>=\w.])([A-Za-z_][\w]*)\s*=\s*"([^"]*)"/g)) found.push([match[1]!, match[2]!])
  return found
}

function conditionText(flow: ModdleElement): string | null {
  const condition = flow.conditionExpression as ModdleElement | undefined
  return condition ? String(condition.body ?? '') : null
}

function stepLabel(node: ModdleElement | undefined, id: string): string {
  return node?.name ? `「${node.name}」(${id})` : id
}

/**
 * Problems of one definition against the gate rules: GATE_BYPASSED for a
 * step reachable without its gate, GATE_UNKNOWN for a zf:gate no rule names.
 */
export function checkGates(processElement: ModdleElement, model: DefinitionModel, rules: readonly GateRule[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const known = new Set(rules.map((r) => r.gate))
  for (const task of Object.values(model.userTasks)) {
    if (task.gate && !known.has(task.gate)) {
      problems.push({
        elementId: task.elementId, code: 'GATE_UNKNOWN',
        message: `zf:gate「${task.gate}」不是已知的法定环节（${[...known].join('、')}）`,
        messageEn: `zf:gate "${task.gate}" is not a known statutory gate (${[...known].join(', ')})`,
      })
    }
  }
  const graph = buildGraph(processElement)
  for (const rule of rules) problems.push(...checkRule(graph, processElement.id!, model, rule))
  return problems
}

function checkRule(graph: Graph, processId: string, model: DefinitionModel, rule: GateRule): DefinitionProblem[] {
  const tasks = Object.values(model.userTasks)
  const documents = new Set(rule.documents)
  const makers = tasks.filter((t) => documents.has(t.form) || (t.issue && t.issue !== 'none' && documents.has(model.userTasks[t.issue]?.form ?? '')))
  if (makers.length === 0) return []
  const gateSteps = new Set(tasks.filter((t) => t.gate === rule.gate).map((t) => t.elementId))
  const gateOutcomeVariables = new Set(tasks.filter((t) => gateSteps.has(t.elementId) && t.outcomeVariable).map((t) => t.outcomeVariable!))
  const notPassing = new Set(rule.notPassingOutcomes ?? [])
  const returnsFromGate = (flow: ModdleElement) => {
    const text = conditionText(flow)
    return text !== null && equalityTests(text).some(([variable, literal]) => gateOutcomeVariables.has(variable) && notPassing.has(literal))
  }

  // Plain reachability first: a returning flow counts only where a token can get at all.
  const reachable = new Set<string>()
  const stack = [...(graph.starts.get(processId) ?? [])]
  while (stack.length) {
    const id = stack.pop()!
    if (reachable.has(id)) continue
    reachable.add(id)
    const node = graph.nodes.get(id)
    for (const flow of graph.outgoing.get(id) ?? []) stack.push(ref(flow.targetRef)!)
    stack.push(...(graph.boundaries.get(id) ?? []))
    if (node?.$type === 'bpmn:SubProcess') stack.push(...(graph.starts.get(id) ?? []))
    const container = graph.parent.get(id)
    if (container && container !== processId && graph.ends.get(container)?.includes(id)) {
      for (const flow of graph.outgoing.get(container) ?? []) stack.push(ref(flow.targetRef)!)
    }
  }

  const unpassed = new Map<string, string | null>() // node → the node it was entered from (for the message)
  const unpassedFlows = new Set<string>()
  const queue: Array<[string, string | null]> = []
  const enter = (id: string, from: string | null) => {
    if (!graph.nodes.has(id) || unpassed.has(id)) return
    unpassed.set(id, from)
    queue.push([id, from])
  }
  const take = (flow: ModdleElement, from: string) => {
    if (unpassedFlows.has(flow.id!)) return
    unpassedFlows.add(flow.id!)
    const target = ref(flow.targetRef)
    if (!target) return
    const node = graph.nodes.get(target)
    if (node?.$type === 'bpmn:ParallelGateway' && (graph.incoming.get(target) ?? 0) > 1) {
      const incoming = graph.flows.filter((f) => ref(f.targetRef) === target)
      if (!incoming.every((f) => unpassedFlows.has(f.id!))) return
    }
    enter(target, from)
  }

  const propagate = () => {
    while (queue.length) {
      const [id] = queue.shift()!
      const node = graph.nodes.get(id)!
      for (const boundary of graph.boundaries.get(id) ?? []) enter(boundary, id)
      if (node.$type === 'bpmn:SubProcess') {
        for (const start of graph.starts.get(id) ?? []) enter(start, id)
        continue
      }
      if (!gateSteps.has(id)) for (const flow of graph.outgoing.get(id) ?? []) take(flow, id)
      const container = graph.parent.get(id)
      if (container && container !== processId && graph.ends.get(container)?.includes(id)) {
        for (const flow of graph.outgoing.get(container) ?? []) take(flow, id)
      }
    }
  }
  // From the starts first, so that the paths in messages begin at a start where they can.
  for (const start of graph.starts.get(processId) ?? []) enter(start, null)
  propagate()
  for (const flow of graph.flows) {
    const source = ref(flow.sourceRef)
    if (source && reachable.has(source) && returnsFromGate(flow)) take(flow, source)
  }
  propagate()
  const starts = new Set(graph.starts.get(processId) ?? [])

  const problems: DefinitionProblem[] = []
  for (const maker of makers) {
    if (!unpassed.has(maker.elementId)) continue
    // Back from the step along the recorded predecessors; a path that does not begin at a start begins with a returned review.
    const path: string[] = []
    for (let at: string | null = maker.elementId; at !== null && !path.includes(at); at = unpassed.get(at) ?? null) path.unshift(at)
    const from = starts.has(path[0]!) ? '' : '…'
    const route = from + path.map((id) => stepLabel(graph.nodes.get(id), id)).join(' → ')
    const form = documents.has(maker.form) ? maker.form : model.userTasks[maker.issue!]!.form
    problems.push({
      elementId: maker.elementId,
      code: 'GATE_BYPASSED',
      message: `「${maker.name}」制作《${form}》须先经过法定环节「${rule.gate}」（zf:gate="${rule.gate}" 的审核审批步骤），但存在不经过该环节的路径：${route}`,
      messageEn: `${maker.elementId} makes ${form}, which requires the gate "${rule.gate}", but a path reaches it without passing a step with zf:gate="${rule.gate}": ${from}${path.join(' → ')}`,
    })
  }
  return problems
}
