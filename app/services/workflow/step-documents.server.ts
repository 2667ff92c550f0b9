/**
 * Which document a completed step issues (第十三条: a document exists only
 * if it was made in the system). The definition says it with zf:issue:
 *  - no zf:issue: the step's own form, when it is a numbered document;
 *  - zf:issue="none": the step's form is a draft under review, nothing is
 *    issued (a returned draft must not leave a numbered, verifiable copy);
 *  - zf:issue="<draft step>": this step (the final approval) issues the
 *    document drafted there, when its outcome passes (not return/reject).
 *    审批表-type documents get the review and approval opinions of the steps
 *    since the draft written into their `approvals` (由审核、审批步骤自动写入).
 */
import { formsOfMatter } from '../catalog/matter-forms.server.ts'
import type { Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { CompletedStep, TaskView } from '../../../engine/index.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import type { DocumentService } from '../documents/documents.server.ts'
import { passesGate } from './gates.server.ts'

/** Whether completing a step with this form issues a numbered document. */
export function issuesDocument(registry: FormRegistry, formKey: string): boolean {
  return registry.has(formKey) && formIssuesDocument(registry.get(formKey))
}

/** Whether this version of a form is a numbered document (not step data such as an approval). */
export function formIssuesDocument({ manifest }: LoadedForm): boolean {
  return manifest.kind !== 'approval' && manifest.numbered && !!manifest.sequence
}

/** The form and data a completed step issues, or null. */
export function documentOfStep(registry: FormRegistry, task: TaskView, step: CompletedStep): { form: string; data: unknown; draftElementId: string | null } | null {
  if (step.issue === 'none') return null
  if (step.issue === null) return issuesDocument(registry, task.form) ? { form: task.form, data: task.payload, draftElementId: null } : null
  if (!passesGate(task.outcome) || !issuesDocument(registry, step.issue.form)) return null
  return { form: step.issue.form, data: step.issue.data, draftElementId: step.issue.elementId }
}

interface ApprovalPayload { opinion?: unknown; approverName?: unknown; date?: unknown }

/** The opinions of the approval steps completed since the draft was last submitted, oldest first; the issuing step signs as 审批. */
async function approvalsSinceDraft(tx: Tx, task: TaskView, draftElementId: string) {
  const draft = await tx.task.findFirst({
    where: { instanceId: task.instanceId, elementId: draftElementId, status: 'completed' },
    orderBy: { completedAt: 'desc' }, select: { completedAt: true },
  })
  const steps = await tx.task.findMany({
    where: { instanceId: task.instanceId, form: 'approval', status: 'completed', completedAt: { gte: draft?.completedAt ?? new Date(0) } },
    orderBy: { completedAt: 'asc' }, select: { id: true, role: true, payload: true },
  })
  const rows = steps.some((s) => s.id === task.id) ? steps : [...steps, { id: task.id, role: task.role, payload: JSON.stringify(task.payload) }]
  return rows.flatMap((s) => {
    const p = (typeof s.payload === 'string' ? JSON.parse(s.payload) : s.payload) as ApprovalPayload | null
    if (!p || typeof p.opinion !== 'string' || typeof p.approverName !== 'string' || typeof p.date !== 'string') return []
    const label = s.role === 'committee-member' ? '集体讨论' : s.id === task.id ? '审批' : '审核'
    return [{ step: label, opinion: p.opinion, name: p.approverName, date: p.date }]
  })
}

export async function issueStepDocument(
  deps: { registry: FormRegistry; documents: () => Promise<DocumentService> },
  tx: Tx, task: TaskView, actor: Actor, step: CompletedStep,
): Promise<void> {
  if (!task.businessKey) return
  // The matter's own form versions decide what the step issues and with which schema (docs/decisions/025).
  const forms = await formsOfMatter(tx, deps.registry, task.businessKey)
  const made = documentOfStep(forms, task, step)
  if (!made) return
  const matter = await tx.matter.findUnique({ where: { id: task.businessKey }, select: { id: true, organId: true } })
  if (!matter) return
  let data = made.data
  const schema = forms.get(made.form).schema as { properties?: Record<string, unknown> }
  if (made.draftElementId && schema.properties && 'approvals' in schema.properties && data && typeof data === 'object') {
    data = { ...(data as Record<string, unknown>), approvals: await approvalsSinceDraft(tx, task, made.draftElementId) }
  }
  const documents = await deps.documents()
  // The maker is who drafted it; the approver who issues it is recorded as issuer.
  const drafted = made.draftElementId
    ? await tx.task.findFirst({
        where: { instanceId: task.instanceId, elementId: made.draftElementId, status: 'completed' },
        orderBy: { completedAt: 'desc' }, select: { completedById: true, completedByName: true },
      })
    : null
  const maker = drafted?.completedById ? { id: drafted.completedById, name: drafted.completedByName ?? '' } : undefined
  // Documents carry the organ's 机关代字: the organ issues them, whichever unit drafted.
  await documents.issueIn(tx, actor, {
    formKey: made.form, data, departmentId: matter.organId,
    subject: { type: 'matter', id: matter.id }, instanceId: task.instanceId, taskId: task.id, maker,
  })
}
