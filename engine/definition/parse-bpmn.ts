/**
 * BPMN XML → moddle tree, with our `zf` extension registered so that its
 * attributes are kept. The size limits, DOCTYPE and encoding are checked on
 * the text first (limits.ts). Any parser warning (an unknown attribute or
 * element, a dangling reference) is an error, except attributes of the
 * harmless modeler namespaces (colours); attributes and elements of any
 * other foreign namespace are refused too (namespaces.ts): a definition that
 * does not say exactly what it means is refused.
 */
import { BpmnModdle, type ModdleElement, type ParseResult } from 'bpmn-moddle'
import zf from '../zf-moddle.json' with { type: 'json' }
import type { DefinitionProblem } from '../errors.ts'
import { prescanDefinition } from './limits.ts'
import { declaredPrefixes, foreignContent, isHarmlessWarning } from './namespaces.ts'
import { walkTree, type Visited } from './walk.ts'

export const moddleExtensions = { zf }
export const ZF_NAMESPACE = zf.uri

export type ParsedBpmn = { ok: true; context: ParseResult; visited: Visited[] } | { ok: false; problems: DefinitionProblem[] }

function nearestId(element: ModdleElement | undefined): string | null {
  for (let e = element; e; e = e.$parent) if (typeof e.id === 'string') return e.id
  return null
}

/** The parser's first line, without its stack or the XML context it appends. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return (text.split('\n')[0] ?? '').slice(0, 300)
}

/**
 * Some modelers (Flowable, older Signavio exports) write only sourceRef and
 * targetRef; bpmnlint and the gate check read incoming/outgoing. Fill them in
 * from the flows, so a connected element is never reported as disconnected.
 */
function linkFlows(visited: Visited[]): void {
  for (const { element } of visited) {
    if (element.$type !== 'bpmn:SequenceFlow') continue
    const source = element.sourceRef as ModdleElement | undefined
    const target = element.targetRef as ModdleElement | undefined
    if (source && typeof source === 'object') {
      const outgoing = ((source.outgoing as ModdleElement[] | undefined) ?? [])
      if (!outgoing.includes(element)) source.outgoing = [...outgoing, element]
    }
    if (target && typeof target === 'object') {
      const incoming = ((target.incoming as ModdleElement[] | undefined) ?? [])
      if (!incoming.includes(element)) target.incoming = [...incoming, element]
    }
  }
}

export async function parseBpmn(input: string): Promise<ParsedBpmn> {
  const prescan = prescanDefinition(input)
  if (!prescan.ok) return prescan
  let context: ParseResult
  try {
    context = await new BpmnModdle(moddleExtensions).fromXML(prescan.xml)
  } catch (err) {
    const detail = firstLine(err)
    // bpmn-moddle reports a foreign root element as "failed to parse document as <bpmn:Definitions>"; anything else is broken XML.
    const notBpmn = /failed to parse document as <bpmn:Definitions>/i.test(detail)
    return {
      ok: false,
      problems: [
        notBpmn
          ? { elementId: null, code: 'NOT_BPMN', message: `不是 BPMN 2.0 流程定义：${detail}`, messageEn: `not a BPMN 2.0 definitions document: ${detail}` }
          : { elementId: null, code: 'XML_MALFORMED', message: `XML 格式错误：${detail}`, messageEn: `malformed XML: ${detail}` },
      ],
    }
  }
  if (!context.rootElement || context.rootElement.$type !== 'bpmn:Definitions') {
    return { ok: false, problems: [{ elementId: null, code: 'NOT_BPMN', message: '不是 BPMN 2.0 流程定义（根元素应为 bpmn:definitions）', messageEn: 'not a BPMN 2.0 definitions document' }] }
  }
  const visited = walkTree(context.rootElement)
  const prefixes = declaredPrefixes(visited.map((v) => v.element))
  const problems: DefinitionProblem[] = context.warnings
    .filter((w) => !isHarmlessWarning(w.message, prefixes))
    .map((w) => ({
      elementId: nearestId(w.element),
      code: 'PARSE_WARNING',
      message: `无法识别的内容：${firstLine(w.message)}`,
      messageEn: `not understood: ${firstLine(w.message)}`,
    }))
  problems.push(...foreignContent(visited, prefixes))
  if (problems.length > 0) return { ok: false, problems }
  linkFlows(visited)
  return { ok: true, context, visited }
}
