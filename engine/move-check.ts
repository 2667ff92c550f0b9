/**
 * Moving a running instance to another version of its definition: the pure
 * decision. An instance can move when everything it waits at exists in the
 * new version as the same kind of element (same id), every open step keeps
 * its form (the data already entered and the matter's pinned form version
 * stay valid) and its multi-instance shape, and every waiting call still
 * calls the same process. The gate check (a statutory gate the instance has
 * not passed must still lie ahead of it) and the proof that bpmn-engine's
 * state resumes on the new version need the definition graph and the
 * runtime: store/move-instances.ts adds them. Nothing here reads the database.
 *
 * @example
 *   checkMove({ waiting: [{ elementId: 'draft', type: 'bpmn:UserTask' }], openTasks: [{ elementId: 'draft', name: '起草', form: 'plan' }],
 *               from, to, unreadableForms: new Set() })
 *   // → [] when `to` has a user task `draft` with form `plan`
 */
import type { GateRule } from './definition/gate-check.ts'
import type { DefinitionModel } from './definition/definition-model.ts'

export type MoveReasonCode = 'STEP_MISSING' | 'STEP_CHANGED' | 'FORM_CHANGED' | 'FORM_UNREADABLE' | 'CALL_CHANGED' | 'GATE_BYPASSED' | 'STATE_NOT_RESUMABLE'

/** Why an instance cannot move, in Chinese, naming the step. */
export interface MoveReason {
  elementId: string | null
  code: MoveReasonCode
  message: string
}

export interface VersionShape {
  model: DefinitionModel
  /** Flow elements by id: BPMN type and name. */
  elements: ReadonlyMap<string, { type: string; name: string }>
}

export interface MoveCheckInput {
  /** Every element the instance waits at on its current version (sub-processes and boundary events included). */
  waiting: readonly { elementId: string; type: string }[]
  /** Its open tasks (the inbox rows): name and form as they were opened. */
  openTasks: readonly { elementId: string; name: string; form: string }[]
  from: VersionShape
  to: VersionShape
  /** Form keys whose version pinned by the matter can no longer be read. */
  unreadableForms?: ReadonlySet<string>
}

const KIND_NAMES: Record<string, string> = {
  'bpmn:UserTask': '办理环节', 'bpmn:CallActivity': '调用流程', 'bpmn:SubProcess': '子流程',
  'bpmn:IntermediateCatchEvent': '定时等待', 'bpmn:BoundaryEvent': '边界定时',
}

function kindName(type: string): string {
  return KIND_NAMES[type] ?? type.replace(/^bpmn:/, '')
}

export function checkMove(input: MoveCheckInput): MoveReason[] {
  const reasons: MoveReason[] = []
  const seen = new Set<string>()
  for (const { elementId, type } of input.waiting) {
    if (seen.has(elementId)) continue
    seen.add(elementId)
    const name = input.from.elements.get(elementId)?.name ?? elementId
    const target = input.to.elements.get(elementId)
    if (!target) {
      reasons.push({ elementId, code: 'STEP_MISSING', message: `正在等待的${kindName(type)}「${name}」在新版本中不存在` })
      continue
    }
    if (target.type !== type) {
      reasons.push({ elementId, code: 'STEP_CHANGED', message: `正在等待的${kindName(type)}「${name}」在新版本中改成了${kindName(target.type)}` })
      continue
    }
    if (type === 'bpmn:CallActivity') {
      const before = input.from.model.calls[elementId]?.calledElement
      const after = input.to.model.calls[elementId]?.calledElement
      if (before !== after) reasons.push({ elementId, code: 'CALL_CHANGED', message: `正在进行的「${name}」在新版本中调用「${after ?? '（无）'}」，而不是「${before ?? '（无）'}」` })
    }
  }
  for (const task of input.openTasks) {
    const before = input.from.model.userTasks[task.elementId]
    const after = input.to.model.userTasks[task.elementId]
    if (!after) {
      if (!seen.has(task.elementId)) reasons.push({ elementId: task.elementId, code: 'STEP_MISSING', message: `待办「${task.name}」在新版本中不存在` })
      continue
    }
    if (after.form !== task.form) {
      reasons.push({ elementId: task.elementId, code: 'FORM_CHANGED', message: `待办「${task.name}」的表单在新版本中由「${task.form}」改为「${after.form}」，已填写的内容不能沿用` })
    } else if (input.unreadableForms?.has(task.form)) {
      reasons.push({ elementId: task.elementId, code: 'FORM_UNREADABLE', message: `待办「${task.name}」的表单「${task.form}」在本事项开启时的版本已无法读取` })
    }
    if (Boolean(before?.multiInstance) !== Boolean(after.multiInstance) || before?.multiInstance?.sequential !== after.multiInstance?.sequential) {
      reasons.push({ elementId: task.elementId, code: 'STEP_CHANGED', message: `待办「${task.name}」的会签（多人办理）方式在新版本中改变了` })
    }
  }
  return reasons
}

/**
 * Where the gate check starts for a moved instance: the steps themselves —
 * user tasks, calls and timer waits —, not the sub-processes around them
 * (entering one again would walk what is already behind) nor boundary
 * events (the analysis reaches them from their host).
 */
export function gateOrigins(waiting: readonly { elementId: string; type: string }[]): string[] {
  return [...new Set(waiting.filter((w) => w.type !== 'bpmn:SubProcess' && w.type !== 'bpmn:BoundaryEvent').map((w) => w.elementId))]
}

export interface GateTaskRow {
  executionId: string
  gate: string | null
  status: string
  outcome: string | null
  createdAt: Date
}

/**
 * The gates an instance has passed, from its task rows: the latest completed
 * step of each gate, unless it was withdrawn (撤回 reopens the step under the
 * same execution id), passed when its outcome is a passing one.
 */
export function passedGates(rows: readonly GateTaskRow[], rules: readonly GateRule[]): Set<string> {
  const passed = new Set<string>()
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  for (const rule of rules) {
    const passing = new Set(rule.passingOutcomes ?? ['approve'])
    const steps = sorted.filter((r) => r.gate === rule.gate)
    const done = steps.filter((r, i) => r.status === 'completed' && !steps.slice(i + 1).some((later) => later.executionId === r.executionId))
    const last = done.at(-1)
    if (last && passing.has(last.outcome ?? '')) passed.add(rule.gate)
  }
  return passed
}
