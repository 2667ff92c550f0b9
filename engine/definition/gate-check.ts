/**
 * Statutory gates at deploy: a definition is refused when any path from a
 * start to a step that makes a gated document does not pass a step marked
 * with the gate (zf:gate) with a passing outcome. The engine knows no gates
 * of its own; the app passes its rules (`gateRules` of createEngine).
 *
 * The check is a reachability analysis over the flow graph, with two kinds of
 * "not yet passed" tokens: U (the gate step was not done on this path) and
 * P(v) (a gate step was done, but its outcome, in variable v, is not known to
 * be a passing one). A step making a gated document reached by either is
 * refused (GATE_BYPASSED) with one such path in the message.
 *  - every start of the process carries U (start events, elements without
 *    incoming flows, the starts of event sub-processes);
 *  - a gate step passes the gate on completion only when every outcome it
 *    offers (zf:outcomes) passes (`passingOutcomes`, default `approve`);
 *    otherwise its outgoing flows carry P(its zf:outcome variable), whatever
 *    came in;
 *  - P(v) becomes passed only on a flow that proves a passing outcome: a
 *    condition `v = "approve"` (or `"approve" = v`, alone or joined by `and`),
 *    or the default flow of a gateway whose other flows test v for every
 *    offered outcome that does not pass. `!=`, `not`, `or`, an outcome the
 *    step does not offer, or a default beside an incomplete test prove nothing;
 *  - a flow whose condition tests a gate step's outcome for a not-passing
 *    outcome (`= decisionOutcome = "return"`) carries U wherever it starts;
 *  - a boundary event carries what its host was entered with (it fires before
 *    the host completes), gate steps included;
 *  - a sub-process passes what it was entered with to its starts, and what
 *    its ends carry to its outgoing flows;
 *  - a call activity whose called definition is known (passed in `callees`)
 *    passes the gate when every end of the called process is reached only
 *    with the gate passed (the called process is analysed the same way,
 *    starting from U, bottom-up over the call graph, so nothing recurses on
 *    the author's call depth); otherwise it carries what it was entered with,
 *    and the message shows the called process's path to its end. A call to
 *    an unknown definition stays opaque (never passes); calls to unknown or
 *    recursive targets and call chains deeper than the limit are refused
 *    where the calls are loaded (zhifa-rules.ts, `loadCallees`);
 *  - a parallel join fires once every incoming flow has a token or was
 *    discarded (bpmn-engine passes a join whose other branches were not
 *    taken): so it carries what its incoming flows carry as soon as every
 *    incoming flow is either not passed or can be discarded (it leaves an
 *    exclusive gateway, has a condition, or follows such a flow or a
 *    boundary event). A join after a parallel fork whose branches all run
 *    passes only when the branches that can arrive without the gate are none.
 * A step is never its own gate: the review and the document it makes are
 * different steps. Every step is linear in the graph (worklists, no recursion).
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import type { DefinitionModel } from './definition-model.ts'

export interface GateRule {
  /** Gate key, as written in zf:gate, e.g. `case-review`. */
  gate: string
  /** Form keys (zf:form) of the documents that may only be made after the gate. */
  documents: string[]
  /** Chinese title of the gate, for messages, e.g. 案件审理审查决定. */
  title?: string
  /** Chinese titles of the documents by form key, for messages. */
  documentTitles?: Record<string, string>
  /** Outcomes of a gate step that pass the gate; default `approve`. Any other outcome passes nothing. */
  passingOutcomes?: string[]
  /** Outcomes known not to pass, e.g. `return`, `reject`: a flow testing for one carries U wherever it starts. */
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

/** `name = "literal"` and `"literal" = name` comparisons in a FEEL condition (not `!=`, `<=`, `>=`). */
function equalityTests(condition: string): Array<[variable: string, literal: string]> {
  const found: Array<[string, string]> = []
  for (const match of condition.matchAll(/(?<![!<>=\w."])([A-Za-z_][\w]*)\s*=\s*"([^"]*)"/g)) found.push([match[1]!, match[2]!])
  for (const match of condition.matchAll(/"([^"]*)"\s*=\s*([A-Za-z_][\w]*)(?![\w.])/g)) found.push([match[2]!, match[1]!])
  return found
}

/** The condition without its FEEL marker, outer parentheses and surrounding space. */
function bare(condition: string): string {
  let text = condition.trim().replace(/^=/, '').trim()
  while (/^\((?:[^()]|\([^()]*\))*\)$/.test(text)) text = text.slice(1, -1).trim()
  return text
}

const EQUALITY = /^(?:([A-Za-z_]\w*)\s*=\s*"([^"]*)"|"([^"]*)"\s*=\s*([A-Za-z_]\w*))$/

function equality(term: string): [variable: string, literal: string] | null {
  const m = EQUALITY.exec(bare(term))
  if (!m) return null
  return m[1] ? [m[1], m[2]!] : [m[4]!, m[3]!]
}

/** True when the condition holds only if `variable` is one of `passing`: a conjunction with such an equality. */
function provesPassing(condition: string, variable: string, passing: Set<string>): boolean {
  const text = bare(condition)
  if (/\bor\b|\bnot\s*\(|!=/.test(text)) return false
  return text.split(/\band\b/).some((term) => {
    const eq = equality(term)
    return eq !== null && eq[0] === variable && passing.has(eq[1])
  })
}

/** The literals a condition tests `variable` for, when it is nothing but `v = "a"` or `v = "a" or v = "b"`; null otherwise. */
function pureTests(condition: string, variable: string): string[] | null {
  const literals: string[] = []
  for (const term of bare(condition).split(/\bor\b/)) {
    const eq = equality(term)
    if (!eq || eq[0] !== variable) return null
    literals.push(eq[1])
  }
  return literals
}

function conditionText(flow: ModdleElement): string | null {
  const condition = flow.conditionExpression as ModdleElement | undefined
  return condition ? String(condition.body ?? '') : null
}

function stepLabel(node: ModdleElement | undefined, id: string): string {
  return node?.name ? `「${node.name}」(${id})` : id
}

/** A called definition, loaded for the gate check; `order` lists keys callees-first (reverse topological). */
export interface Callee {
  processElement: ModdleElement
  model: DefinitionModel
}
export interface Callees {
  byKey: Map<string, Callee>
  /** Keys of the loaded definitions, every key after all the keys it calls. */
  order: string[]
}

/** Whether a call activity passes the gate, and if not a path through the called process to an end, as labels. */
type CallSummary = { passes: true } | { passes: false; path: string }

/**
 * Problems of one definition against the gate rules: GATE_BYPASSED for a
 * step reachable without its gate, GATE_UNKNOWN for a zf:gate no rule names.
 */
export function checkGates(processElement: ModdleElement, model: DefinitionModel, rules: readonly GateRule[], callees: Callees = { byKey: new Map(), order: [] }, from?: readonly string[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const known = new Set(rules.map((r) => r.gate))
  for (const task of Object.values(model.userTasks)) {
    if (!from && task.gate && !known.has(task.gate)) {
      problems.push({
        elementId: task.elementId, code: 'GATE_UNKNOWN',
        message: `zf:gate「${task.gate}」不是已知的法定环节（${[...known].join('、')}）`,
        messageEn: `zf:gate "${task.gate}" is not a known statutory gate (${[...known].join(', ')})`,
      })
    }
  }
  const graph = buildGraph(processElement)
  for (const rule of rules) {
    // Callees first: each called process is summarised once, with the summaries of the ones it calls.
    const summaries = new Map<string, CallSummary>()
    for (const key of callees.order) {
      const callee = callees.byKey.get(key)!
      const calleeGraph = buildGraph(callee.processElement)
      const analysis = analyse(calleeGraph, callee.processElement.id!, callee.model, rule, summaries)
      const ends = [...calleeGraph.nodes.keys()].filter((id) => calleeGraph.parent.get(id) === callee.processElement.id && (calleeGraph.outgoing.get(id)?.length ?? 0) === 0 && calleeGraph.nodes.get(id)!.triggeredByEvent !== true)
      const end = ends.find((id) => analysis.labelAt(id) !== undefined)
      summaries.set(key, end === undefined ? { passes: true } : { passes: false, path: analysis.route(end).text })
    }
    problems.push(...checkRule(graph, processElement.id!, model, rule, summaries, from))
  }
  return problems
}

type Label = string // 'U' or 'P:<variable>' ('P:' when the gate step has no outcome variable)

function checkRule(graph: Graph, processId: string, model: DefinitionModel, rule: GateRule, summaries: Map<string, CallSummary>, from?: readonly string[]): DefinitionProblem[] {
  const tasks = Object.values(model.userTasks)
  const documents = new Set(rule.documents)
  const makers = tasks.filter((t) => documents.has(t.form) || (t.issue && t.issue !== 'none' && documents.has(model.userTasks[t.issue]?.form ?? '')))
  if (makers.length === 0) return []
  const passing = new Set(rule.passingOutcomes ?? ['approve'])
  const analysis = analyse(graph, processId, model, rule, summaries, from)
  const problems: DefinitionProblem[] = []
  for (const maker of makers) {
    const label = analysis.labelAt(maker.elementId)
    if (label === undefined) continue
    const { text: route, ids, from: prefix } = analysis.route(maker.elementId)
    const form = documents.has(maker.form) ? maker.form : model.userTasks[maker.issue!]!.form
    const title = rule.documentTitles?.[form] ? `《${rule.documentTitles[form]}》` : `《${form}》`
    const gateName = rule.title ? `「${rule.title}」（${rule.gate}）` : `「${rule.gate}」`
    const why = label === 'U' ? '存在不经过该环节的路径' : `该环节的办理结果未被确认为通过（${[...passing].join('、')}）就能到达：请在其后的网关用 ${label.slice(2) || 'zf:outcome 变量'} = "${[...passing][0]}" 的条件通向本步骤`
    problems.push({
      elementId: maker.elementId,
      code: 'GATE_BYPASSED',
      message: `「${maker.name}」(${maker.elementId}) 制作${title}须先经过法定环节${gateName}（zf:gate="${rule.gate}" 的审核审批步骤且结果为通过），但${why}：${route}`,
      messageEn: `${maker.elementId} makes ${form}, which requires the gate "${rule.gate}" with a passing outcome, but ${label === 'U' ? 'a path reaches it without passing a step with zf:gate="' + rule.gate + '"' : 'it can be reached with an outcome not proven to pass'}: ${prefix}${ids.join(' → ')}`,
      path: ids,
    })
  }
  return problems
}

interface Analysis {
  /** A label a node can be entered with (undefined: only with the gate passed, or not at all). */
  labelAt(id: string): Label | undefined
  /** One path that reaches the node with that label, for messages. */
  route(id: string): { text: string; ids: string[]; from: string }
}

/** `from`: where tokens start (a running instance's waiting steps, see the move check); default: the process's starts. */
function analyse(graph: Graph, processId: string, model: DefinitionModel, rule: GateRule, summaries: Map<string, CallSummary>, from?: readonly string[]): Analysis {
  const origins = from ? from.filter((id) => graph.nodes.has(id)) : (graph.starts.get(processId) ?? [])
  const tasks = Object.values(model.userTasks)
  const passing = new Set(rule.passingOutcomes ?? ['approve'])
  const gateTasks = tasks.filter((t) => t.gate === rule.gate)
  const gateSteps = new Set(gateTasks.map((t) => t.elementId))
  const gateOutcomeVariables = new Set(gateTasks.filter((t) => t.outcomeVariable).map((t) => t.outcomeVariable!))
  /** Outcomes offered per outcome variable; null: some step with it offers any outcome. */
  const offered = new Map<string, Set<string> | null>()
  for (const t of gateTasks) {
    if (!t.outcomeVariable) continue
    const before = offered.get(t.outcomeVariable)
    if (before === null) continue
    offered.set(t.outcomeVariable, t.outcomes.length === 0 ? null : new Set([...(before ?? []), ...t.outcomes]))
  }
  const notPassing = new Set(rule.notPassingOutcomes ?? [])
  const callSummary = (id: string): CallSummary | undefined => {
    const call = model.calls[id]
    return call ? summaries.get(call.calledElement) : undefined
  }
  const callPasses = (id: string) => callSummary(id)?.passes === true
  const returnsFromGate = (flow: ModdleElement) => {
    const text = conditionText(flow)
    return text !== null && equalityTests(text).some(([variable, literal]) => gateOutcomeVariables.has(variable) && !passing.has(literal) && (notPassing.has(literal) || offered.get(variable)?.has(literal) === true))
  }
  /** What leaves a completed gate step: nothing (it passed) or P(its outcome variable). */
  const afterGate = (id: string): Label | null => {
    const task = model.userTasks[id]!
    if (task.outcomes.length > 0 && task.outcomes.every((o) => passing.has(o))) return null
    return `P:${task.outcomeVariable ?? ''}`
  }
  /** Does taking this flow prove that variable holds a passing outcome? */
  const proves = (flow: ModdleElement, variable: string): boolean => {
    if (!variable) return false
    const text = conditionText(flow)
    if (text !== null) return provesPassing(text, variable, passing)
    const source = graph.nodes.get(ref(flow.sourceRef) ?? '')
    if (!source || source.$type !== 'bpmn:ExclusiveGateway' || ref(source.default) !== flow.id) return false
    const outcomes = offered.get(variable)
    if (!outcomes) return false
    const tested = new Set<string>()
    for (const other of graph.outgoing.get(source.id!) ?? []) {
      if (other === flow) continue
      const otherText = conditionText(other)
      const literals = otherText === null ? null : pureTests(otherText, variable)
      if (!literals) continue
      for (const l of literals) tested.add(l)
    }
    return [...outcomes].every((o) => passing.has(o) || tested.has(o))
  }

  // Flows that can be discarded (not taken) while a join waits: bpmn-engine lets a join pass when they are.
  const discardable = new Set<string>()
  const discardableNodes = new Set<string>()
  const work: string[] = []
  const markNode = (id: string) => {
    if (discardableNodes.has(id)) return
    discardableNodes.add(id)
    work.push(id)
  }
  for (const [id, node] of graph.nodes) {
    if (node.$type === 'bpmn:BoundaryEvent' || (graph.boundaries.get(id)?.length ?? 0) > 0) markNode(id)
    const outgoing = graph.outgoing.get(id) ?? []
    for (const flow of outgoing) {
      if (conditionText(flow) !== null || ((node.$type === 'bpmn:ExclusiveGateway' || node.$type === 'bpmn:InclusiveGateway') && outgoing.length > 1)) {
        if (!discardable.has(flow.id!)) {
          discardable.add(flow.id!)
          const target = ref(flow.targetRef)
          if (target) markNode(target)
        }
      }
    }
  }
  while (work.length) {
    const id = work.pop()!
    for (const flow of graph.outgoing.get(id) ?? []) {
      discardable.add(flow.id!)
      const target = ref(flow.targetRef)
      if (target) markNode(target)
    }
  }
  const incomingFlows = new Map<string, ModdleElement[]>()
  for (const flow of graph.flows) {
    const target = ref(flow.targetRef)
    if (target) incomingFlows.set(target, [...(incomingFlows.get(target) ?? []), flow])
  }

  // Plain reachability first: a returning flow counts only where a token can get at all.
  const reachable = new Set<string>()
  const stack = [...origins]
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

  const entered = new Map<string, string | null>() // `${node}|${label}` → the node it was entered from (for the message)
  const flowLabels = new Map<string, Set<Label>>()
  const queue: Array<[string, Label]> = []
  const enter = (id: string, label: Label, from: string | null) => {
    const key = `${id}|${label}`
    if (!graph.nodes.has(id) || entered.has(key)) return
    entered.set(key, from)
    queue.push([id, label])
  }
  const joinReady = (target: string) => (incomingFlows.get(target) ?? []).every((f) => flowLabels.has(f.id!) || discardable.has(f.id!))
  const take = (flow: ModdleElement, label: Label, from: string) => {
    let labels = flowLabels.get(flow.id!)
    if (labels?.has(label)) return
    if (label.startsWith('P:') && proves(flow, label.slice(2))) return
    if (!labels) flowLabels.set(flow.id!, (labels = new Set()))
    labels.add(label)
    const target = ref(flow.targetRef)
    if (!target) return
    const node = graph.nodes.get(target)
    if (node?.$type === 'bpmn:ParallelGateway' && (incomingFlows.get(target)?.length ?? 0) > 1) {
      if (!joinReady(target)) return
      // Ready now: everything its unpassed incoming flows carry enters it (including what arrived before it was ready).
      for (const f of incomingFlows.get(target) ?? []) for (const l of flowLabels.get(f.id!) ?? []) enter(target, l, ref(f.sourceRef) ?? from)
      return
    }
    enter(target, label, from)
  }

  const propagate = () => {
    for (let head = 0; head < queue.length; head += 1) {
      const [id, label] = queue[head]!
      const node = graph.nodes.get(id)!
      for (const boundary of graph.boundaries.get(id) ?? []) enter(boundary, label, id)
      if (node.$type === 'bpmn:SubProcess') {
        for (const start of graph.starts.get(id) ?? []) enter(start, label, id)
        continue
      }
      const leaving = gateSteps.has(id) ? afterGate(id) : callPasses(id) ? null : label
      if (leaving !== null) for (const flow of graph.outgoing.get(id) ?? []) take(flow, leaving, id)
      const container = graph.parent.get(id)
      if (container && container !== processId && graph.ends.get(container)?.includes(id) && leaving !== null) {
        for (const flow of graph.outgoing.get(container) ?? []) take(flow, leaving, id)
      }
    }
    queue.length = 0
  }
  // From the starts first, so that the paths in messages begin at a start where they can.
  for (const start of origins) enter(start, 'U', null)
  propagate()
  for (const flow of graph.flows) {
    const source = ref(flow.sourceRef)
    if (source && reachable.has(source) && returnsFromGate(flow)) take(flow, 'U', source)
  }
  propagate()
  const starts = new Set(origins)
  const labelAt = (id: string): Label | undefined => [...entered.keys()].find((key) => key.startsWith(`${id}|`))?.slice(id.length + 1)
  const stepText = (id: string): string => {
    const summary = callSummary(id)
    const text = stepLabel(graph.nodes.get(id), id)
    return summary && !summary.passes ? `${text}［被调用流程「${model.calls[id]!.calledElement}」：${summary.path}］` : text
  }
  const route = (target: string) => {
    const label = labelAt(target)
    // Back from the step along the recorded predecessors; a path that does not begin at a start begins with a returned review.
    const path: string[] = []
    for (let at: string | null = target; at !== null && !path.includes(at) && path.length < graph.nodes.size; ) {
      path.unshift(at)
      const key: string | undefined = entered.has(`${at}|${label}`) ? `${at}|${label}` : [...entered.keys()].find((k) => k.startsWith(`${at}|`))
      at = key ? (entered.get(key) ?? null) : null
    }
    const from = starts.has(path[0]!) ? '' : '…'
    return { text: from + path.map(stepText).join(' → '), ids: path, from }
  }
  return { labelAt, route }
}
