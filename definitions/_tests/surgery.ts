/**
 * Edits of shipped definitions for gate tests, done on the moddle tree so
 * they follow the shipped files: remove a step and reconnect its incoming
 * flows to where it led, or add a shortcut flow. The diagram is laid out
 * again, so what comes out is a deployable-looking definition whose only
 * fault is the one made here.
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle'
import { moddleExtensions } from '../../engine/definition/parse-bpmn.ts'
import { layout, linkFlows } from '../_tools/layout.ts'

async function edit(xml: string, change: (moddle: BpmnModdle, process: ModdleElement) => void): Promise<string> {
  const moddle = new BpmnModdle(moddleExtensions)
  const { rootElement } = await moddle.fromXML(xml)
  const process = (rootElement.rootElements as ModdleElement[]).find((e) => e.$type === 'bpmn:Process')!
  change(moddle, process)
  // References of the old diagram and of the removed elements would not resolve: the layout draws a new diagram.
  rootElement.diagrams = []
  linkFlows(process)
  const { xml: changed } = await moddle.toXML(rootElement, { format: true })
  return layout(changed)
}

/** The definition without these steps; each step's incoming flows now go where its single outgoing flow went. */
export function withoutSteps(xml: string, ids: string[]): Promise<string> {
  return edit(xml, (_moddle, process) => {
    const elements = process.flowElements as ModdleElement[]
    const flows = () => elements.filter((e) => e.$type === 'bpmn:SequenceFlow')
    for (const id of ids) {
      const step = elements.find((e) => e.id === id)
      if (!step) throw new Error(`no element ${id}`)
      const outgoing = flows().filter((f) => (f.sourceRef as ModdleElement).id === id)
      if (outgoing.length !== 1) throw new Error(`${id} has ${outgoing.length} outgoing flows`)
      const target = outgoing[0]!.targetRef as ModdleElement
      for (const flow of flows().filter((f) => (f.targetRef as ModdleElement).id === id)) {
        const duplicate = flows().some((f) => f !== flow && f.sourceRef === flow.sourceRef && f.targetRef === target)
        if (duplicate) elements.splice(elements.indexOf(flow), 1)
        else flow.targetRef = target
      }
      elements.splice(elements.indexOf(outgoing[0]!), 1)
      elements.splice(elements.indexOf(step), 1)
    }
  })
}

/** The definition with one more conditional flow from a gateway to a step. */
export function withShortcut(xml: string, from: string, to: string, name: string, condition: string): Promise<string> {
  return edit(xml, (moddle, process) => {
    const elements = process.flowElements as ModdleElement[]
    const byId = (id: string) => elements.find((e) => e.id === id)!
    const conditionExpression = moddle.create('bpmn:FormalExpression', { body: condition })
    elements.push(moddle.create('bpmn:SequenceFlow', { id: 'shortcut', name, sourceRef: byId(from), targetRef: byId(to), conditionExpression }))
  })
}
