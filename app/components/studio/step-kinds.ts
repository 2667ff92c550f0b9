/**
 * The steps an administrator adds from the palette and the context pad,
 * pre-filled with what such a step of the regulation always says: a user
 * task with its `zf` attributes. What depends on the procedure (which
 * document, which head approves) is left for the 执法 panel, so the deploy
 * check points at it until it is chosen.
 */
import type { ZfName } from './zf-attributes.ts'

export interface StepKind {
  /** Stable key, used in palette and context-pad entry ids (`create.zf-<key>`). */
  key: string
  /** Name of the new step and of the entry (Chinese, the canvas shows it). */
  title: string
  attributes: Partial<Record<ZfName, string | boolean>>
}

export const STEP_KINDS: readonly StepKind[] = [
  { key: 'review', title: '审核', attributes: { approval: true, role: 'supervisor', scope: 'case-department', outcomes: 'approve return' } },
  // Which head approves depends on the matter (分管 or 主要负责同志): the role is the administrator's choice.
  { key: 'approval', title: '审批', attributes: { approval: true, scope: 'organ', outcomes: 'approve return' } },
  // Which document: the administrator picks the form.
  { key: 'document', title: '制作文书', attributes: { role: 'officer', scope: 'case-department' } },
  { key: 'legal-review', title: '法制审核', attributes: { form: 'legal-review-opinion', role: 'legal-reviewer', scope: 'legal-office', due: '3 working days', outcomes: 'approve committee return' } },
  { key: 'collective', title: '集体讨论', attributes: { form: 'committee-minutes', role: 'committee-member', scope: 'case-committee', outcomes: 'approve return' } },
  { key: 'service', title: '送达', attributes: { form: 'service-receipt', role: 'officer', scope: 'case-department' } },
]

/** The business-object properties of a new step of this kind (for bpmnFactory.create('bpmn:UserTask', …)). */
export function stepProperties(kind: StepKind): Record<string, unknown> {
  const properties: Record<string, unknown> = { name: kind.title }
  for (const [name, value] of Object.entries(kind.attributes)) properties[`zf:${name}`] = value
  return properties
}
