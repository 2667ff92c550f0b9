/**
 * Zhifa's own deploy-time rules, on top of the BPMN parser and bpmnlint:
 *  - only the elements our engine runs safely (a whitelist): no script
 *    tasks, service tasks or other code hooks;
 *  - no JavaScript `${…}` / `#{…}` expression anywhere (bpmn-engine would
 *    evaluate them with access to `constructor.constructor`);
 *  - conditions are FEEL, checked for loops and ranges;
 *  - every user task says its form, role and scope, and those exist;
 *  - timers are ISO 8601 durations or dates;
 *  - zf:lead is readable and zf:issue names `none` or another user task;
 *  - with gate rules: every path to a gated document passes its gate
 *    (gate-check.ts).
 * Also extracts the DefinitionModel the runtime uses.
 */
import type { ModdleElement, ParseResult } from 'bpmn-moddle'
import type { DefinitionProblem } from '../errors.ts'
import { checkFeel, type FeelProblem } from '../feel.ts'
import { isDueSpec, parseDue, type DueSpec } from '../due.ts'
import { parseIsoDuration, parseIsoInstant, type IsoDuration } from '../iso-duration.ts'
import { DEFINITION_LIMITS } from './limits.ts'
import { checkWaitStates } from './wait-states.ts'
import { walkTree, type Visited } from './walk.ts'
import { isLeadSpec, parseLead } from '../lead.ts'
import { isPeriodSpec, parsePeriod } from '../party-period.ts'
import { neededInstances, type DefinitionModel, type MultiInstanceSpec, type UserTaskSpec } from './definition-model.ts'
import { checkGates, type Callee, type Callees, type GateRule } from './gate-check.ts'
import { parseBpmn } from './parse-bpmn.ts'

export interface DefinitionCatalogs {
  formExists(formKey: string): boolean | Promise<boolean>
  roleExists(roleKey: string): boolean
  scopeKnown(scope: string): boolean
  /** Form used by user tasks marked zf:approval="true". */
  approvalForm: string
  /** Statutory gates to check the flow graph against; none: no gate check. */
  gateRules?: readonly GateRule[]
  /** The allowed keys with their Chinese names, listed in messages when a key is missing or unknown. */
  known?: { forms?(): Array<[key: string, title: string]>; roles?(): Array<[key: string, title: string]>; scopes?(): Array<[key: string, title: string]> }
  /** Whether a definition with this key is deployed (or deployed alongside); absent: call targets are not checked. */
  definitionExists?(key: string): boolean | Promise<boolean>
  /** The XML of a known definition (the newest deployed or shipped version), for the gate check through call activities; absent or null: the call stays opaque. */
  definitionXml?(key: string): string | null | Promise<string | null>
  /** Now, for the horizon of timer dates; default the system time. */
  now?(): Date
}

/** Keys are lowercase words with hyphens: never a name JavaScript objects know (`constructor`, `__proto__`). */
const KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/

function allowedList(list: Array<[string, string]> | undefined): string {
  if (!list || list.length === 0) return ''
  const shown = list.slice(0, 40).map(([key, title]) => (title && title !== key ? `${key}（${title}）` : key))
  return `。可用：${shown.join('、')}${list.length > 40 ? ` 等 ${list.length} 个` : ''}`
}

const RUNNABLE = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:Task',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent',
  'bpmn:CallActivity', 'bpmn:SubProcess', 'bpmn:SequenceFlow',
])
const ANNOTATIONS = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference'])
const CODE_HOOKS = new Set(['bpmn:ScriptTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask'])
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const JS_EXPRESSION = /[$#]\{/

function problem(elementId: string | null, code: string, message: string, messageEn: string): DefinitionProblem {
  return { elementId, code, message, messageEn }
}

/** Every string in the tree (attributes, bodies, documentation) that looks like a JavaScript expression, or is absurdly long. */
function checkStrings(visited: Visited[]): DefinitionProblem[] {
  const found: DefinitionProblem[] = []
  for (const { element, ownerId, strings } of visited) {
    if (element.$type.startsWith('bpmndi:')) continue
    for (const [where, value] of strings) {
      if (value.length > DEFINITION_LIMITS.maxTextLength) {
        found.push(problem(ownerId, 'LIMIT_TEXT_LENGTH', `${where} 的内容过长：${value.length} 个字符，上限 ${DEFINITION_LIMITS.maxTextLength}`, `${where} too long: ${value.length} characters, limit ${DEFINITION_LIMITS.maxTextLength}`))
      } else if (JS_EXPRESSION.test(value)) {
        found.push(problem(ownerId, 'JS_EXPRESSION_FORBIDDEN', `不允许 JavaScript 表达式（${where}：${value.slice(0, 60)}），条件请用 FEEL`, `JavaScript expressions are not allowed (${where}: ${value.slice(0, 60)}); use FEEL`))
      }
    }
  }
  return found
}

/** Days an ISO duration spans at most (a month as 31 days, a year as 366). */
function durationDays(d: IsoDuration): number {
  return d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + d.hours / 24 + d.minutes / 1440 + d.seconds / 86400
}

function horizonProblem(id: string | null, what: string, value: string): DefinitionProblem {
  return problem(id, 'LIMIT_HORIZON', `${what}「${value}」超出允许范围：最长 ${DEFINITION_LIMITS.maxTimerDays} 天（约 ${Math.round(DEFINITION_LIMITS.maxTimerDays / 366)} 年）`, `${what} "${value}" is beyond the horizon of ${DEFINITION_LIMITS.maxTimerDays} days`)
}

function dueProblem(id: string, due: DueSpec, text: string): DefinitionProblem | null {
  const L = DEFINITION_LIMITS
  if ((due.kind === 'working-days' || due.kind === 'working-days-after') && due.days > L.maxWorkingDays) {
    return problem(id, 'LIMIT_HORIZON', `zf:due「${text}」超出允许范围：工作日最多 ${L.maxWorkingDays} 个`, `zf:due "${text}" is beyond the limit of ${L.maxWorkingDays} working days`)
  }
  if (due.kind === 'duration') {
    const parsed = parseIsoDuration(due.iso)
    if (!parsed || !(durationDays(parsed) <= L.maxTimerDays)) return horizonProblem(id, 'zf:due', text)
  }
  return null
}

function attr(element: ModdleElement, name: string): string | null {
  const value = element.get(`zf:${name}`)
  if (value === undefined || value === null) return null
  const text = String(value).trim()
  return text === '' ? null : text
}

/** A zf: attribute read by its parser; a problem (and null) when it cannot be read. */
function parsedAttr<T>(element: ModdleElement, name: string, parse: (text: string) => T | FeelProblem, ok: (value: T | FeelProblem) => value is T, problems: DefinitionProblem[]): T | null {
  const text = attr(element, name)
  if (!text) return null
  const parsed = parse(text)
  if (ok(parsed)) return parsed
  problems.push(problem(element.id ?? null, parsed.code, parsed.message, parsed.messageEn))
  return null
}

async function checkUserTask(task: ModdleElement, catalogs: DefinitionCatalogs, problems: DefinitionProblem[]): Promise<UserTaskSpec> {
  const id = task.id!
  const approval = task.get('zf:approval') === true
  const form = attr(task, 'form') ?? (approval ? catalogs.approvalForm : null)
  const role = attr(task, 'role')
  const scope = attr(task, 'scope')
  const forms = allowedList(catalogs.known?.forms?.())
  const roles = allowedList(catalogs.known?.roles?.())
  const scopes = allowedList(catalogs.known?.scopes?.())
  if (!form) problems.push(problem(id, 'TASK_FORM_MISSING', `用户任务缺少 zf:form（文书键名，如 zf:form="onsite-inspection-plan"；纯审批任务请标注 zf:approval="true"）${forms}`, 'user task has no zf:form (a document key, e.g. zf:form="onsite-inspection-plan"; mark pure approvals zf:approval="true")'))
  else if (!KEY.test(form) || !(await catalogs.formExists(form))) problems.push(problem(id, 'FORM_UNKNOWN', `表单「${form}」不存在${forms}`, `form "${form}" does not exist`))
  if (!role) problems.push(problem(id, 'TASK_ROLE_MISSING', `用户任务缺少 zf:role（由哪个岗位办理，如 zf:role="officer"）${roles}`, 'user task has no zf:role (which role acts, e.g. zf:role="officer")'))
  else if (!KEY.test(role) || !catalogs.roleExists(role)) problems.push(problem(id, 'ROLE_UNKNOWN', `角色「${role}」不存在${roles}`, `role "${role}" does not exist`))
  if (!scope) problems.push(problem(id, 'TASK_SCOPE_MISSING', `用户任务缺少 zf:scope（由哪个部门办理，如 zf:scope="case-department"）${scopes}`, 'user task has no zf:scope (whose department acts, e.g. zf:scope="case-department")'))
  else if (!KEY.test(scope) || !catalogs.scopeKnown(scope)) problems.push(problem(id, 'SCOPE_UNKNOWN', `办理范围「${scope}」无法识别${scopes}`, `scope "${scope}" is not known`))

  const dueText = attr(task, 'due')
  const dueSize = dueText && dueText.length > DEFINITION_LIMITS.maxExpressionLength
  if (dueSize) problems.push(problem(id, 'LIMIT_EXPRESSION_LENGTH', `zf:due 过长：${dueText.length} 个字符，上限 ${DEFINITION_LIMITS.maxExpressionLength}`, `zf:due too long: ${dueText.length} characters`))
  const due = dueSize ? null : parsedAttr(task, 'due', parseDue, isDueSpec, problems)
  const dueLimit = due && dueText ? dueProblem(id, due, dueText) : null
  if (dueLimit) problems.push(dueLimit)
  const lead = parsedAttr(task, 'lead', parseLead, isLeadSpec, problems)
  const period = parsedAttr(task, 'period', parsePeriod, isPeriodSpec, problems)
  if (period && !attr(task, 'due')) {
    problems.push(problem(id, 'PERIOD_WITHOUT_DUE', 'zf:period 以本步骤的期限（zf:due）为当事人期限的届满日，须同时设置 zf:due', 'zf:period ends on the step\'s due date: the step needs a zf:due'))
  }
  const outcomeVariable = attr(task, 'outcome')
  const resultVariable = attr(task, 'result') ?? id
  // The element id is a fine key when nobody wrote zf:result (`sid-…` ids of other modelers included).
  for (const [name, value] of [['zf:outcome', outcomeVariable], ['zf:result', attr(task, 'result')]] as const) {
    if (value && !VARIABLE_NAME.test(value)) {
      problems.push(problem(id, 'VARIABLE_NAME_INVALID', `${name}「${value}」须为字母、数字、下划线组成的变量名`, `${name} "${value}" must be a plain variable name`))
    }
  }
  const opinion = attr(task, 'opinion')
  if (opinion && opinion !== 'required' && opinion !== 'optional') problems.push(problem(id, 'OPINION_INVALID', `zf:opinion「${opinion}」应为 required（须填写意见）或 optional`, 'zf:opinion must be required or optional'))
  const overdue = attr(task, 'overdue')
  if (overdue && overdue !== 'remind' && overdue !== 'report') problems.push(problem(id, 'OVERDUE_INVALID', `zf:overdue「${overdue}」应为 remind（只提醒办理人）或 report（逾期即报告负责同志）`, 'zf:overdue must be remind or report'))
  if (overdue && !dueText) problems.push(problem(id, 'OVERDUE_WITHOUT_DUE', 'zf:overdue 说明逾期后如何处理，须同时设置期限 zf:due', 'zf:overdue needs a zf:due'))
  const assignee = attr(task, 'assignee')
  if (assignee && assignee !== 'previous' && assignee !== 'starter') {
    const feel = assignee.startsWith('=') ? checkFeel(assignee) : [{ code: 'ASSIGNEE_INVALID', message: 'zf:assignee 应为 previous、starter 或以 = 开头的 FEEL 表达式', messageEn: 'zf:assignee must be previous, starter or a FEEL expression starting with =' }]
    for (const p of feel) problems.push(problem(id, p.code, p.message, p.messageEn))
  }
  return {
    elementId: id,
    name: task.name ?? id,
    form: form ?? '',
    role: role ?? '',
    scope: scope ?? '',
    due,
    gate: attr(task, 'gate'),
    outcomeVariable,
    outcomes: (attr(task, 'outcomes') ?? '').split(/[\s,，]+/).filter(Boolean),
    resultVariable,
    assignee,
    lead,
    issue: attr(task, 'issue'),
    period,
    multiInstance: null,
    ...(opinion === 'required' ? { opinionRequired: true } : {}),
    ...(overdue === 'remind' || overdue === 'report' ? { overdue } : {}),
  }
}

/** zf:issue names `none` or another user task of the same definition, whose form is a document (not the approval form). */
function checkIssueReferences(model: DefinitionModel, catalogs: DefinitionCatalogs): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  for (const task of Object.values(model.userTasks)) {
    if (!task.issue || task.issue === 'none') continue
    const drafted = model.userTasks[task.issue]
    if (!drafted || drafted.elementId === task.elementId || drafted.form === catalogs.approvalForm) {
      problems.push(problem(task.elementId, 'ISSUE_TARGET_INVALID',
        `zf:issue「${task.issue}」应为 none 或本流程中起草文书的另一个用户任务的 id`,
        `zf:issue "${task.issue}" must be none or the id of another user task of this process that drafts a document`))
    }
  }
  return problems
}

function eventDefinitions(element: ModdleElement): ModdleElement[] {
  return (element.eventDefinitions as ModdleElement[] | undefined) ?? []
}

/** FEEL, by name or by the URIs modelers write for it. */
function isFeelLanguage(language: string): boolean {
  const l = language.trim().toLowerCase()
  return l === '' || l === 'feel' || /^https?:\/\/www\.omg\.org\/spec\/(?:dmn\/\d+\/feel|feel\/\d+)\/?$/.test(l)
}
/** The BPMN default: written out by some modelers, means nothing to us (conditions are FEEL). */
const XPATH = 'http://www.w3.org/1999/xpath'

function label(element: ModdleElement): string {
  return element.name ? `「${element.name}」` : ''
}

function checkTimer(element: ModdleElement, definition: ModdleElement, model: DefinitionModel, problems: DefinitionProblem[], now: Date): void {
  const id = element.id!
  const type = element.$type
  const duration = definition.timeDuration as ModdleElement | undefined
  const date = definition.timeDate as ModdleElement | undefined
  const kind = type === 'bpmn:BoundaryEvent' ? 'boundary' : 'intermediate'
  if (definition.timeCycle) {
    problems.push(problem(id, 'TIMER_CYCLE_UNSUPPORTED', `定时器${label(element)}不支持循环（timeCycle），请用 timeDuration 或 timeDate`, 'cyclic timers (timeCycle) are not supported'))
    return
  }
  const durationText = duration ? String(duration.body ?? '').trim() : ''
  const dateText = date ? String(date.body ?? '').trim() : ''
  const parsedDuration = durationText ? parseIsoDuration(durationText) : null
  if (parsedDuration) {
    if (!(durationDays(parsedDuration) <= DEFINITION_LIMITS.maxTimerDays)) problems.push(horizonProblem(id, '定时器时长', durationText))
    else model.timers[id] = { elementId: id, kind, timerType: 'timeDuration', value: durationText }
    return
  }
  const parsedDate = dateText ? parseIsoInstant(dateText) : null
  if (parsedDate) {
    const days = (parsedDate.getTime() - now.getTime()) / 86_400_000
    if (!(days <= DEFINITION_LIMITS.maxTimerDays) || parsedDate.getUTCFullYear() < 2000) problems.push(horizonProblem(id, '定时器日期', dateText))
    else model.timers[id] = { elementId: id, kind, timerType: 'timeDate', value: dateText }
    return
  }
  problems.push(problem(id, 'TIMER_INVALID', `定时器${label(element)}须为 ISO 8601 时长（如 P90D）或日期（如 2026-12-31）`, 'a timer must be an ISO 8601 duration (e.g. P90D) or date'))
}

/**
 * Loop characteristics. Standard loops are refused (our engine does not run
 * them correctly: one task, then a stuck instance); multi-instance only on
 * user tasks, with a cardinality that is a number within the limit or a FEEL
 * expression (checked against the limit when the step starts).
 */
function checkLoop(element: ModdleElement, problems: DefinitionProblem[]): MultiInstanceSpec | null {
  const loop = element.loopCharacteristics as ModdleElement | undefined
  if (!loop) return null
  const id = element.id!
  const name = label(element)
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    problems.push(problem(id, 'LOOP_UNSUPPORTED', `${name}不支持循环标记（standardLoopCharacteristics）：请用网关画出循环，并经过一个用户任务`, 'standard loops are not supported: draw the loop with a gateway through a user task'))
    return null
  }
  if (element.$type !== 'bpmn:UserTask') {
    problems.push(problem(id, 'MULTI_INSTANCE_UNSUPPORTED', `${name}多实例只能用于用户任务（会签/或签）`, 'multi-instance is supported on user tasks only'))
    return null
  }
  if (element.get('zf:gate')) {
    problems.push(problem(id, 'MULTI_INSTANCE_UNSUPPORTED', `${name}法定审核审批环节（zf:gate）不能是多实例：多人意见不一致时无法确定是否通过，请改为一人审批或并行网关分出多个审批步骤`, 'a gate step may not be multi-instance: the outcome of several people is not defined'))
    return null
  }
  if (loop.completionCondition || loop.loopDataInputRef || loop.inputDataItem || loop.loopDataOutputRef || loop.outputDataItem) {
    problems.push(problem(id, 'MULTI_INSTANCE_UNSUPPORTED', `${name}多实例不支持 completionCondition 或数据集合：完成规则请写 zf:completion（all 会签、any 或签、2/3 或 60% 按比例）`, 'multi-instance supports no completionCondition or data collections; use zf:completion (all, any, 2/3, 60%)'))
    return null
  }
  const cardinalityText = String((loop.loopCardinality as ModdleElement | undefined)?.body ?? '').trim()
  const completion = (attr(element, 'completion') ?? 'all').toLowerCase()
  if (neededInstances(completion, 1) === null) {
    problems.push(problem(id, 'COMPLETION_INVALID', `${name}zf:completion「${completion}」无法识别：应为 all（会签）、any（或签）、2/3 或 60%（按比例）、>1/2（过半数）`, `zf:completion "${completion}" must be all, any, a fraction like 2/3 or a percentage like 60%`))
    return null
  }
  if (cardinalityText.startsWith('=')) {
    // From the case's data: checked like any FEEL here, bounded when the step starts (CARDINALITY_INVALID).
    const feel = checkFeel(cardinalityText)
    for (const p of feel) problems.push(problem(id, p.code, `${name}多实例数量：${p.message}`, p.messageEn))
    return feel.length ? null : { cardinality: null, cardinalityExpression: cardinalityText, sequential: loop.isSequential === true, needed: 1, completion }
  }
  const cardinality = /^\d{1,6}$/.test(cardinalityText) ? Number(cardinalityText) : NaN
  if (!(cardinality >= 1 && cardinality <= DEFINITION_LIMITS.maxCardinality)) {
    problems.push(problem(id, 'LIMIT_CARDINALITY', `${name}多实例数量「${cardinalityText.slice(0, 40)}」须为 1 到 ${DEFINITION_LIMITS.maxCardinality} 之间的整数，或以 = 开头的 FEEL 表达式（如 = count(case.officers)）`, `multi-instance cardinality "${cardinalityText.slice(0, 40)}" must be an integer from 1 to ${DEFINITION_LIMITS.maxCardinality} or a FEEL expression`))
    return null
  }
  return { cardinality, sequential: loop.isSequential === true, needed: neededInstances(completion, cardinality)!, completion }
}

export async function checkDefinition(context: ParseResult, catalogs: DefinitionCatalogs, visitedTree?: Visited[]): Promise<{ problems: DefinitionProblem[]; model: DefinitionModel | null }> {
  const visited = visitedTree ?? walkTree(context.rootElement)
  const problems: DefinitionProblem[] = checkStrings(visited)
  const root = context.rootElement
  const expressionLanguage = typeof root.expressionLanguage === 'string' ? root.expressionLanguage : ''
  if (expressionLanguage && !isFeelLanguage(expressionLanguage) && expressionLanguage.trim().toLowerCase() !== XPATH) {
    problems.push(problem(null, 'SCRIPT_CONDITION_FORBIDDEN', `definitions 的 expressionLanguage「${expressionLanguage}」不允许：条件一律为 FEEL，请删除该属性`, `expressionLanguage "${expressionLanguage}" is not allowed: conditions are FEEL; remove the attribute`))
  }
  const processes = ((root.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process')
  if (processes.length !== 1) {
    problems.push(problem(null, processes.length === 0 ? 'PROCESS_MISSING' : 'PROCESS_MULTIPLE', `须恰好包含一个流程（process），实有 ${processes.length} 个`, `exactly one process is required, found ${processes.length}`))
    return { problems, model: null }
  }
  const processElement = processes[0]!
  const model: DefinitionModel = { key: processElement.id!, name: processElement.name ?? processElement.id!, userTasks: {}, timers: {}, calls: {} }
  if (processElement.isExecutable !== true) {
    problems.push(problem(model.key, 'PROCESS_NOT_EXECUTABLE', '流程须标注 isExecutable="true"', 'the process must be isExecutable="true"'))
  }
  const now = catalogs.now?.() ?? new Date()

  // Containers breadth-first with their depth: no recursion on the author's nesting.
  const containers: Array<[ModdleElement, number]> = [[processElement, 0]]
  let flowElementCount = 0
  for (let c = 0; c < containers.length; c += 1) {
    const [container, depth] = containers[c]!
    const elements = (container.flowElements as ModdleElement[] | undefined) ?? []
    flowElementCount += elements.length
    if (flowElementCount > DEFINITION_LIMITS.maxFlowElements) {
      problems.push(problem(null, 'LIMIT_FLOW_ELEMENTS', `流程元素过多：超过 ${DEFINITION_LIMITS.maxFlowElements} 个`, `too many flow elements: more than ${DEFINITION_LIMITS.maxFlowElements}`))
      return { problems, model: null }
    }
    for (const element of elements) {
      const id = element.id ?? null
      const type = element.$type
      if (CODE_HOOKS.has(type)) {
        const code = type === 'bpmn:ScriptTask' ? 'SCRIPT_TASK_FORBIDDEN' : 'CODE_TASK_FORBIDDEN'
        problems.push(problem(id, code, `不允许 ${type.slice(5)}${label(element)}：流程定义中不得包含可执行代码`, `${type.slice(5)} is not allowed: definitions may not run code`))
        continue
      }
      if (ANNOTATIONS.has(type)) continue
      if (!RUNNABLE.has(type)) {
        problems.push(problem(id, 'ELEMENT_UNSUPPORTED', `不支持的元素 ${type}${label(element)}`, `unsupported element ${type}`))
        continue
      }
      const multiInstance = checkLoop(element, problems)
      if (type === 'bpmn:UserTask' && !element.loopCharacteristics && attr(element, 'completion')) {
        problems.push(problem(id, 'COMPLETION_INVALID', `${label(element)}zf:completion 只用于多实例用户任务（会签/或签），本步骤不是多实例`, 'zf:completion applies to multi-instance user tasks only'))
      }
      if (type === 'bpmn:SequenceFlow') {
        const condition = element.conditionExpression as ModdleElement | undefined
        if (condition) {
          const language = typeof condition.language === 'string' ? condition.language : ''
          if (!isFeelLanguage(language)) {
            problems.push(problem(id, 'SCRIPT_CONDITION_FORBIDDEN', `条件不得使用脚本语言「${condition.language}」，请用 FEEL（删除 language 属性即可）`, `conditions may not be scripts (${condition.language}); use FEEL`))
          } else {
            for (const p of checkFeel(String(condition.body ?? ''))) problems.push(problem(id, p.code, p.message, p.messageEn))
          }
        }
      }
      if (type === 'bpmn:UserTask') model.userTasks[id!] = { ...(await checkUserTask(element, catalogs, problems)), multiInstance }
      if (type === 'bpmn:CallActivity') {
        const calledElement = typeof element.calledElement === 'string' ? element.calledElement.trim() : ''
        if (!calledElement) problems.push(problem(id, 'CALL_TARGET_MISSING', `调用活动${label(element)}缺少 calledElement（被调用流程的 key）`, 'call activity has no calledElement'))
        else if (calledElement === model.key) problems.push(problem(id, 'CALL_RECURSIVE', `调用活动${label(element)}调用了本流程自身（${calledElement}）：会无限产生子流程`, `call activity calls its own process (${calledElement}): unbounded child instances`))
        else if (catalogs.definitionExists && !(await catalogs.definitionExists(calledElement))) problems.push(problem(id, 'CALL_TARGET_UNKNOWN', `调用活动${label(element)}调用的流程「${calledElement}」尚未部署`, `call activity calls "${calledElement}", which is not deployed`))
        else model.calls[id!] = { elementId: id!, calledElement }
      }
      if (type.endsWith('Event')) {
        for (const definition of eventDefinitions(element)) {
          if (definition.$type === 'bpmn:TerminateEventDefinition' && type === 'bpmn:EndEvent') continue
          if (definition.$type !== 'bpmn:TimerEventDefinition' || !(type === 'bpmn:BoundaryEvent' || type === 'bpmn:IntermediateCatchEvent')) {
            problems.push(problem(id, 'EVENT_UNSUPPORTED', `不支持的事件定义 ${definition.$type}（${type}${label(element)}）`, `unsupported event definition ${definition.$type} on ${type}`))
            continue
          }
          checkTimer(element, definition, model, problems, now)
        }
      }
      if (type === 'bpmn:SubProcess') {
        if (depth + 1 > DEFINITION_LIMITS.maxSubProcessDepth) {
          problems.push(problem(id, 'LIMIT_SUBPROCESS_DEPTH', `子流程嵌套超过 ${DEFINITION_LIMITS.maxSubProcessDepth} 层`, `sub-processes nested more than ${DEFINITION_LIMITS.maxSubProcessDepth} levels`))
          return { problems, model: null }
        }
        containers.push([element, depth + 1])
      }
    }
  }
  problems.push(...checkIssueReferences(model, catalogs))
  problems.push(...checkWaitStates(processElement))
  if (catalogs.gateRules) {
    const callees = await loadCallees(model, catalogs, problems)
    problems.push(...checkGates(processElement, model, catalogs.gateRules, callees))
  }
  return { problems, model }
}

/** How deep call activities are followed for the gate check, and how many called definitions are loaded at most. */
export const CALL_LIMITS = { maxDepth: 4, maxDefinitions: 20 }

/**
 * The definitions this one calls, transitively, for the gate check: breadth
 * first with their depth (no recursion on the author's call depth). A chain
 * deeper than CALL_LIMITS.maxDepth is refused (LIMIT_CALL_DEPTH), a cycle
 * back to this definition or among the called ones is refused
 * (CALL_RECURSIVE): at run time it would start child instances without end.
 */
async function loadCallees(model: DefinitionModel, catalogs: DefinitionCatalogs, problems: DefinitionProblem[]): Promise<Callees> {
  const byKey = new Map<string, Callee>()
  const callsOf = new Map<string, string[]>([[model.key, Object.values(model.calls).map((c) => c.calledElement)]])
  if (!catalogs.definitionXml || callsOf.get(model.key)!.length === 0) return { byKey, order: [] }
  const inner: DefinitionCatalogs = { ...catalogs, gateRules: undefined }
  const queue: Array<[key: string, depth: number]> = [...new Set(callsOf.get(model.key))].map((key) => [key, 1])
  const seen = new Set<string>([model.key, ...queue.map(([key]) => key)])
  let tooDeep = false
  for (let head = 0; head < queue.length; head += 1) {
    const [key, depth] = queue[head]!
    if (depth > CALL_LIMITS.maxDepth || byKey.size >= CALL_LIMITS.maxDefinitions) {
      tooDeep = true
      continue
    }
    const xml = await catalogs.definitionXml(key)
    if (!xml) continue
    const parsed = await parseBpmn(xml)
    if (!parsed.ok) continue
    const checked = await checkDefinition(parsed.context, inner)
    const processElement = ((parsed.context.rootElement.rootElements as ModdleElement[] | undefined) ?? []).find((e) => e.$type === 'bpmn:Process')
    if (!checked.model || !processElement) continue
    byKey.set(key, { processElement, model: checked.model })
    const called = Object.values(checked.model.calls).map((c) => c.calledElement)
    callsOf.set(key, called)
    for (const next of called) {
      if (seen.has(next)) continue
      seen.add(next)
      queue.push([next, depth + 1])
    }
  }
  // Callees first (Kahn's algorithm on the loaded call graph); what is left lies on or behind a cycle.
  const keys = [...byKey.keys()]
  const remaining = new Map(keys.map((key) => [key, (callsOf.get(key) ?? []).filter((k) => byKey.has(k) || k === model.key).length]))
  const callers = new Map<string, string[]>()
  for (const key of keys) for (const target of callsOf.get(key) ?? []) callers.set(target, [...(callers.get(target) ?? []), key])
  const order = keys.filter((key) => remaining.get(key) === 0)
  for (let head = 0; head < order.length; head += 1) {
    for (const caller of callers.get(order[head]!) ?? []) {
      if (!byKey.has(caller)) continue
      const left = remaining.get(caller)! - 1
      remaining.set(caller, left)
      if (left === 0) order.push(caller)
    }
  }
  const cyclic = new Set(keys.filter((key) => !order.includes(key)))
  for (const call of Object.values(model.calls)) {
    if (cyclic.has(call.calledElement)) {
      problems.push(problem(call.elementId, 'CALL_RECURSIVE', `调用活动(${call.elementId}) 调用的流程「${call.calledElement}」又（间接）调用了本流程或自身：会无限产生子流程`, `call activity calls "${call.calledElement}", which calls back into a caller: unbounded child instances`))
    }
  }
  if (tooDeep) {
    problems.push(problem(model.key, 'LIMIT_CALL_DEPTH', `调用活动嵌套过深：被调用流程链超过 ${CALL_LIMITS.maxDepth} 层或超过 ${CALL_LIMITS.maxDefinitions} 个流程`, `call activities nested more than ${CALL_LIMITS.maxDepth} deep or more than ${CALL_LIMITS.maxDefinitions} definitions`))
  }
  return { byKey, order }
}

/**
 * The gate check for a running instance moved onto this definition: tokens
 * start at `from` (the steps it waits at) instead of the starts, and only the
 * gates it has not passed are checked. A problem means that, on the new
 * version, the instance could reach a gated document without its gate.
 */
export async function gateBypassesFrom(processElement: ModdleElement, model: DefinitionModel, catalogs: DefinitionCatalogs, from: readonly string[], passed: ReadonlySet<string>): Promise<DefinitionProblem[]> {
  const rules = (catalogs.gateRules ?? []).filter((rule) => !passed.has(rule.gate))
  if (rules.length === 0 || from.length === 0) return []
  const callees = await loadCallees(model, catalogs, [])
  return checkGates(processElement, model, rules, callees, from).filter((p) => p.code === 'GATE_BYPASSED')
}
