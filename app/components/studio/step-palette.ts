/**
 * Our step kinds (step-kinds.ts) in the palette and the context pad, in
 * place of the raw BPMN task: 审核, 审批, 制作文书, 法制审核, 集体讨论, 送达,
 * each a user task pre-filled with its `zf` attributes. Pools, data objects
 * and stores are left out: the deploy check refuses them.
 */
import { STEP_KINDS, stepProperties, type StepKind } from './step-kinds.ts'

type Translate = (text: string) => string
interface Shape { id: string; type: string }
interface PaletteEntry { group: string; className: string; title: string; action: Record<string, (event: Event, element?: Shape) => void> }
interface ElementFactory { createShape(attrs: { type: string; businessObject: unknown }): Shape }
interface BpmnFactory { create(type: string, attrs?: Record<string, unknown>): unknown }
interface Create { start(event: Event, shape: Shape, context?: { source: Shape }): void }
interface AutoPlace { append(source: Shape, shape: Shape): void }

const DROPPED_PALETTE = ['create.task', 'create.data-object', 'create.data-store', 'create.participant-expanded', 'create.group']
const DROPPED_PAD = ['append.append-task', 'append.receive-task', 'append.message-intermediate-event', 'append.condition-intermediate-event', 'append.signal-intermediate-event', 'append.compensation-activity']

function newStep(kind: StepKind, bpmnFactory: BpmnFactory, elementFactory: ElementFactory): Shape {
  const businessObject = bpmnFactory.create('bpmn:UserTask', stepProperties(kind))
  return elementFactory.createShape({ type: 'bpmn:UserTask', businessObject })
}

export function ZhifaPalette(palette: { registerProvider(priority: number, provider: unknown): void }, create: Create, elementFactory: ElementFactory, bpmnFactory: BpmnFactory) {
  const provider = {
    getPaletteEntries() {
      return (entries: Record<string, PaletteEntry>) => {
        for (const key of DROPPED_PALETTE) delete entries[key]
        for (const kind of STEP_KINDS) {
          const start = (event: Event) => create.start(event, newStep(kind, bpmnFactory, elementFactory))
          entries[`create.zf-${kind.key}`] = { group: 'zhifa', className: 'bpmn-icon-user-task zf-palette-step', title: kind.title, action: { dragstart: start, click: start } }
        }
        return entries
      }
    },
  }
  palette.registerProvider(500, provider)
  return provider
}
ZhifaPalette.$inject = ['palette', 'create', 'elementFactory', 'bpmnFactory']

export function ZhifaContextPad(contextPad: { registerProvider(priority: number, provider: unknown): void }, create: Create, elementFactory: ElementFactory, bpmnFactory: BpmnFactory, autoPlace: AutoPlace | null, translate: Translate) {
  const provider = {
    getContextPadEntries(element: Shape) {
      return (entries: Record<string, PaletteEntry>) => {
        const canAppend = DROPPED_PAD.some((key) => key in entries) || 'append.end-event' in entries
        for (const key of DROPPED_PAD) delete entries[key]
        if (!canAppend) return entries
        for (const kind of STEP_KINDS) {
          const append = (event: Event) => {
            const shape = newStep(kind, bpmnFactory, elementFactory)
            if (autoPlace) autoPlace.append(element, shape)
            else create.start(event, shape, { source: element })
          }
          const drag = (event: Event) => create.start(event, newStep(kind, bpmnFactory, elementFactory), { source: element })
          entries[`append.zf-${kind.key}`] = { group: 'zhifa', className: 'bpmn-icon-user-task zf-pad-step', title: `${translate('Append task')}：${kind.title}`, action: { click: append, dragstart: drag } }
        }
        return entries
      }
    },
  }
  contextPad.registerProvider(500, provider)
  return provider
}
ZhifaContextPad.$inject = ['contextPad', 'create', 'elementFactory', 'bpmnFactory', 'autoPlace', 'translate']

export const zhifaPaletteModule = {
  __init__: ['zhifaPalette', 'zhifaContextPad'],
  zhifaPalette: ['type', ZhifaPalette],
  zhifaContextPad: ['type', ZhifaContextPad],
}
