/**
 * The review steps of a definition that has no stored configuration (a
 * shipped procedure): each review section read back into an ordered list —
 * a step for each review task, its condition from the gateways before it, its
 * 退回 and other outcomes from the gateways after it. Only shapes the
 * generator itself produces, or the shipped definitions use, are read: a
 * two-way branch with a step on one or both sides (when … / otherwise);
 * anything else is reported and left as it is.
 */
import type { ModdleElement } from 'bpmn-moddle'
import { parseDue } from '../due.ts'
import { negateWhen, whenFromFeel } from './conditions.ts'
import { conditionOf, findSections, idOf, isReviewTask, outcomesOf, outcomeTest, readProcess, zfAttr, type ProcessGraph, type SectionShape } from './process-graph.ts'
import type { Count, Deadline, OverdueChoice, ReviewSection, ReviewStep, ReviewSteps, When } from './steps-schema.ts'
import { storedSections } from './stored-steps.ts'

export class NotDerivable extends Error {}

function countOf(task: ModdleElement): Count {
  const loop = task.loopCharacteristics as ModdleElement | undefined
  if (!loop) return { kind: 'one' }
  const people = Number(String((loop.loopCardinality as ModdleElement | undefined)?.body ?? '').trim())
  if (!Number.isInteger(people)) throw new NotDerivable(`「${task.name}」的多人办理人数不是固定数字`)
  const completion = (zfAttr(task, 'completion') ?? 'all').toLowerCase()
  if (completion === 'all' || completion === 'any') return { kind: completion, people }
  return { kind: 'share', people, share: completion }
}

/** The step list's choice for a task's zf:overdue; no attribute is the shipped rule. */
export function overdueOf(task: ModdleElement): OverdueChoice {
  const given = zfAttr(task, 'overdue')
  return given === 'remind' || given === 'report' ? given : 'remind-then-report'
}

function deadlineOf(task: ModdleElement): Deadline | null {
  const due = zfAttr(task, 'due')
  if (!due) return null
  const overdue = overdueOf(task)
  const spec = parseDue(due)
  if ('kind' in spec && spec.kind === 'working-days') return { workingDays: spec.days, overdue }
  return { expression: due, overdue }
}

function stepOf(task: ModdleElement, when: When): ReviewStep {
  const outcomes = outcomesOf(task)
  return {
    id: task.id!,
    name: task.name ?? task.id!,
    role: zfAttr(task, 'role') ?? '',
    scope: zfAttr(task, 'scope') ?? '',
    form: zfAttr(task, 'approval') === 'true' ? null : zfAttr(task, 'form'),
    count: countOf(task),
    when,
    deadline: deadlineOf(task),
    outcomes,
    returnTo: 'drafter',
    routes: {},
    opinionRequired: zfAttr(task, 'opinion') === 'required',
    gate: zfAttr(task, 'gate'),
    outcomeVariable: zfAttr(task, 'outcome') ?? `${task.id}Outcome`,
    resultVariable: zfAttr(task, 'result') ?? task.id!,
    issue: zfAttr(task, 'issue'),
    assignee: zfAttr(task, 'assignee'),
  }
}

/** Nodes of the section reachable from `from` (inclusive), in breadth-first order. */
function reach(graph: ProcessGraph, shape: SectionShape, from: string, forward: (f: ModdleElement) => boolean): string[] {
  const order = [from]
  const seen = new Set(order)
  for (let i = 0; i < order.length; i += 1) {
    for (const f of graph.outgoing(order[i]!).filter(forward)) {
      const t = idOf(f.targetRef)
      if (!seen.has(t) && (shape.nodes.has(t) || t === shape.exit)) { seen.add(t); order.push(t) }
    }
  }
  return order
}

function deriveSection(graph: ProcessGraph, shape: SectionShape): ReviewSection {
  const byId = graph.byId
  const steps: ReviewStep[] = []
  const outcomeVars = new Set([...shape.nodes].map((n) => byId.get(n)!).filter(isReviewTask).map((t) => zfAttr(t, 'outcome')))
  // Flows leaving the section on an outcome (退回, 不予批准…) and the flows staying in it.
  const leaves = (f: ModdleElement) => { const t = outcomeTest(conditionOf(f)); return !!t && outcomeVars.has(t[0]) && !shape.nodes.has(idOf(f.targetRef)) && idOf(f.targetRef) !== shape.exit }
  const forward = (f: ModdleElement) => !leaves(f)

  // Attach each outcome leaving the section to the steps whose outcome variable it tests.
  const attachRoutes = (nodeId: string, into: ReviewStep[]) => {
    for (const f of graph.outgoing(nodeId).filter(leaves)) {
      const [variable, outcome] = outcomeTest(conditionOf(f))!
      for (const step of into.filter((s) => s.outcomeVariable === variable)) {
        const target = idOf(f.targetRef)
        if (outcome === 'return') {
          if (target !== shape.drafter) throw new NotDerivable(`「${step.name}」退回去往 ${target}，不是起草步骤`)
        } else step.routes[outcome] = target
      }
    }
  }

  const walk = (from: string, stop: string, when: When): ReviewStep[] => {
    const out: ReviewStep[] = []
    let at = from
    let pending = when
    for (let guard = 0; at !== stop; guard += 1) {
      if (guard > 200) throw new NotDerivable('审核环节的连线有环')
      const element = byId.get(at)!
      if (isReviewTask(element)) {
        out.push(stepOf(element, pending))
        pending = { kind: 'always' }
      }
      attachRoutes(at, [...steps, ...out])
      const next = graph.outgoing(at).filter(forward)
      if (next.length === 1) {
        at = idOf(next[0]!.targetRef)
        continue
      }
      if (next.length !== 2 || element.$type !== 'bpmn:ExclusiveGateway') throw new NotDerivable(`「${element.name ?? at}」分出 ${next.length} 条路线，只能读取二选一的分支`)
      const fallback = element.default as ModdleElement | undefined
      const conditional = next.find((f) => f !== fallback && conditionOf(f))
      const other = next.find((f) => f !== conditional)
      if (!conditional || !other || (other !== fallback && conditionOf(other))) throw new NotDerivable(`「${element.name ?? at}」的分支须是一个条件加一个默认路线`)
      const a = reach(graph, shape, idOf(conditional.targetRef), forward)
      const b = new Set(reach(graph, shape, idOf(other.targetRef), forward))
      const join = a.find((n) => b.has(n))
      if (!join) throw new NotDerivable(`「${element.name ?? at}」的两条路线不再汇合`)
      const condition = whenFromFeel(conditionOf(conditional)!)
      const first = walk(idOf(conditional.targetRef), join, pending)
      const second = walk(idOf(other.targetRef), join, pending)
      if (first.length > 1 || second.length > 1) throw new NotDerivable(`「${element.name ?? at}」的分支上有多个步骤`)
      const [stepA] = first
      const [stepB] = second
      if (pending.kind !== 'always' && (stepA || stepB)) throw new NotDerivable(`「${element.name ?? at}」的分支在另一个条件之内`)
      if (stepA && stepB) out.push({ ...stepA, when: condition }, { ...stepB, when: { kind: 'otherwise' } })
      else if (stepA) out.push({ ...stepA, when: condition })
      else if (stepB) out.push({ ...stepB, when: negateWhen(condition) })
      // Outcomes leaving from gateways inside the branches belong to the steps just placed.
      for (const n of [...a, ...b]) if (n !== join && !isReviewTask(byId.get(n))) attachRoutes(n, out)
      at = join
    }
    return out
  }

  steps.push(...walk(idOf(shape.entry.targetRef), shape.exit, { kind: 'always' }))
  const names = steps.map((s) => s.name)
  return { id: shape.entry.id!, title: names.join('、'), drafter: shape.drafter, exit: shape.exit, steps }
}

export interface Derived {
  config: ReviewSteps
  /** Review steps left as they are, with the reason (Chinese). */
  skipped: string[]
  /** true: the configuration was stored in the definition (zf:reviewSteps); false: read from the process. */
  stored: boolean
}

/** The review steps of a definition: each section as stored in it, or else read from its process. */
export async function reviewStepsOf(xml: string): Promise<Derived> {
  const graph = await readProcess(xml)
  const stored = new Map(storedSections(graph).map((s) => [s.id, s]))
  const derived = deriveFromGraph(graph)
  // A stored section keeps what reading the process would lose (a condition on a 会签's field stays field-operator-value).
  const sections = derived.config.sections.map((s) => {
    const kept = stored.get(s.id)
    return kept ? withOverdueOf(kept, s) : s
  })
  return { config: { ...derived.config, sections }, skipped: derived.skipped, stored: stored.size > 0 }
}

/**
 * What happens at a stored step's deadline is read from its task: lists
 * stored before there were three choices said `remind` for what a task
 * without zf:overdue does (the shipped rule), and the task is what runs.
 */
function withOverdueOf(kept: ReviewSection, read: ReviewSection): ReviewSection {
  const readSteps = new Map(read.steps.map((s) => [s.id, s]))
  return {
    ...kept,
    steps: kept.steps.map((step) => {
      const overdue = readSteps.get(step.id)?.deadline?.overdue
      return step.deadline && overdue ? { ...step, deadline: { ...step.deadline, overdue } } : step
    }),
  }
}

export function deriveFromGraph(graph: ProcessGraph): { config: ReviewSteps; skipped: string[] } {
  const scan = findSections(graph)
  const byId = graph.byId
  const skipped = scan.unsupported.map((u) => `${u.steps.map((s) => `「${byId.get(s)?.name ?? s}」`).join('')}：${u.reason}`)
  const sections: ReviewSection[] = []
  for (const shape of scan.sections) {
    try {
      sections.push(deriveSection(graph, shape))
    } catch (e) {
      if (!(e instanceof NotDerivable)) throw e
      skipped.push(`${[...shape.nodes].filter((n) => isReviewTask(byId.get(n))).map((s) => `「${byId.get(s)?.name ?? s}」`).join('')}：${e.message}`)
    }
  }
  return { config: { procedure: graph.process.id!, sections }, skipped }
}
