/**
 * The 执法 group of the properties panel: every `zf` attribute of a user
 * task, and the condition of a sequence flow (the standard panel has none),
 * written as a provider of our own (bpmn-js-properties-panel's extension
 * pattern). Entries are Preact components of @bpmn-io/properties-panel,
 * built with `h` (the panel's own Preact: a second copy breaks its hooks).
 * Choices come from the catalog's lists the server sent (StudioReference);
 * reading and writing go through zf-attributes.ts.
 */
import { h } from '@bpmn-io/properties-panel/preact'
import {
  CheckboxEntry, FeelEntry, NumberFieldEntry, SelectEntry, TextFieldEntry,
  isCheckboxEntryEdited, isFeelEntryEdited, isNumberFieldEntryEdited, isSelectEntryEdited, isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel'
import { useService } from 'bpmn-js-properties-panel'
import type { StudioReference } from '../../services/studio/studio-reference.ts'
import { translatedEntry } from './translated-entries.ts'
import { dueParts, dueText, outcomesOf, readApproval, readZf, zfUpdate, type BusinessObject, type ZfName } from './zf-attributes.ts'

interface Shape { id: string; type: string; businessObject: BusinessObject & Record<string, unknown> }
interface Modeling { updateProperties(element: Shape, properties: Record<string, unknown>): void }
interface BpmnFactory { create(type: string, attrs?: Record<string, unknown>): unknown }
interface Option { value: string; label: string }
type Component = (props: { element: Shape; id: string }) => unknown
interface Entry { id: string; element: Shape; component: Component; isEdited: (node: unknown) => boolean }
interface Group { id: string; label: string; entries: Entry[]; translate?: Translate }
type Translate = (template: string, replacements?: Record<string, string>) => string

const PRIORITY = 500

function isUserTask(element: Shape): boolean {
  return element.type === 'bpmn:UserTask'
}

function named(list: Array<[string, string]>, none: string): Option[] {
  return [{ value: '', label: none }, ...list.map(([value, title]) => ({ value, label: title && title !== value ? `${title}（${value}）` : value }))]
}

/** Keeps a value the lists do not know visible (and selected) instead of silently showing the first option. */
function withCurrent(options: Option[], current: string): Option[] {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: `${current}（不在目录中）` }] : options
}

function useZf(element: Shape, name: ZfName) {
  const modeling = useService('modeling') as Modeling
  return {
    getValue: () => readZf(element.businessObject, name),
    setValue: (value: string) => modeling.updateProperties(element, zfUpdate(name, value)),
  }
}

function textEntry(name: ZfName, label: string, description?: string): Component {
  return function ZfText({ element, id }) {
    const debounce = useService('debounceInput')
    return h(TextFieldEntry, { element, id, label, description, debounce, ...useZf(element, name) })
  }
}

function selectEntry(name: ZfName, label: string, options: (element: Shape) => Option[], description?: string): Component {
  return function ZfSelect({ element, id }) {
    const zf = useZf(element, name)
    return h(SelectEntry, { element, id, label, description, ...zf, getOptions: () => withCurrent(options(element), zf.getValue()) })
  }
}

function ApprovalEntry({ element, id }: { element: Shape; id: string }) {
  const modeling = useService('modeling') as Modeling
  return h(CheckboxEntry, {
    element, id, label: '纯审批步骤（填写审批意见，不另选文书）',
    getValue: () => readApproval(element.businessObject),
    setValue: (value: boolean) => modeling.updateProperties(element, zfUpdate('approval', value)),
  })
}

function DueDaysEntry({ element, id }: { element: Shape; id: string }) {
  const modeling = useService('modeling') as Modeling
  const debounce = useService('debounceInput')
  const parts = () => dueParts(readZf(element.businessObject, 'due'))
  return h(NumberFieldEntry, {
    element, id, label: '期限（工作日）', min: 1, max: 366, debounce,
    description: '按工作日历计算，法定节假日与调休不计',
    getValue: () => parts().workingDays ?? '',
    setValue: (value: number | string) => {
      const days = value === '' || value === null || value === undefined ? null : Number(value)
      modeling.updateProperties(element, zfUpdate('due', dueText({ workingDays: days, from: parts().from })))
    },
  })
}

function DueFromEntry({ element, id }: { element: Shape; id: string }) {
  const modeling = useService('modeling') as Modeling
  const debounce = useService('debounceInput')
  const parts = () => dueParts(readZf(element.businessObject, 'due'))
  const translate = useService('translate') as Translate
  return h(FeelEntry, {
    element, id, label: '期限起算日期（FEEL）', feel: 'required', debounce, translate,
    description: '如 date(decision.issueDate)；只填此项时即为期限当日；与工作日同填时为“起算后 N 个工作日”',
    getValue: () => parts().from,
    setValue: (value: string | undefined) => modeling.updateProperties(element, zfUpdate('due', dueText({ workingDays: parts().workingDays, from: value ?? '' }))),
  })
}

function DueOtherEntry({ element, id }: { element: Shape; id: string }) {
  const modeling = useService('modeling') as Modeling
  const debounce = useService('debounceInput')
  return h(TextFieldEntry, {
    element, id, label: '期限（其他写法）', debounce,
    description: '日历日、小时或按部门设置计算的期限，如 P90D、24 hours、partyPeriods.statementDays working days after = date(x)',
    getValue: () => dueParts(readZf(element.businessObject, 'due')).other,
    setValue: (value: string) => modeling.updateProperties(element, zfUpdate('due', value)),
  })
}

function ConditionEntry({ element, id }: { element: Shape; id: string }) {
  const modeling = useService('modeling') as Modeling
  const bpmnFactory = useService('bpmnFactory') as BpmnFactory
  const debounce = useService('debounceInput')
  const translate = useService('translate') as Translate
  return h(FeelEntry, {
    element, id, label: '条件（FEEL）', feel: 'required', debounce, translate,
    description: '如 decisionOutcome = "approve"；网关的默认连线不写条件',
    getValue: () => {
      const expression = element.businessObject.conditionExpression as { body?: string } | undefined
      return expression?.body ?? ''
    },
    setValue: (value: string | undefined) => {
      const body = (value ?? '').trim()
      const empty = body === '' || body === '='
      modeling.updateProperties(element, { conditionExpression: empty ? undefined : bpmnFactory.create('bpmn:FormalExpression', { body }) })
    },
  })
}

/** The other user tasks of the process, for zf:issue (this step issues the document drafted there). */
function otherSteps(element: Shape): Array<[string, string]> {
  const process = element.businessObject.$parent as { flowElements?: Array<{ $type: string; id: string; name?: string }> } | undefined
  return (process?.flowElements ?? []).filter((e) => e.$type === 'bpmn:UserTask' && e.id !== element.id).map((e) => [e.id, e.name ? `制发「${e.name}」起草的文书` : e.id])
}

function outcomesDescription(reference: StudioReference): Component {
  const titles = new Map(reference.outcomes)
  return function ZfOutcomes({ element, id }) {
    const debounce = useService('debounceInput')
    const zf = useZf(element, 'outcomes')
    return h(TextFieldEntry, {
      element, id, label: '办理结果（空格分隔）', debounce, ...zf,
      description: outcomesOf(zf.getValue()).map((o) => `${o}＝${titles.get(o) ?? '（无中文名称）'}`).join('，') || `可用：${reference.outcomes.slice(0, 8).map(([k, t]) => `${k}＝${t}`).join('，')} 等`,
      validate: (value: string) => {
        const unknown = outcomesOf(value ?? '').filter((o) => !titles.has(o))
        return unknown.length ? `没有中文名称的结果：${unknown.join('、')}（请先在参考清单 outcomes 中添加）` : null
      },
    })
  }
}

function entry(element: Shape, id: string, component: Component, isEdited: (node: unknown) => boolean): Entry {
  return { id, element, component, isEdited }
}

type EntrySpec = [id: string, component: Component, isEdited: (node: unknown) => boolean]

/**
 * The panel's entries by the attribute they edit: a record over ZfName, so a
 * `zf` attribute added to the moddle descriptor (and to ZF_NAMES) does not
 * compile until the panel edits it.
 */
function userTaskEntries(reference: StudioReference): Record<ZfName, EntrySpec[]> {
  const gates: Array<[string, string]> = reference.gateRules.map((g) => [g.gate, g.title ?? g.gate])
  const assignees: Array<[string, string]> = [['previous', '原办理人（退回后由原起草人重办）'], ['starter', '事项发起人']]
  const opinions: Array<[string, string]> = [['required', '须填写意见（无论同意或退回）'], ['optional', '可不填写']]
  const overdue: Array<[string, string]> = [['remind', '提醒办理人（逾期一日报告负责同志）'], ['report', '逾期即报告负责同志']]
  return {
    form: [['zf-form', selectEntry('form', '文书表单', () => named(reference.forms, `<无>（纯审批用 ${reference.approvalForm}）`)), isSelectEntryEdited]],
    approval: [['zf-approval', ApprovalEntry, isCheckboxEntryEdited]],
    role: [['zf-role', selectEntry('role', '办理岗位', () => named(reference.roles, '<请选择岗位>')), isSelectEntryEdited]],
    scope: [['zf-scope', selectEntry('scope', '办理范围', () => named(reference.scopes, '<请选择范围>')), isSelectEntryEdited]],
    due: [['zf-due-days', DueDaysEntry, isNumberFieldEntryEdited], ['zf-due-from', DueFromEntry, isFeelEntryEdited], ['zf-due-other', DueOtherEntry, isTextFieldEntryEdited]],
    overdue: [['zf-overdue', selectEntry('overdue', '逾期后', () => named(overdue, '<默认：提醒办理人>'), '须同时设置期限'), isSelectEntryEdited]],
    lead: [['zf-lead', textEntry('lead', '提前报送', '如 2 working days before plannedDate（须在表单所填日期前若干工作日完成）'), isTextFieldEntryEdited]],
    issue: [['zf-issue', selectEntry('issue', '制发文书', (e) => named([['none', '不制发（草稿待审核审批）'], ...otherSteps(e)], '<本步骤完成即制发>')), isSelectEntryEdited]],
    outcome: [['zf-outcome', textEntry('outcome', '结果变量', '网关条件据此判断，如 decisionOutcome'), isTextFieldEntryEdited]],
    outcomes: [['zf-outcomes', outcomesDescription(reference), isTextFieldEntryEdited]],
    opinion: [['zf-opinion', selectEntry('opinion', '办理意见', () => named(opinions, '<默认：退回时须填写>')), isSelectEntryEdited]],
    gate: [['zf-gate', selectEntry('gate', '法定环节', () => named(gates, '<不是法定环节>'), '标注后，本步骤以“通过”结果办结才算经过该环节'), isSelectEntryEdited]],
    assignee: [['zf-assignee', selectEntry('assignee', '办理人规则', () => named(assignees, '<同岗位人员认领>')), isSelectEntryEdited]],
    result: [['zf-result', textEntry('result', '表单数据变量', '默认为步骤 ID'), isTextFieldEntryEdited]],
    period: [['zf-period', textEntry('period', '当事人期限', '如 requested = false until due unless waiver'), isTextFieldEntryEdited]],
    completion: [['zf-completion', textEntry('completion', '会签规则（多实例）', 'all 会签、any 或签、2/3 或 60%'), isTextFieldEntryEdited]],
  }
}

export function zhifaGroup(element: Shape, reference: StudioReference): Group | null {
  if (element.type === 'bpmn:SequenceFlow') {
    return { id: 'zhifa', label: '执法', entries: [entry(element, 'zf-condition', ConditionEntry, isFeelEntryEdited)] }
  }
  if (!isUserTask(element)) return null
  const entries = Object.values(userTaskEntries(reference)).flat().map(([id, component, isEdited]) => entry(element, id, component, isEdited))
  return { id: 'zhifa', label: '执法', entries }
}

/** Registered with the panel; the reference comes from the modeler's config (`zhifaStudio.reference`). */
export function ZhifaPropertiesProvider(this: unknown, propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, config: { reference: StudioReference }, translate: Translate) {
  const provider = {
    getGroups(element: Shape) {
      return (groups: Group[]) => {
        const group = zhifaGroup(element, config.reference)
        if (group) {
          // Right after 常规 (General): the attributes an administrator edits most.
          const general = groups.findIndex((g) => g.id === 'general')
          groups.splice(general < 0 ? 0 : general + 1, 0, group)
        }
        // A group's own words (展开/收起, 已填写) come from a `translate` prop, which the panel does not pass: without it they stay English.
        return groups.map((g) => ({
          ...g,
          translate,
          entries: g.entries.map((e) => {
            const component = translatedEntry(element, e.id)
            return component ? { ...e, component: component as unknown as Component } : e
          }),
        }))
      }
    },
  }
  propertiesPanel.registerProvider(PRIORITY, provider)
  return provider
}
ZhifaPropertiesProvider.$inject = ['propertiesPanel', 'config.zhifaStudio', 'translate']

export const zhifaPropertiesModule = {
  __init__: ['zhifaPropertiesProvider'],
  zhifaPropertiesProvider: ['type', ZhifaPropertiesProvider],
}
