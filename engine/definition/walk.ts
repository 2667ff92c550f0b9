/**
 * Every element of a parsed definition, with the nearest id above it, in
 * document order, without recursion: the depth of the tree is the author's
 * choice, and a recursive walk would overflow the stack on a deep one.
 */
import type { ModdleElement } from 'bpmn-moddle'

const SKIP_KEYS = new Set(['$parent', '$type', '$descriptor', '$model', '$instanceOf', '$attrs', 'di'])

export interface Visited {
  element: ModdleElement
  /** The element's own id, or the id of the nearest element above it that has one. */
  ownerId: string | null
  /** Own string values (attributes known to the model, bodies, `$attrs`), with their names. */
  strings: Array<[name: string, value: string]>
}

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as ModdleElement).$type === 'string'
}

/**
 * References (sourceRef, attachedToRef, default…) point at other elements of
 * the tree: they are not children. Only containment properties are followed.
 */
function isReference(element: ModdleElement, key: string): boolean {
  const descriptor = (element as unknown as { $descriptor?: { propertiesByName?: Record<string, { isReference?: boolean }> } }).$descriptor
  return descriptor?.propertiesByName?.[key]?.isReference === true
}

export function walkTree(root: ModdleElement): Visited[] {
  const out: Visited[] = []
  const stack: Array<[ModdleElement, string | null]> = [[root, null]]
  while (stack.length) {
    const [element, parentOwner] = stack.pop()!
    const ownerId = typeof element.id === 'string' ? element.id : parentOwner
    const strings: Array<[string, string]> = []
    for (const [key, value] of Object.entries(element.$attrs ?? {})) if (typeof value === 'string') strings.push([key, value])
    const children: ModdleElement[] = []
    for (const key of Object.keys(element)) {
      if (SKIP_KEYS.has(key)) continue
      const value = element[key]
      if (typeof value === 'string') strings.push([key, value])
      else if (isReference(element, key)) continue
      else if (Array.isArray(value)) {
        for (const item of value) {
          if (isElement(item)) children.push(item)
          else if (typeof item === 'string') strings.push([key, item])
        }
      } else if (isElement(value)) children.push(value)
    }
    out.push({ element, ownerId, strings })
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push([children[i]!, ownerId])
  }
  return out
}
