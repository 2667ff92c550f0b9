/**
 * One question for every place that shows a document's content: may this
 * user read this document? The rule itself is `documentReadRules` in
 * permissions.server.ts (CASL); this file asks it for one document, for a
 * list, and for content that is not (yet) a numbered document — a step's
 * submitted form, the draft an approval step decides on — which is judged
 * as the document it is or will become: made by whoever filled it in, for
 * the matter it belongs to, in the matter's organ.
 */
import { subject } from '@casl/ability'
import type { Document as DocumentRow } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import { accessibleWhere, type AppAbility } from '../permissions.server.ts'
import type { Clock } from '../../../engine/clock.ts'
import { mayActOnMatterTask, type MatterTeam } from '../workflow/task-access.server.ts'
import { appendAudit } from '../audit.server.ts'
import { readableDocument, type DocumentDetails } from './documents-query.server.ts'
import { DocumentNotFound } from './errors.ts'

/** The where-clause of documents whose content the ability may read (lists, counts, search, exports). */
export function readableDocumentsWhere(ability: AppAbility) {
  return accessibleWhere(ability, 'read', 'Document')
}

/** May the ability read this stored document? (Same clause as lists, so a page and a list never disagree.) */
export async function mayReadDocument(db: Db, ability: AppAbility, documentId: string): Promise<boolean> {
  return (await db.document.count({ where: { AND: [readableDocumentsWhere(ability), { id: documentId }] } })) > 0
}

interface StepRow {
  id: string
  instanceId: string
  businessKey: string | null
  completedById: string | null
  assigneeId: string | null
}

interface StepMatter extends MatterTeam {
  id: string
  organId: string
  kind: string
  status: string
}

/**
 * May the actor read the content of a step (its form data, open or done)?
 *  - a document issued by the step is judged as that document;
 *  - otherwise as the document it would be: made by who filled it in, for
 *    its matter, in the matter's organ;
 *  - and whoever may act on an open step of the same procedure reads it
 *    (the approver reads the draft while deciding).
 */
export async function mayReadStepContent(db: Db, ability: AppAbility, actor: Actor, row: StepRow, matter: StepMatter | null): Promise<boolean> {
  if (row.completedById === actor.id) return true
  const issued = await db.document.findFirst({ where: { taskId: row.id }, select: { id: true } })
  if (issued) {
    if (await mayReadDocument(db, ability, issued.id)) return true
  } else if (matter) {
    const organ = await db.department.findUnique({ where: { id: matter.organId }, select: { path: true } })
    const asDocument = {
      deletedAt: null, madeById: row.completedById ?? row.assigneeId ?? '', departmentId: matter.organId, departmentPath: organ?.path ?? '',
      matter: { createdById: matter.createdById, officers: matter.officerIds.map((userId) => ({ userId })) },
      accessGrants: [], requests: [],
    }
    if (ability.can('read', subject('Document', asDocument as unknown as DocumentRow))) return true
  }
  const open = await db.task.findMany({
    where: { instanceId: row.instanceId, status: 'open' }, select: { status: true, role: true, departmentId: true, assigneeId: true },
  })
  return open.some((t) => mayActOnMatterTask(ability, t, 'complete', matter) || mayActOnMatterTask(ability, t, 'claim', matter))
}

/**
 * One document's details for someone the rule lets read it, with the read
 * logged (第七条: a full operation log); a refusal is logged too and answers
 * 404, the same as a document that does not exist.
 */
export async function readDocumentLogged(
  ctx: { db: Db; clock: Clock; actor: Actor; ability: AppAbility }, documentId: string, via: 'page' | 'download', logSuccess = true,
): Promise<DocumentDetails> {
  const { actor } = ctx
  const entry = { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
  try {
    const document = await readableDocument(ctx.db, ctx.ability, documentId)
    if (logSuccess) {
      await appendAudit(ctx.db, { ...entry, action: 'document.read', targetType: 'Document', targetId: document.id, detail: { number: document.number, via } }, ctx.clock)
    }
    return document
  } catch (error) {
    if (error instanceof DocumentNotFound) {
      const exists = await ctx.db.document.count({ where: { id: documentId } })
      if (exists) await appendAudit(ctx.db, { ...entry, action: via === 'download' ? 'document.download' : 'document.read', outcome: 'denied', targetType: 'Document', targetId: documentId, detail: { via } }, ctx.clock)
    }
    throw error
  }
}
