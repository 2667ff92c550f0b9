/**
 * Review steps → the review part of a procedure's BPMN, the rest kept: each
 * configured section replaces the review tasks and routing gateways between
 * its entry flow and its exit (found by process-graph.ts). The mapping, like
 * the simple-model conversion of Chinese approval designers:
 *   step                → user task with our zf: attributes
 *   when (a condition)  → exclusive gateway: the condition to the step, the default past it
 *   otherwise           → the default of the previous step's gateway
 *   或签/会签/按比例     → multi-instance with zf:completion any / all / the share
 *   退回, other outcomes → a result gateway after the step: conditional flows out,
 *                          the default (同意) on to the next step
 * The diagram is drawn again by bpmn-auto-layout, and the configuration is
 * stored in the definition (stored-steps.ts). Nothing here checks forms,
 * roles or gates: the caller runs every deploy check on the result.
 */
import type { ModdleElement } from 'bpmn-moddle'
import { layout, linkFlows } from '../definition/auto-layout.ts'
import { compileWhen } from './conditions.ts'
import { deriveFromGraph } from './derive.ts'
import { findSections, idOf, readProcess, type ProcessGraph, type SectionShape } from './process-graph.ts'
import { parseReviewSteps, type ReviewSection, type ReviewStep, type ReviewSteps } from './steps-schema.ts'
import { storedSections, storeSections } from './stored-steps.ts'

export type BuildResult = { ok: true; xml: string; config: ReviewSteps } | { ok: false; problems: string[] }

const FLOW_NAMES: Record<string, string> = { return: '退回', reject: '不予批准', release: '立即解除', committee: '提请案件审理委员会' }

function sectionProblems(section: ReviewSection, shape: SectionShape, graph: ProcessGraph): string[] {
  const problems: string[] = []
  const outside = new Set([...graph.byId.keys()].filter((id) => !shape.nodes.has(id)))
  const seen = new Set<string>()
  section.steps.forEach((step, index) => {
    const label = `审核环节「${section.title}」第${index + 1}步「${step.name}」`
    if (seen.has(step.id)) problems.push(`${label}：步骤编号 ${step.id} 重复`)
    if (outside.has(step.id) || /_(when|result|again|join)$/.test(step.id)) problems.push(`${label}：步骤编号 ${step.id} 已被流程的其他部分使用`)
    seen.add(step.id)
    if (step.outcomes[0] !== 'approve' || !step.outcomes.includes('return')) problems.push(`${label}：办理结果须以「同意」(approve) 开头并包含「退回」(return)`)
    if (new Set(step.outcomes).size !== step.outcomes.length) problems.push(`${label}：办理结果重复`)
    if (step.returnTo !== 'drafter' && !section.steps.slice(0, index).some((s) => s.id === step.returnTo)) {
      problems.push(`${label}：退回只能回到起草人或本环节中排在前面的步骤（${step.returnTo} 不是）`)
    }
    for (const [outcome, target] of Object.entries(step.routes)) {
      if (!step.outcomes.includes(outcome) || outcome === 'approve' || outcome === 'return') problems.push(`${label}：办理结果「${outcome}」不能另设去向`)
      else if (!outside.has(target)) problems.push(`${label}：办理结果「${outcome}」的去向 ${target} 不在流程的其他部分`)
    }
    if (step.when.kind === 'otherwise') {
      const previous = section.steps[index - 1]
      if (!previous || (previous.when.kind !== 'if' && previous.when.kind !== 'feel')) problems.push(`${label}：「否则」须紧跟在一个有适用条件的步骤之后`)
    }
  })
  return problems
}

/** Emits one section into the process, in place of `shape`. */
function emitSection(graph: ProcessGraph, section: ReviewSection, shape: SectionShape): void {
  const { moddle, process } = graph
  const elements = process.flowElements as ModdleElement[]
  // Out with the old part: its nodes and every flow touching them, except the entry flow, which is kept (its id names the section).
  const remove = new Set<ModdleElement>()
  for (const e of elements) {
    if (shape.nodes.has(e.id!)) remove.add(e)
    if (e.$type === 'bpmn:SequenceFlow' && e !== shape.entry && (shape.nodes.has(idOf(e.sourceRef)) || shape.nodes.has(idOf(e.targetRef)))) remove.add(e)
  }
  process.flowElements = elements.filter((e) => !remove.has(e))
  const byId = graph.byId
  const used = new Set(byId.keys())
  const uniqueId = (base: string) => {
    let id = base
    for (let n = 2; used.has(id); n += 1) id = `${base}${n}`
    used.add(id)
    return id
  }
  const add = (type: string, attrs: Record<string, unknown>): ModdleElement => {
    const element = moddle.create(type, attrs)
    element.$parent = process
    ;(process.flowElements as ModdleElement[]).push(element)
    return element
  }
  const gateway = (id: string, name: string) => add('bpmn:ExclusiveGateway', { id: uniqueId(id), name })

  interface Open { flow?: ModdleElement; source?: ModdleElement; name?: string; condition?: string; isDefault?: boolean }
  const connect = (o: Open, target: ModdleElement) => {
    if (o.flow) {
      o.flow.targetRef = target
      return
    }
    const flow = add('bpmn:SequenceFlow', {
      id: uniqueId(`${o.source!.id}_${target.id}`), sourceRef: o.source, targetRef: target,
      ...(o.name ? { name: o.name } : {}),
      ...(o.condition ? { conditionExpression: moddle.create('bpmn:FormalExpression', { body: o.condition }) } : {}),
    })
    if (o.isDefault) o.source!.default = flow
  }
  let open: Open[] = [{ flow: shape.entry }]
  const place = (target: ModdleElement) => {
    if (open.length > 1) {
      const join = gateway(`${target.id}_join`, '汇合')
      for (const o of open) connect(o, join)
      open = [{ source: join }]
    }
    for (const o of open) connect(o, target)
    open = []
  }

  const returnedTo = new Set(section.steps.map((s) => s.returnTo).filter((r) => r !== 'drafter'))
  const multiInstanceResults = new Set<string>()
  const entries = new Map<string, ModdleElement>()
  const drafter = byId.get(section.drafter) ?? byId.get(shape.drafter)!

  const task = (step: ReviewStep): ModdleElement => {
    const attrs: Record<string, unknown> = {
      id: step.id, name: step.name,
      ...(step.form ? { 'zf:form': step.form } : { 'zf:approval': 'true' }),
      'zf:role': step.role, 'zf:scope': step.scope,
      ...(step.deadline ? { 'zf:due': 'workingDays' in step.deadline ? `${step.deadline.workingDays} working days` : step.deadline.expression } : {}),
      // The shipped rule (remind, then report after a day) is the task without zf:overdue.
      ...(step.deadline && step.deadline.overdue !== 'remind-then-report' ? { 'zf:overdue': step.deadline.overdue } : {}),
      ...(step.gate ? { 'zf:gate': step.gate } : {}),
      'zf:outcome': step.outcomeVariable, 'zf:outcomes': step.outcomes.join(' '), 'zf:result': step.resultVariable,
      ...(step.assignee ? { 'zf:assignee': step.assignee } : {}),
      ...(step.issue ? { 'zf:issue': step.issue } : {}),
      ...(step.opinionRequired ? { 'zf:opinion': 'required' } : {}),
    }
    if (step.count.kind !== 'one') {
      attrs['zf:completion'] = step.count.kind === 'share' ? step.count.share.replace(/\s+/g, '') : step.count.kind
      attrs.loopCharacteristics = moddle.create('bpmn:MultiInstanceLoopCharacteristics', {
        loopCardinality: moddle.create('bpmn:FormalExpression', { body: String(step.count.people) }),
      })
    }
    used.add(step.id)
    return add('bpmn:UserTask', attrs)
  }

  /** Places a step (its 重新办理 gateway first when a later step returns to it); returns the flows that pass it. */
  const emitStep = (step: ReviewStep): Open[] => {
    const node = task(step)
    const entry = returnedTo.has(step.id) ? gateway(`${step.id}_again`, `${step.name}（退回后重新办理）`) : node
    entries.set(step.id, entry)
    place(entry)
    if (entry !== node) {
      open = [{ source: entry }]
      place(node)
    }
    const result = gateway(`${step.id}_result`, `${step.name}结果`)
    open = [{ source: node }]
    place(result)
    const test = (outcome: string) => `= ${step.outcomeVariable} = "${outcome}"`
    const back = step.returnTo === 'drafter' ? drafter : entries.get(step.returnTo)!
    connect({ source: result, name: FLOW_NAMES.return, condition: test('return') }, back)
    for (const [outcome, target] of Object.entries(step.routes)) connect({ source: result, name: FLOW_NAMES[outcome] ?? outcome, condition: test(outcome) }, byId.get(target)!)
    if (step.count.kind !== 'one') multiInstanceResults.add(step.resultVariable)
    return [{ source: result, name: '同意', isDefault: true }]
  }

  for (let i = 0; i < section.steps.length; i += 1) {
    const step = section.steps[i]!
    const condition = compileWhen(step.when, multiInstanceResults)
    if (!condition) {
      open = emitStep(step)
      continue
    }
    const when = gateway(`${step.id}_when`, `是否${step.name}`)
    place(when)
    open = [{ source: when, name: '适用', condition }]
    const passed = emitStep(step)
    const next = section.steps[i + 1]
    if (next?.when.kind === 'otherwise') {
      open = [{ source: when, name: '否则', isDefault: true }]
      open = [...passed, ...emitStep(next)]
      i += 1
    } else open = [...passed, { source: when, name: '不适用', isDefault: true }]
  }
  place(byId.get(shape.exit)!)
}

/**
 * Builds the definition from its current XML and a configuration (any JSON:
 * it is checked here). Sections not in the configuration are left as they
 * are. Returns the problems in Chinese, or the new XML with a fresh diagram.
 */
export async function buildReviewSteps(xml: string, input: unknown): Promise<BuildResult> {
  const parsed = parseReviewSteps(input)
  if (!parsed.ok) return parsed
  const config = parsed.value
  const graph = await readProcess(xml)
  if (graph.process.id !== config.procedure) return { ok: false, problems: [`配置属于程序「${config.procedure}」，而流程定义是「${graph.process.id}」`] }
  const { sections: shapes } = findSections(graph)
  const problems: string[] = []
  const pairs: Array<[ReviewSection, SectionShape]> = []
  for (const section of config.sections) {
    const shape = shapes.find((s) => s.entry.id === section.id)
    if (!shape) problems.push(`流程中没有编号为 ${section.id} 的审核环节「${section.title}」（可用：${shapes.map((s) => s.entry.id).join('、') || '无'}）`)
    else pairs.push([section, shape])
  }
  if (new Set(config.sections.map((s) => s.id)).size !== config.sections.length) problems.push('审核环节重复')
  for (const [section, shape] of pairs) problems.push(...sectionProblems(section, shape, graph))
  if (problems.length) return { ok: false, problems }

  for (const [section, shape] of pairs) emitSection(graph, section, shape)
  // Every section is stored: the ones configured now, and the others as they were stored or read.
  const previous = new Map([...deriveFromGraph(await readProcess(xml)).config.sections, ...storedSections(graph)].map((s) => [s.id, s]))
  for (const section of config.sections) previous.set(section.id, section)
  storeSections(graph, [...previous.values()])
  graph.definitions.diagrams = []
  linkFlows(graph.process)
  const { xml: written } = await graph.moddle.toXML(graph.definitions, { format: true })
  return { ok: true, xml: await layout(written), config: { procedure: config.procedure, sections: [...previous.values()] } }
}
