/**
 * The diagram (BPMN DI) of a definition, drawn by bpmn-auto-layout from the
 * process part: the shipped definitions' layout tool and the review-step
 * generator draw the same way. Any existing diagram is replaced.
 * bpmn-auto-layout reads `<incoming>`/`<outgoing>` references, which
 * hand-written XML leaves out, so they are filled in from the flows first.
 */
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle'
import { layoutProcess } from 'bpmn-auto-layout'
import { moddleExtensions } from './parse-bpmn.ts'

/** Fills `<incoming>`/`<outgoing>` of every flow node from the sequence flows (replacing what was there). */
export function linkFlows(container: ModdleElement): void {
  const elements = (container.flowElements as ModdleElement[] | undefined) ?? []
  for (const element of elements) {
    if (element.$type === 'bpmn:SequenceFlow') continue
    element.incoming = []
    element.outgoing = []
  }
  for (const flow of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    ;((flow.sourceRef as ModdleElement).outgoing as ModdleElement[]).push(flow)
    ;((flow.targetRef as ModdleElement).incoming as ModdleElement[]).push(flow)
  }
  for (const element of elements) if (element.$type === 'bpmn:SubProcess') linkFlows(element)
}

/** The definition with a freshly laid-out diagram. */
export async function layout(xml: string): Promise<string> {
  const moddle = new BpmnModdle(moddleExtensions)
  const { rootElement, warnings } = await moddle.fromXML(xml.trim())
  if (warnings.length) throw new Error(`不能布局：${warnings.map((w) => w.message).join('; ')}`)
  rootElement.diagrams = []
  for (const element of (rootElement.rootElements as ModdleElement[]) ?? []) {
    if (element.$type === 'bpmn:Process') linkFlows(element)
  }
  const { xml: withoutDiagram } = await moddle.toXML(rootElement, { format: true })
  const laidOut = await layoutProcess(withoutDiagram)
  return `${laidOut.trim()}\n`
}
