/**
 * The steps that can follow the current ones in a definition, read from its
 * flows: through gateways and events, up to the next user task, call or end.
 * For people who cannot read a diagram on a small screen: "下一步：审核现场检查方案
 * （同意）、编制现场检查方案（退回）".
 */
import type { ModdleElement } from 'bpmn-moddle'
import { parseBpmn } from './parse-bpmn.ts'

export interface NextStep {
  id: string
  name: string
  /** The name of the first named flow on the way (同意, 退回 …), if any. */
  via: string | null
  /** The procedure ends there. */
  end: boolean
}

/** A definition's flows, parsed once: what leaves each element. */
export interface FlowGraph {
  next(fromIds: readonly string[]): NextStep[]
}

const STEP_TYPES = new Set(['bpmn:UserTask', 'bpmn:CallActivity', 'bpmn:SubProcess'])
const MAX_HOPS = 50

export async function flowGraph(xml: string): Promise<FlowGraph | null> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) return null
  const elements = parsed.context.elementsById
  const outgoing = (element: ModdleElement) => ((element.outgoing as ModdleElement[] | undefined) ?? [])
  return {
    next(fromIds) {
      const found = new Map<string, NextStep>()
      for (const fromId of fromIds) {
        const from = elements[fromId]
        if (!from) continue
        const queue: Array<{ flow: ModdleElement; via: string | null; hops: number }> = outgoing(from).map((flow) => ({ flow, via: null, hops: 0 }))
        const seen = new Set<string>()
        while (queue.length) {
          const { flow, via, hops } = queue.shift()!
          const target = flow.targetRef as ModdleElement | undefined
          const label = via ?? (typeof flow.name === 'string' && flow.name ? flow.name : null)
          if (!target?.id || seen.has(`${flow.id}`) || hops > MAX_HOPS) continue
          seen.add(`${flow.id}`)
          if (STEP_TYPES.has(target.$type) || target.$type === 'bpmn:EndEvent') {
            if (!found.has(target.id)) found.set(target.id, { id: target.id, name: typeof target.name === 'string' ? target.name : target.id, via: label, end: target.$type === 'bpmn:EndEvent' })
            continue
          }
          for (const next of outgoing(target)) queue.push({ flow: next, via: label, hops: hops + 1 })
        }
      }
      return [...found.values()]
    },
  }
}
