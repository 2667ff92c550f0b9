/**
 * BPMN XML → moddle tree, with our `zf` extension registered so that its
 * attributes are kept. Any parser warning (an unknown attribute or element,
 * a dangling reference) is an error: a definition that does not say exactly
 * what it means is refused.
 */
import { BpmnModdle, type ModdleElement, type ParseResult } from 'bpmn-moddle'
import zf from '../zf-moddle.json' with { type: 'json' }
import type { DefinitionProblem } from '../errors.ts'

export const moddleExtensions = { zf }
export const ZF_NAMESPACE = zf.uri

export type ParsedBpmn = { ok: true; context: ParseResult } | { ok: false; problems: DefinitionProblem[] }

function nearestId(element: ModdleElement | undefined): string | null {
  for (let e = element; e; e = e.$parent) if (typeof e.id === 'string') return e.id
  return null
}

export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  let context: ParseResult
  try {
    context = await new BpmnModdle(moddleExtensions).fromXML(xml.trim())
  } catch (err) {
    const detail = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
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
  if (context.warnings.length > 0) {
    return {
      ok: false,
      problems: context.warnings.map((w) => ({
        elementId: nearestId(w.element),
        code: 'PARSE_WARNING',
        message: `无法识别的内容：${w.message}`,
        messageEn: `not understood: ${w.message}`,
      })),
    }
  }
  return { ok: true, context }
}
