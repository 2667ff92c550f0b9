/**
 * Which XML namespaces a definition may use. BPMN, its diagram interchange,
 * XML Schema instance and our `zf` are understood; a few modeler namespaces
 * carry only layout or modeler bookkeeping and are harmless. Anything else
 * (camunda:class, flowable:assignee, an execution listener with a script)
 * would be silently ignored by our engine while the author believes it does
 * something, so it is refused with its name.
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import zf from '../zf-moddle.json' with { type: 'json' }

export const UNDERSTOOD_NAMESPACES = new Set([
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/2001/XMLSchema',
  'http://www.w3.org/XML/1998/namespace',
  zf.uri,
])

/** Layout colours and modeler bookkeeping: kept in the file, ignored by the engine. */
export const HARMLESS_NAMESPACES = new Set([
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://bpmn.io/schema/bpmn',
  'http://camunda.org/schema/modeler/1.0',
])

/** prefix → namespace URI, from every xmlns declaration in the tree (prefixes are rarely redeclared). */
export function declaredPrefixes(elements: Iterable<ModdleElement>): Map<string, string> {
  const prefixes = new Map<string, string>()
  for (const element of elements) {
    for (const [key, value] of Object.entries(element.$attrs ?? {})) {
      if (key.startsWith('xmlns:') && typeof value === 'string') prefixes.set(key.slice(6), value)
    }
  }
  return prefixes
}

export function isAllowedNamespace(uri: string | undefined): boolean {
  return uri !== undefined && (UNDERSTOOD_NAMESPACES.has(uri) || HARMLESS_NAMESPACES.has(uri))
}

/** A parser warning about an attribute of a harmless namespace (e.g. `bioc:fill`) is no problem. */
export function isHarmlessWarning(message: string, prefixes: Map<string, string>): boolean {
  const match = /^unknown attribute <([\w.-]+):[\w.-]+>/.exec(message)
  return match !== null && HARMLESS_NAMESPACES.has(prefixes.get(match[1]!) ?? '')
}

function label(element: ModdleElement, ownerId: string | null): string | null {
  return typeof element.id === 'string' ? element.id : ownerId
}

/**
 * Foreign attributes (kept by the parser in `$attrs`) and foreign elements
 * (kept as generic elements, e.g. inside extensionElements) of any namespace
 * that is neither understood nor harmless.
 */
export function foreignContent(elements: Array<{ element: ModdleElement; ownerId: string | null }>, prefixes: Map<string, string>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const refuse = (id: string | null, what: 'attribute' | 'element', name: string) => {
    const uri = prefixes.get(name.split(':')[0]!) ?? '未声明 undeclared'
    problems.push({
      elementId: id,
      code: what === 'attribute' ? 'FOREIGN_ATTRIBUTE_FORBIDDEN' : 'FOREIGN_ELEMENT_FORBIDDEN',
      message: `不支持的${what === 'attribute' ? '属性' : '元素'} ${name}（命名空间 ${uri}）：本系统不执行其他引擎的扩展，请删除，改用 zf: 属性`,
      messageEn: `foreign ${what} ${name} (namespace ${uri}) is not supported: our engine would ignore it; remove it and use zf: attributes`,
    })
  }
  for (const { element, ownerId } of elements) {
    const id = label(element, ownerId)
    const type = element.$type
    const colon = type.indexOf(':')
    const prefix = colon > 0 ? type.slice(0, colon) : ''
    if (prefix && !['bpmn', 'bpmndi', 'dc', 'di', 'zf'].includes(prefix) && !isAllowedNamespace(prefixes.get(prefix))) {
      refuse(id, 'element', type)
      continue
    }
    for (const key of Object.keys(element.$attrs ?? {})) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue
      const at = key.indexOf(':')
      if (at < 0) continue
      if (!isAllowedNamespace(prefixes.get(key.slice(0, at)))) refuse(id, 'attribute', key)
    }
  }
  return problems
}
