/**
 * One matter as its page shows it: the record, the procedure's diagram with
 * the current steps, every deadline, the documents, and a timeline of who
 * did what when (steps reached and completed, comments, outcomes, documents,
 * gate decisions, moves of the procedure to another version).
 */
import { flowGraph, type FlowGraph } from '../../../engine/definition/next-steps.ts'
import { subject } from '@casl/ability'
import type { Matter } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { AppAbility } from '../permissions.server.ts'
import { Forbidden, NotFound } from '../errors.ts'
import { appCalendar, remainingWorkingDays } from '../workflow/calendar.server.ts'
import { dueLabel } from '../workflow/due-label.server.ts'
import type { TaskView } from '../../../engine/index.ts'
import { mayActOnMatterTask } from '../workflow/task-access.server.ts'
import { readableDocumentsWhere } from '../documents/read-rule.server.ts'
import { outcomeTitle } from '../../reference/outcomes.ts'
import type { DefinitionMove } from '../studio/move-matters.server.ts'

export interface TimelineEntry {
  at: string
  kind: 'opened' | 'reached' | 'completed' | 'returned' | 'cancelled' | 'document' | 'gate' | 'transferred' | 'claimed' | 'moved'
  who: string | null
  text: string
  comment: string | null
  link: string | null
}

/** Loads a matter the actor may read; 404 when there is none, 403 when it is out of scope. */
// Definitions never change: their flows are parsed once per version.
const graphs = new Map<string, Promise<FlowGraph | null>>()
function flowGraphOf(definitionId: string, xml: string): Promise<FlowGraph | null> {
  let graph = graphs.get(definitionId)
  if (!graph) {
    if (graphs.size >= 500) graphs.clear()
    graph = flowGraph(xml).catch(() => null)
    graphs.set(definitionId, graph)
  }
  return graph
}

export async function findReadableMatter(db: Db, ability: AppAbility, matterId: string) {
  const matter = await db.matter.findUnique({ where: { id: matterId }, include: { officers: true } })
  if (!matter) throw new NotFound('未找到该事项。')
  if (!ability.can('read', subject('Matter', matter as Matter))) throw new Forbidden('该事项不在您的职责范围内，无权查看。')
  return matter
}


export async function matterView(db: Db, clock: Clock, ability: AppAbility, actor: Actor, matterId: string) {
  const matter = await findReadableMatter(db, ability, matterId)
  const team = { createdById: matter.createdById, officerIds: matter.officers.map((o) => o.userId) }
  const now = clock.now()
  const [party, officers, department, instances, tasks, documents, gates, parent, children, calendar] = await Promise.all([
    matter.partyId ? db.regulatedEntity.findUnique({ where: { id: matter.partyId }, select: { name: true, creditCode: true, address: true, legalRepresentative: true } }) : null,
    db.user.findMany({ where: { id: { in: matter.officers.map((o) => o.userId) } }, select: { id: true, displayName: true, certificateNo: true } }),
    db.department.findUnique({ where: { id: matter.departmentId }, select: { name: true } }),
    db.processInstance.findMany({ where: { businessKey: matter.id }, orderBy: { startedAt: 'asc' }, select: { id: true, definitionKey: true, definitionVersion: true, definitionId: true, status: true, startedAt: true, endedAt: true, parentInstanceId: true } }),
    db.task.findMany({ where: { businessKey: matter.id }, orderBy: { createdAt: 'asc' } }),
    // Only the documents the one read rule lets this user read (issue 9).
    db.document.findMany({ where: { AND: [readableDocumentsWhere(ability), { subjectType: 'matter', subjectId: matter.id, deletedAt: null }] }, orderBy: { issuedAt: 'asc' }, select: { id: true, formKey: true, number: true, issuedAt: true, issuedByName: true, verificationCode: true, pdfSm3: true, renderStatus: true, formVersion: { select: { title: true } } } }),
    db.matterGate.findMany({ where: { matterId: matter.id } }),
    matter.parentId ? db.matter.findUnique({ where: { id: matter.parentId }, select: { id: true, number: true, title: true } }) : null,
    db.matter.findMany({ where: { parentId: matter.id }, select: { id: true, number: true, title: true, kind: true } }),
    appCalendar(db),
  ])

  // Transfers (转办, with their reason) and claims (签收) are in the operation log only.
  const handling = tasks.length ? await db.auditEntry.findMany({
    where: { action: { in: ['task.assign', 'task.claim'] }, targetType: 'Task', targetId: { in: tasks.map((t) => t.id) }, outcome: 'success' },
    orderBy: { seq: 'asc' }, select: { at: true, action: true, actorName: true, targetId: true, detail: true },
  }) : []
  const receivers = new Map((await db.user.findMany({
    where: { id: { in: handling.map((h) => (JSON.parse(h.detail ?? '{}') as { to?: string }).to ?? '').filter(Boolean) } },
    select: { id: true, displayName: true },
  })).map((u) => [u.id, u.displayName]))

  const openTasks = tasks.filter((t) => t.status === 'open').map((t) => {
    const view = { ...t, status: 'open', overdue: !!t.dueAt && t.dueAt <= now } as unknown as TaskView
    return {
      id: t.id, name: t.name, elementId: t.elementId, instanceId: t.instanceId, role: t.role, dueDate: dueLabel(t.dueDate, t.dueAt), dueProvisional: Boolean(t.dueProvisional),
      overdue: view.overdue, remainingWorkingDays: remainingWorkingDays(calendar, now, t.dueDate),
      mayAct: mayActOnMatterTask(ability, view, 'complete', team) || mayActOnMatterTask(ability, view, 'claim', team),
    }
  })

  const timeline: TimelineEntry[] = [
    { at: matter.createdAt.toISOString(), kind: 'opened', who: matter.createdByName, text: `开启事项 ${matter.number}`, comment: null, link: null },
  ]
  for (const t of tasks) {
    timeline.push({ at: t.createdAt.toISOString(), kind: 'reached', who: null, text: `流转至「${t.name}」${t.dueDate ? `，期限 ${dueLabel(t.dueDate, t.dueAt)}${t.dueProvisional ? '（暂定）' : ''}` : ''}`, comment: null, link: null })
    if (t.status === 'completed' && t.completedAt) {
      const returned = t.outcome === 'return'
      timeline.push({
        at: t.completedAt.toISOString(), kind: returned ? 'returned' : 'completed', who: t.completedByName,
        text: `${returned ? '退回' : '办理'}「${t.name}」${t.outcome && !returned ? `：${outcomeTitle(t.outcome)}` : ''}`,
        comment: t.comment, link: null,
      })
    }
    if (t.status === 'cancelled') {
      timeline.push({ at: (t.completedAt ?? t.createdAt).toISOString(), kind: 'cancelled', who: null, text: `「${t.name}」已取消${t.cancelReason === 'withdrawn' ? '（撤回）' : ''}`, comment: null, link: null })
    }
  }
  const taskNames = new Map(tasks.map((t) => [t.id, t.name]))
  for (const h of handling) {
    const detail = JSON.parse(h.detail ?? '{}') as { to?: string | null; comment?: string | null }
    const name = taskNames.get(h.targetId ?? '') ?? ''
    if (h.action === 'task.claim') {
      timeline.push({ at: h.at.toISOString(), kind: 'claimed', who: h.actorName, text: `签收「${name}」`, comment: null, link: null })
    } else {
      timeline.push({ at: h.at.toISOString(), kind: 'transferred', who: h.actorName, text: `转办「${name}」给 ${receivers.get(detail.to ?? '') ?? '—'}`, comment: detail.comment ?? null, link: null })
    }
  }
  for (const d of documents) {
    timeline.push({ at: d.issuedAt.toISOString(), kind: 'document', who: d.issuedByName, text: `制发《${d.formVersion.title}》${d.number ?? '（笔录不编号）'}`, comment: null, link: `/documents/${d.id}` })
  }
  for (const g of gates) {
    timeline.push({ at: g.decidedAt.toISOString(), kind: 'gate', who: g.decidedByName, text: g.gate === 'case-review' ? '作出案件审理审查决定' : g.gate === 'plan-approval' ? '现场检查方案审批通过' : `通过「${g.gate}」`, comment: g.comment, link: null })
  }
  // A move keeps the steps done; without it on the timeline the version shown would change unexplained.
  for (const m of (matter.data as { definitionMoves?: DefinitionMove[] } | null)?.definitionMoves ?? []) {
    timeline.push({ at: m.at, kind: 'moved', who: m.byName, text: `办理流程由第 ${m.from} 版迁移到第 ${m.to} 版${m.note ? `：${m.note}` : ''}`, comment: null, link: null })
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at))

  // A request to extend the case's period (case-extension) runs beside the case: the diagram stays the case's.
  const current = instances.filter((i) => i.status === 'running' && i.definitionKey !== 'case-extension')
  const shown = current.at(-1) ?? instances.at(-1) ?? null
  const definition = shown ? await db.processDefinition.findUnique({ where: { id: shown.definitionId }, select: { xml: true, name: true, key: true, version: true } }) : null
  const activeElements = shown ? openTasks.filter((t) => t.instanceId === shown.id).map((t) => t.elementId) : []
  const graph = definition && shown && activeElements.length ? await flowGraphOf(shown.definitionId, definition.xml) : null
  return {
    matter: {
      id: matter.id, number: matter.number, title: matter.title, kind: matter.kind, variant: matter.variant, status: matter.status,
      createdAt: matter.createdAt.toISOString(), createdByName: matter.createdByName, closedAt: matter.closedAt?.toISOString() ?? null,
      departmentId: matter.departmentId, departmentName: department?.name ?? '', data: matter.data,
    },
    party, officers, parent, children,
    diagram: definition && shown ? {
      xml: definition.xml, name: definition.name, key: definition.key, version: definition.version,
      activeElements,
      // What can follow the current steps, in words (a phone shows the diagram small).
      nextSteps: graph?.next(activeElements).map((n) => ({ name: n.name, via: n.via, end: n.end })) ?? [],
      doneElements: [...new Set(tasks.filter((t) => t.instanceId === shown.id && t.status === 'completed').map((t) => t.elementId))],
    } : null,
    openTasks,
    documents: documents.map((d) => ({ id: d.id, title: d.formVersion.title, number: d.number, issuedAt: d.issuedAt.toISOString(), issuedByName: d.issuedByName, verificationCode: d.verificationCode, hasPdf: !!d.pdfSm3, renderStatus: d.renderStatus })),
    gates: gates.map((g) => ({ gate: g.gate, outcome: g.outcome, decidedByName: g.decidedByName, decidedAt: g.decidedAt.toISOString() })),
    timeline,
  }
}
