/**
 * Typed errors of the engine. Each has a stable `code` the app maps to an
 * HTTP status (see engine/README.md), a Chinese `message` for users and an
 * English `messageEn` for logs. Nothing here knows about HTTP.
 */

export type EngineErrorCode =
  | 'DEFINITION_INVALID'
  | 'DEFINITION_NOT_FOUND'
  | 'INSTANCE_NOT_FOUND'
  | 'TASK_NOT_FOUND'
  | 'TASK_NOT_ACTIVE'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'INVALID_FORM'
  | 'INVALID_OUTCOME'
  | 'CALENDAR_NOT_COVERED'
  | 'EXPRESSION_FAILED'
  | 'SCOPE_UNRESOLVED'
  | 'INSTANCE_FAILED'
  | 'NOT_WITHDRAWABLE'
  | 'BUDGET_EXCEEDED'
  | 'CARDINALITY_INVALID'
  | 'MOVE_REFUSED'

export class EngineError extends Error {
  readonly code: EngineErrorCode
  readonly messageEn: string
  constructor(code: EngineErrorCode, message: string, messageEn: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.messageEn = messageEn
  }
}

/** One thing wrong with a process definition, naming the element it is about. */
export interface DefinitionProblem {
  /** Id of the BPMN element, or null when the problem concerns the whole file. */
  elementId: string | null
  /** The element's name (BPMN `name`), when it has one: shown with the id. */
  elementName?: string
  /** Stable code, e.g. `SCRIPT_TASK_FORBIDDEN`, `TASK_FORM_MISSING`, `LINT_NO_DISCONNECTED`. */
  code: string
  /** 中文说明 */
  message: string
  messageEn: string
  /** For a statutory gate bypassed (GATE_BYPASSED): the ids of the steps on one path around the gate, start first (the studio highlights it). */
  path?: string[]
}

export class DefinitionInvalid extends EngineError {
  readonly problems: DefinitionProblem[]
  constructor(problems: DefinitionProblem[]) {
    const first = problems[0]
    const where = (p: DefinitionProblem) => (p.elementId ? `${p.elementId}: ` : '')
    super(
      'DEFINITION_INVALID',
      `流程定义不合格（${problems.length} 处）：${first ? where(first) + first.message : ''}`,
      `process definition refused (${problems.length} problem(s)): ${first ? where(first) + first.messageEn : ''}`,
    )
    this.problems = problems
  }
}

export class DefinitionNotFound extends EngineError {
  constructor(readonly key: string) {
    super('DEFINITION_NOT_FOUND', `未找到流程定义 ${key}`, `no deployed process definition ${key}`)
  }
}

export class InstanceNotFound extends EngineError {
  constructor(readonly instanceId: string) {
    super('INSTANCE_NOT_FOUND', `未找到流程实例 ${instanceId}`, `no process instance ${instanceId}`)
  }
}

export class TaskNotFound extends EngineError {
  constructor(readonly taskId: string) {
    super('TASK_NOT_FOUND', `未找到待办任务 ${taskId}`, `no task ${taskId}`)
  }
}

/** The task was already completed, cancelled or withdrawn. */
/** What a person is told about a step that is no longer open, by its status. */
const notActiveMessages: Record<string, string> = {
  completed: '该环节已经办理完毕（可能已由同一岗位的其他人员办理），您的提交未被采用。请返回事项页面查看最新进展。',
  cancelled: '该环节已被撤回或因流程变化而取消，您的提交未被采用。请返回事项页面查看最新进展。',
}

export class TaskNotActive extends EngineError {
  constructor(readonly taskId: string, readonly status: string) {
    super('TASK_NOT_ACTIVE', notActiveMessages[status] ?? `该环节已不在办理中（状态：${status}），您的提交未被采用。`, `task ${taskId} is not active (${status})`)
  }
}

/** Someone else changed the instance between our read and our write. */
export class Conflict extends EngineError {
  constructor(readonly instanceId: string) {
    super('CONFLICT', '该流程已被他人更新，请刷新后重试', `instance ${instanceId} was changed concurrently`)
  }
}

export class Forbidden extends EngineError {
  constructor(readonly reason: string) {
    super('FORBIDDEN', `无权办理：${reason}`, `forbidden: ${reason}`)
  }
}

export interface FieldError {
  /** JSON pointer of the field, e.g. `/party/name`; '' for the whole payload. */
  path: string
  message: string
}

export class InvalidForm extends EngineError {
  constructor(readonly formKey: string, readonly fieldErrors: FieldError[]) {
    super('INVALID_FORM', `表单 ${formKey} 填写有误（${fieldErrors.length} 处）`, `form ${formKey} has ${fieldErrors.length} invalid field(s)`)
  }
}

export class InvalidOutcome extends EngineError {
  constructor(readonly outcome: string, readonly allowed: string[]) {
    super('INVALID_OUTCOME', `办理结果「${outcome}」不在允许范围（${allowed.join('、')}）`, `outcome "${outcome}" is not one of ${allowed.join(', ')}`)
  }
}

/**
 * A working-day computation reached an absurd date: before the first entered
 * day, or decades past the last entered year (a future date within that is
 * counted on the provisional calendar, never refused).
 */
export class CalendarNotCovered extends EngineError {
  constructor(readonly date: string, readonly side: 'before' | 'beyond' = 'before') {
    super(
      'CALENDAR_NOT_COVERED',
      side === 'before'
        ? `工作日历未覆盖 ${date}：早于已录入的第一天，请先录入该年度的节假日安排`
        : `工作日历未覆盖 ${date}：超出可推算的范围（最后录入年度之后 30 年内），请检查日期`,
      `working-day calendar does not cover ${date} (${side === 'before' ? 'before the first entered day' : 'too far beyond the last entered year'})`,
    )
  }
}

export class ExpressionFailed extends EngineError {
  constructor(readonly expression: string, detail: string) {
    super('EXPRESSION_FAILED', `表达式求值失败：${expression}（${detail}）`, `expression failed: ${expression} (${detail})`)
  }
}

export class ScopeUnresolved extends EngineError {
  constructor(readonly scope: string, readonly elementId: string) {
    super('SCOPE_UNRESOLVED', `无法确定「${scope}」对应的办理部门（${elementId}）`, `scope "${scope}" of ${elementId} resolved to no department`)
  }
}

/** 撤回 is only possible for one's own completion while nobody has acted on what followed. */
export class NotWithdrawable extends EngineError {
  constructor(readonly taskId: string, readonly reason: string, reasonEn: string) {
    super('NOT_WITHDRAWABLE', `不能撤回：${reason}`, `task ${taskId} cannot be withdrawn: ${reasonEn}`)
  }
}

/** bpmn-engine reported an error while running the instance; nothing was saved. */
export class InstanceFailed extends EngineError {
  constructor(readonly instanceId: string, detail: string, options?: { cause?: unknown }) {
    super('INSTANCE_FAILED', `流程运行出错：${detail}`, `instance ${instanceId} failed: ${detail}`, options)
  }
}

/**
 * One operation did more work than a case ever needs (too many steps, open
 * tasks or instances, or too long inside bpmn-engine): it is failed and
 * rolled back, the server carries on. A definition problem, not a user's.
 */
export class BudgetExceeded extends EngineError {
  constructor(readonly limit: string, detail: string, detailEn: string) {
    super('BUDGET_EXCEEDED', `流程运行超出限制（${detail}），本次操作未生效，请联系管理员检查流程定义`, `operation exceeded its budget (${detailEn}); nothing was saved`)
  }
}

/**
 * A multi-instance step's cardinality from the case's data (`= count(case.officers)`)
 * is not a whole number from 1 to the maximum: the operation is failed and
 * rolled back, no task is opened.
 */
export class CardinalityInvalid extends EngineError {
  constructor(readonly elementId: string, readonly value: string, max: number) {
    super('CARDINALITY_INVALID', `步骤 ${elementId} 的多实例数量为「${value}」，须为 1 到 ${max} 之间的整数：本次操作未生效，请检查案件数据（如承办人员）`, `multi-instance cardinality of ${elementId} is "${value}", not a whole number from 1 to ${max}; nothing was saved`)
  }
}

/**
 * Running instances chosen to move to a newer version cannot all move (a
 * waiting step missing or changed, a form changed, a statutory gate that
 * would be skipped, …): nothing was moved. `refused` says which and why.
 */
export class MoveRefused extends EngineError {
  constructor(readonly refused: { instanceId: string; businessKey: string | null; reasons: { elementId: string | null; code: string; message: string }[] }[]) {
    const first = refused[0]?.reasons[0]?.message ?? ''
    super('MOVE_REFUSED', `未迁移任何流程：${refused.length} 个不能迁移（${first}${refused.length > 1 || (refused[0]?.reasons.length ?? 0) > 1 ? '等' : ''}）`, `nothing moved: ${refused.length} instance(s) cannot move`)
  }
}
