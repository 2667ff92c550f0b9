/**
 * No loop without a wait state. bpmn-engine runs everything between two
 * wait states synchronously, inside one operation: a cycle of gateways and
 * plain tasks spins until the stack overflows (or forever, for a loop that
 * only moves a token round). So every cycle of the flow graph must pass a
 * user task, a timer or a call activity, or a sub-process that cannot be
 * crossed without one.
 *
 * Per container (process or sub-process), deepest first: remove the wait
 * states, then Kahn's algorithm over what remains; a node left over is on a
 * cycle or behind one, and walking successors inside the leftover set finds
 * the cycle named in the message. Linear in the definition, no recursion.
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'

const ALWAYS_WAITS = new Set(['bpmn:UserTask', 'bpmn:CallActivity', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent'])
const NOT_NODES = new Set(['bpmn:SequenceFlow', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'])

function ref(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as ModdleElement).id === 'string') return (value as ModdleElement).id!
  return null
}

function name(node: ModdleElement | undefined, id: string): string {
  return node?.name ? `「${node.name}」(${id})` : id
}

export function checkWaitStates(processElement: ModdleElement): DefinitionProblem[] {
  // Containers in breadth-first order; checked deepest first, so a sub-process knows whether it waits.
  const containers: ModdleElement[] = [processElement]
  for (let i = 0; i < containers.length; i += 1) {
    for (const e of (containers[i]!.flowElements as ModdleElement[] | undefined) ?? []) if (e.$type === 'bpmn:SubProcess') containers.push(e)
  }
  const waits = new Set<ModdleElement>()
  const problems: DefinitionProblem[] = []
  for (let i = containers.length - 1; i >= 0; i -= 1) {
    const container = containers[i]!
    const elements = ((container.flowElements as ModdleElement[] | undefined) ?? []).filter((e) => typeof e.id === 'string')
    const nodes = new Map<string, ModdleElement>()
    for (const e of elements) if (!NOT_NODES.has(e.$type)) nodes.set(e.id!, e)
    const isWait = (node: ModdleElement) => ALWAYS_WAITS.has(node.$type) || waits.has(node)
    const next = new Map<string, string[]>()
    const indegree = new Map<string, number>()
    const hasIncoming = new Set<string>()
    const hasOutgoing = new Set<string>()
    for (const id of nodes.keys()) {
      next.set(id, [])
      indegree.set(id, 0)
    }
    for (const flow of elements) {
      if (flow.$type !== 'bpmn:SequenceFlow') continue
      const source = ref(flow.sourceRef)
      const target = ref(flow.targetRef)
      if (!source || !target || !nodes.has(source) || !nodes.has(target)) continue
      hasIncoming.add(target)
      hasOutgoing.add(source)
      if (isWait(nodes.get(source)!) || isWait(nodes.get(target)!)) continue
      next.get(source)!.push(target)
      indegree.set(target, indegree.get(target)! + 1)
    }
    // Kahn: peel off every node not on a cycle of non-waiting nodes.
    const queue = [...nodes.keys()].filter((id) => !isWait(nodes.get(id)!) && indegree.get(id) === 0)
    const left = new Set([...nodes.keys()].filter((id) => !isWait(nodes.get(id)!)))
    while (queue.length) {
      const id = queue.pop()!
      left.delete(id)
      for (const t of next.get(id)!) {
        indegree.set(t, indegree.get(t)! - 1)
        if (indegree.get(t) === 0) queue.push(t)
      }
    }
    if (left.size > 0) {
      // Drop what only hangs behind a cycle (no successor left): every remaining node then leads on to a cycle.
      const outdegree = new Map<string, number>()
      const previous = new Map<string, string[]>()
      for (const id of left) {
        outdegree.set(id, next.get(id)!.filter((t) => left.has(t)).length)
        for (const t of next.get(id)!) if (left.has(t)) previous.set(t, [...(previous.get(t) ?? []), id])
      }
      const sinks = [...left].filter((id) => outdegree.get(id) === 0)
      while (sinks.length) {
        const id = sinks.pop()!
        left.delete(id)
        for (const p of previous.get(id) ?? []) {
          outdegree.set(p, outdegree.get(p)! - 1)
          if (outdegree.get(p) === 0 && left.has(p)) sinks.push(p)
        }
      }
    }
    if (left.size > 0) {
      // Walk successors inside the leftover set until a node repeats: that is a cycle.
      const seen = new Map<string, number>()
      const path: string[] = []
      let at: string | undefined = left.values().next().value
      while (at !== undefined && !seen.has(at)) {
        seen.set(at, path.length)
        path.push(at)
        at = next.get(at)!.find((t) => left.has(t))
      }
      const cycle = at === undefined ? path : path.slice(seen.get(at)!)
      const first = cycle[0]!
      problems.push({
        elementId: first,
        code: 'LOOP_WITHOUT_WAIT',
        message: `循环 ${[...cycle, first].map((id) => name(nodes.get(id), id)).join(' → ')} 不经过任何用户任务、定时器或调用活动：运行时会无限循环。请让循环经过一个需要人办理的环节`,
        messageEn: `the loop ${[...cycle, first].join(' → ')} passes no user task, timer or call activity: it would spin forever`,
      })
    }
    if (container !== processElement) {
      // A sub-process waits when no path from one of its starts to one of its ends avoids a wait state.
      const starts = [...nodes.values()].filter((n) => !isWait(n) && (n.$type === 'bpmn:StartEvent' || !hasIncoming.has(n.id!)))
      const reach = new Set<string>()
      const stack = starts.map((n) => n.id!)
      let crossable = false
      while (stack.length && !crossable) {
        const id = stack.pop()!
        if (reach.has(id)) continue
        reach.add(id)
        if (!hasOutgoing.has(id)) crossable = true
        stack.push(...next.get(id)!)
      }
      if (!crossable) waits.add(container)
    }
  }
  return problems
}
