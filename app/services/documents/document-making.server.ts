/**
 * Making a document in the browser, as the routes call it: the page's
 * draft saves and the final submit. The client is never trusted: the form
 * must be an issuable one, the subject one the actor may read, the issuing
 * department is the actor's own 机关 whatever the payload says, and the
 * payload is validated again by the documents service.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import type { AppAbility } from '../permissions.server.ts'
import type { DocumentService, IssuedDocument } from './documents.server.ts'
import { discardDraft, formsOfPlace, loadDraft, saveDraft, type SavedDraft } from './drafts.server.ts'
import { versionOf } from '../catalog/matter-forms.server.ts'
import { issuableForm } from './documents-query.server.ts'
import { issuingOrganOf, resolveSubject, type IssuingOrgan } from './form-context.server.ts'
import { InvalidForm } from './errors.ts'

export interface MakingContext {
  db: Db
  clock: Clock
  registry: FormRegistry
  actor: Actor
  ability: AppAbility
}

/** The largest form payload accepted (drafts have the same limit). */
export const MAX_PAYLOAD_BYTES = 512 * 1024

/** The submitted JSON text → an object, or InvalidForm. */
export function parsePayload(formKey: string, text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text.length === 0) throw new InvalidForm(formKey, [{ path: '', message: '没有收到表单内容，请重新提交。' }])
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new InvalidForm(formKey, [{ path: '', message: '表单内容过大（超过 512 KB）。' }])
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InvalidForm(formKey, [{ path: '', message: '表单内容无法读取，请刷新页面后重试。' }])
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidForm(formKey, [{ path: '', message: '表单内容应为对象。' }])
  return value as Record<string, unknown>
}

/** The payload with the fields the system fills (the issuing department) set by the server. */
export function withSystemFields(form: LoadedForm, data: Record<string, unknown>, organ: IssuingOrgan): Record<string, unknown> {
  const properties = (form.bundledSchema.properties ?? {}) as Record<string, unknown>
  return 'issuingDepartment' in properties ? { ...data, issuingDepartment: organ.name } : data
}

export async function saveFormDraft(ctx: MakingContext, input: { formKey: string; subject: string | null; data: unknown; baseRevision: number }): Promise<SavedDraft> {
  issuableForm(ctx.registry, input.formKey)
  const subject = await resolveSubject(ctx.db, ctx.ability, input.subject)
  return saveDraft(ctx.db, ctx.registry, ctx.clock, ctx.actor, { formKey: input.formKey, subject: subject?.ref }, input.data, input.baseRevision)
}

/**
 * Validates and issues; the draft of that form and subject is removed once
 * the document exists.
 * @throws InvalidForm (nothing written), NotIssuable, NotFound (subject), DepartmentWithoutPrefix
 */
export async function makeDocument(ctx: MakingContext, service: DocumentService, input: { formKey: string; subject: string | null; payload: unknown }): Promise<IssuedDocument> {
  issuableForm(ctx.registry, input.formKey)
  const subject = await resolveSubject(ctx.db, ctx.ability, input.subject)
  const place = { formKey: input.formKey, subject: subject?.ref }
  // The version the page showed: the draft's own, when it was kept on an earlier one (docs/decisions/039).
  const forms = await formsOfPlace(ctx.db, ctx.registry, place, (await loadDraft(ctx.db, ctx.actor, place))?.formVersion ?? null)
  const form = issuableForm(forms, input.formKey)
  const organ = await issuingOrganOf(ctx.db, ctx.actor)
  const data = withSystemFields(form, parsePayload(form.key, input.payload), organ)
  const kept = form.contentHash !== ctx.registry.get(form.key).contentHash ? versionOf(form) : undefined
  const issued = await service.issue(ctx.actor, { formKey: form.key, data, departmentId: organ.id, subject: subject?.ref, formVersion: kept })
  await discardDraft(ctx.db, ctx.clock, ctx.actor, place)
  return issued
}
