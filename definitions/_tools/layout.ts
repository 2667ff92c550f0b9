/**
 * Lays out the diagram (BPMN DI) of process definitions with bpmn-auto-layout,
 * so that the XML stays hand-written and reviewable and the picture follows it.
 *
 *   npx tsx definitions/_tools/layout.ts                 every definitions/<key>/process.bpmn
 *   npx tsx definitions/_tools/layout.ts a.bpmn b.bpmn   the named files
 *   npx tsx definitions/_tools/layout.ts --check         exit 1 when a diagram is not what the layout gives
 *
 * The process part is kept; any existing diagram is replaced. bpmn-auto-layout
 * reads `<incoming>`/`<outgoing>` references, which hand-written XML leaves
 * out, so they are filled in from the sequence flows first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle'
import { layoutProcess } from 'bpmn-auto-layout'
import { moddleExtensions } from '../../engine/definition/parse-bpmn.ts'

export const definitionsDir = path.resolve(import.meta.dirname, '..')

/** Every `definitions/<key>/process.bpmn`. */
export function definitionFiles(dir = definitionsDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .map((d) => path.join(dir, d.name, 'process.bpmn'))
    .filter((file) => fs.existsSync(file))
    .sort()
}

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

async function main(args: string[]): Promise<number> {
  const check = args.includes('--check')
  const files = args.filter((a) => a !== '--check')
  let stale = 0
  for (const file of files.length ? files : definitionFiles()) {
    const xml = fs.readFileSync(file, 'utf8')
    const next = await layout(xml)
    if (next === xml) continue
    if (check) {
      stale += 1
      console.error(`布局过期 diagram out of date: ${path.relative(process.cwd(), file)}`)
    } else {
      fs.writeFileSync(file, next)
      console.log(`已布局 laid out: ${path.relative(process.cwd(), file)}`)
    }
  }
  return stale ? 1 : 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
