/**
 * Two entries of the standard properties panel drawn again with the
 * translate service: 名称 and 说明 are text areas whose pop-up button says
 * "Open pop-up editor" unless the area is given `translate`, which the
 * standard entries do not pass it. Same values, same commands; elements
 * whose name is kept elsewhere (注释, 分组, 泳池) keep the standard entry.
 */
import { h } from '@bpmn-io/properties-panel/preact'
import { TextAreaEntry } from '@bpmn-io/properties-panel'
import { useService } from 'bpmn-js-properties-panel'

interface Documentation { text?: string; textFormat?: string }
interface BusinessObject { name?: string; get(name: 'documentation'): Documentation[] }
interface Element { type: string; businessObject: BusinessObject }
interface Modeling {
  updateProperties(element: Element, properties: Record<string, unknown>): void
  updateModdleProperties(element: Element, moddleElement: unknown, properties: Record<string, unknown>): void
}
interface BpmnFactory { create(type: string, attrs?: Record<string, unknown>): Documentation }
type Translate = (template: string) => string
type Component = (props: { element: Element; id: string }) => unknown

const PLAIN = 'text/plain'
const isPlain = (d: Documentation) => (d.textFormat ?? PLAIN) === PLAIN
const NAMED_ELSEWHERE = new Set(['bpmn:TextAnnotation', 'bpmn:Group', 'bpmn:Participant'])

function NameEntry({ element, id }: { element: Element; id: string }) {
  const modeling = useService('modeling') as Modeling
  const translate = useService('translate') as Translate
  return h(TextAreaEntry, {
    element, id, label: translate('Name'), debounce: useService('debounceInput'), translate, autoResize: true,
    getValue: () => element.businessObject.name ?? '',
    setValue: (value: string | undefined) => modeling.updateProperties(element, { name: value }),
  })
}

function DocumentationEntry({ element, id }: { element: Element; id: string }) {
  const modeling = useService('modeling') as Modeling
  const bpmnFactory = useService('bpmnFactory') as BpmnFactory
  const translate = useService('translate') as Translate
  const bo = element.businessObject
  return h(TextAreaEntry, {
    element, id, label: translate('Element documentation'), debounce: useService('debounceInput'), translate,
    getValue: () => bo.get('documentation').find(isPlain)?.text ?? '',
    setValue: (value: string | undefined) => {
      const others = bo.get('documentation').filter((d) => !isPlain(d))
      const text = value ?? ''
      modeling.updateModdleProperties(element, bo, { documentation: text ? [...others, bpmnFactory.create('bpmn:Documentation', { text })] : others })
    },
  })
}

/** The component to draw a standard entry with, when it is one of the two. */
export function translatedEntry(element: { type: string }, entryId: string): Component | null {
  if (entryId === 'documentation') return DocumentationEntry as Component
  if (entryId === 'name' && !NAMED_ELSEWHERE.has(element.type)) return NameEntry as Component
  return null
}
