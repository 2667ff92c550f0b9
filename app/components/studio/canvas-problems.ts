/**
 * The deploy check's problems on the canvas: each element with a problem is
 * outlined red with a badge counting them (its messages in the tooltip),
 * and the steps and flows of a path around a statutory gate
 * (GATE_BYPASSED's `path`) are drawn orange.
 */
import type { DefinitionProblem } from '../../../engine/errors.ts'

interface Element { id: string; type: string; source?: Element; target?: Element; incoming?: Element[]; outgoing?: Element[] }
interface Canvas { addMarker(id: string, cls: string): void; removeMarker(id: string, cls: string): void }
interface Overlays { add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string; remove(filter: { type: string }): void }
interface ElementRegistry { get(id: string): Element | undefined; getAll(): Element[] }
export interface Services { canvas: Canvas; overlays: Overlays; elementRegistry: ElementRegistry }

const PROBLEM = 'zf-problem'
const GATE_PATH = 'zf-gate-path'

/** The path's flows: between consecutive steps, the flow that joins them. */
function pathElements(registry: ElementRegistry, path: string[]): string[] {
  const ids = path.filter((id) => registry.get(id))
  for (let i = 0; i + 1 < path.length; i += 1) {
    const from = registry.get(path[i]!)
    const flow = from?.outgoing?.find((f) => f.target?.id === path[i + 1])
    if (flow) ids.push(flow.id)
  }
  return ids
}

export function showProblems(services: Services, problems: DefinitionProblem[]): void {
  const { canvas, overlays, elementRegistry } = services
  overlays.remove({ type: PROBLEM })
  for (const element of elementRegistry.getAll()) {
    canvas.removeMarker(element.id, PROBLEM)
    canvas.removeMarker(element.id, GATE_PATH)
  }
  const byElement = new Map<string, DefinitionProblem[]>()
  for (const problem of problems) {
    if (!problem.elementId || !elementRegistry.get(problem.elementId)) continue
    byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem])
    if (problem.path) for (const id of pathElements(elementRegistry, problem.path)) canvas.addMarker(id, GATE_PATH)
  }
  for (const [id, list] of byElement) {
    canvas.addMarker(id, PROBLEM)
    const badge = document.createElement('div')
    badge.className = 'zf-problem-badge'
    badge.textContent = String(list.length)
    badge.title = list.map((p) => p.message).join('\n')
    badge.dataset.elementId = id
    overlays.add(id, PROBLEM, { position: { top: -10, right: 10 }, html: badge })
  }
}
