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
import { isDueSpec, parseDue } from '../due.ts'
import { parseIsoDuration, parseIsoInstant } from '../iso-duration.ts'
import { isLeadSpec, parseLead } from '../lead.ts'
import type { DefinitionModel, UserTaskSpec } from './definition-model.ts'
import { checkGates, type GateRule } from './gate-check.ts'

export interface DefinitionCatalogs {
  formExists(formKey: string): boolean | Promise<boolean>
  roleExists(roleKey: string): boolean
  scopeKnown(scope: string): boolean
  /** Form used by user tasks marked zf:approval="true". */
  approvalForm: string
  /** Statutory gates to check the flow graph against; none: no gate check. */
  gateRules?: readonly GateRule[]
}

const RUNNABLE = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:Task',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent',
  'bpmn:CallActivity', 'bpmn:SubProcess', 'bpmn:SequenceFlow',
])
const ANNOTATIONS = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference'])
const CODE_HOOKS = new Set(['bpmn:ScriptTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask'])
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const JS_EXPRESSION = /[$#]\{/
const SKIP_KEYS = new Set(['$parent', '$type', '$descriptor', '$model', '$instanceOf', 'di'])

function problem(elementId: string | null, code: string, message: string, messageEn: string): DefinitionProblem {
  return { elementId, code, message, messageEn }
}

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as ModdleElement).$type === 'string'
}

/** Every string in the tree (attributes, bodies, documentation) that looks like a JavaScript expression. */
function findJsExpressions(root: ModdleElement): DefinitionProblem[] {
  const found: DefinitionProblem[] = []
  const visit = (element: ModdleElement, ownerId: string | null) => {
    const id = typeof element.id === 'string' ? element.id : ownerId
    if (element.$type.startsWith('bpmndi:')) return
    const check = (value: unknown, where: string) => {
      if (typeof value === 'string' && JS_EXPRESSION.test(value)) {
        found.push(problem(id, 'JS_EXPRESSION_FORBIDDEN', `不允许 JavaScript 表达式（${where}：${value.slice(0, 60)}），条件请用 FEEL`, `JavaScript expressions are not allowed (${where}: ${value.slice(0, 60)}); use FEEL`))
      }
    }
    for (const [key, value] of Object.entries(element.$attrs ?? {})) check(value, key)
    for (const key of Object.keys(element)) {
      if (SKIP_KEYS.has(key) || key === '$attrs') continue
      const value = element[key]
      if (Array.isArray(value)) value.forEach((v) => (isElement(v) ? visit(v, id) : check(v, key)))
      else if (isElement(value)) visit(value, id)
      else check(value, key)
    }
  }
  visit(root, null)
  return found
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
  if (!form) problems.push(problem(id, 'TASK_FORM_MISSING', '用户任务缺少 zf:form（纯审批任务请标注 zf:approval="true"）', 'user task has no zf:form (mark pure approvals zf:approval="true")'))
  else if (!(await catalogs.formExists(form))) problems.push(problem(id, 'FORM_UNKNOWN', `表单「${form}」不存在`, `form "${form}" does not exist`))
  if (!role) problems.push(problem(id, 'TASK_ROLE_MISSING', '用户任务缺少 zf:role', 'user task has no zf:role'))
  else if (!catalogs.roleExists(role)) problems.push(problem(id, 'ROLE_UNKNOWN', `角色「${role}」不存在`, `role "${role}" does not exist`))
  if (!scope) problems.push(problem(id, 'TASK_SCOPE_MISSING', '用户任务缺少 zf:scope（由哪个部门办理）', 'user task has no zf:scope'))
  else if (!catalogs.scopeKnown(scope)) problems.push(problem(id, 'SCOPE_UNKNOWN', `办理范围「${scope}」无法识别`, `scope "${scope}" is not known`))

  const due = parsedAttr(task, 'due', parseDue, isDueSpec, problems)
  const lead = parsedAttr(task, 'lead', parseLead, isLeadSpec, problems)
  const outcomeVariable = attr(task, 'outcome')
  const resultVariable = attr(task, 'result') ?? id
  for (const [name, value] of [['zf:outcome', outcomeVariable], ['zf:result', resultVariable]] as const) {
    if (value && !VARIABLE_NAME.test(value)) {
      problems.push(problem(id, 'VARIABLE_NAME_INVALID', `${name}「${value}」须为字母、数字、下划线组成的变量名`, `${name} "${value}" must be a plain variable name`))
    }
  }
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

export async function checkDefinition(context: ParseResult, catalogs: DefinitionCatalogs): Promise<{ problems: DefinitionProblem[]; model: DefinitionModel | null }> {
  const problems: DefinitionProblem[] = findJsExpressions(context.rootElement)
  const processes = ((context.rootElement.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process')
  if (processes.length !== 1) {
    problems.push(problem(null, processes.length === 0 ? 'PROCESS_MISSING' : 'PROCESS_MULTIPLE', `须恰好包含一个流程（process），实有 ${processes.length} 个`, `exactly one process is required, found ${processes.length}`))
    return { problems, model: null }
  }
  const processElement = processes[0]!
  const model: DefinitionModel = { key: processElement.id!, name: processElement.name ?? processElement.id!, userTasks: {}, timers: {}, calls: {} }
  if (processElement.isExecutable !== true) {
    problems.push(problem(model.key, 'PROCESS_NOT_EXECUTABLE', '流程须标注 isExecutable="true"', 'the process must be isExecutable="true"'))
  }

  const visitFlowElements = async (container: ModdleElement) => {
    for (const element of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      const id = element.id ?? null
      const type = element.$type
      if (CODE_HOOKS.has(type)) {
        const code = type === 'bpmn:ScriptTask' ? 'SCRIPT_TASK_FORBIDDEN' : 'CODE_TASK_FORBIDDEN'
        problems.push(problem(id, code, `不允许 ${type.slice(5)}：流程定义中不得包含可执行代码`, `${type.slice(5)} is not allowed: definitions may not run code`))
        continue
      }
      if (ANNOTATIONS.has(type)) continue
      if (!RUNNABLE.has(type)) {
        problems.push(problem(id, 'ELEMENT_UNSUPPORTED', `不支持的元素 ${type}`, `unsupported element ${type}`))
        continue
      }
      if (type === 'bpmn:SequenceFlow') {
        const condition = element.conditionExpression as ModdleElement | undefined
        if (condition) {
          const language = typeof condition.language === 'string' ? condition.language.trim().toLowerCase() : ''
          if (language && language !== 'feel') {
            problems.push(problem(id, 'SCRIPT_CONDITION_FORBIDDEN', `条件不得使用脚本语言「${condition.language}」，请用 FEEL`, `conditions may not be scripts (${condition.language}); use FEEL`))
          } else {
            for (const p of checkFeel(String(condition.body ?? ''))) problems.push(problem(id, p.code, p.message, p.messageEn))
          }
        }
      }
      if (type === 'bpmn:UserTask') model.userTasks[id!] = await checkUserTask(element, catalogs, problems)
      if (type === 'bpmn:CallActivity') {
        const calledElement = typeof element.calledElement === 'string' ? element.calledElement.trim() : ''
        if (!calledElement) problems.push(problem(id, 'CALL_TARGET_MISSING', '调用活动缺少 calledElement（被调用流程的 key）', 'call activity has no calledElement'))
        else model.calls[id!] = { elementId: id!, calledElement }
      }
      if (type.endsWith('Event')) {
        for (const definition of eventDefinitions(element)) {
          if (definition.$type === 'bpmn:TerminateEventDefinition' && type === 'bpmn:EndEvent') continue
          if (definition.$type !== 'bpmn:TimerEventDefinition' || !(type === 'bpmn:BoundaryEvent' || type === 'bpmn:IntermediateCatchEvent')) {
            problems.push(problem(id, 'EVENT_UNSUPPORTED', `不支持的事件定义 ${definition.$type}（${type}）`, `unsupported event definition ${definition.$type} on ${type}`))
            continue
          }
          const duration = definition.timeDuration as ModdleElement | undefined
          const date = definition.timeDate as ModdleElement | undefined
          if (definition.timeCycle) {
            problems.push(problem(id, 'TIMER_CYCLE_UNSUPPORTED', '不支持循环定时器（timeCycle）', 'cyclic timers (timeCycle) are not supported'))
          } else if (duration && parseIsoDuration(String(duration.body ?? ''))) {
            model.timers[id!] = { elementId: id!, kind: type === 'bpmn:BoundaryEvent' ? 'boundary' : 'intermediate', timerType: 'timeDuration', value: String(duration.body).trim() }
          } else if (date && parseIsoInstant(String(date.body ?? ''))) {
            model.timers[id!] = { elementId: id!, kind: type === 'bpmn:BoundaryEvent' ? 'boundary' : 'intermediate', timerType: 'timeDate', value: String(date.body).trim() }
          } else {
            problems.push(problem(id, 'TIMER_INVALID', '定时器须为 ISO 8601 时长（如 P90D）或日期', 'a timer must be an ISO 8601 duration (e.g. P90D) or date'))
          }
        }
      }
      if (type === 'bpmn:SubProcess') await visitFlowElements(element)
    }
  }
  await visitFlowElements(processElement)
  problems.push(...checkIssueReferences(model, catalogs))
  if (catalogs.gateRules) problems.push(...checkGates(processElement, model, catalogs.gateRules))
  return { problems, model }
}
