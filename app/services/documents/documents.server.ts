/**
 * Issuing, reading and verifying documents. A route or an engine step calls
 * these; they validate, number, hash and store the data in one transaction
 * with its operation-log entry, and the render queue makes the DOCX/PDF
 * after commit (docs/decisions/028). There is no update or delete: an issued
 * document is final (corrections go through the change request of Art. 7).
 */
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { canonicalJson, sm3 } from '../../../forms/_lib/registry.ts'
import type { FormValidator } from '../../../forms/_lib/validator.ts'
import { formsOfMatter, formVersionById, storedFormVersion } from '../catalog/matter-forms.server.ts'
import { appendAudit } from '../audit.server.ts'
import { assertGatePassed } from '../workflow/gates.server.ts'
import { ensureFormVersion, ensureFormVersionIn } from './form-versions.server.ts'
import { allocateNumber, formatDocumentNumber, loadNumberingConfig, type NumberingConfig } from './numbering.server.ts'
import { renderFiles, type DocumentRenderer, type DocumentStamp } from './render.server.ts'
import { createRenderQueue, type RenderQueue, type RenderStatus } from './render-queue.server.ts'
import { formatVerificationCode, newVerificationCode, normalizeVerificationCode } from './verification-code.ts'
import { effectiveSetting } from '../department-settings.server.ts'
import { DepartmentWithoutPrefix, DocumentNotFound, InvalidForm, NotIssuable } from './errors.ts'

export interface DocumentServiceDeps {
  db: Db
  registry: FormRegistry
  validator: FormValidator
  renderer: DocumentRenderer
  clock: Clock
  /** Public address of the system; QR codes point to `<baseUrl>/verify/<code>`. */
  baseUrl: string
  numbering?: NumberingConfig
}

export interface IssueInput {
  formKey: string
  data: unknown
  /** The issuing department; its docPrefix starts the number. */
  departmentId: string
  /** What the document belongs to, e.g. { type: 'penalty-case', id }. */
  subject?: { type: string; id: string }
  instanceId?: string
  taskId?: string
  /**
   * 制作人: who drafted it, when not the issuer (a draft issued by its
   * approval step is made by the drafting officer, issued by the approver).
   */
  maker?: { id: string; name: string }
  /**
   * The form version to issue with, when it is not the one in force: a draft
   * made outside a matter keeps the version it was started on
   * (docs/decisions/039). Ignored for a matter, which uses its own versions.
   */
  formVersion?: number
}

export interface IssuedDocument {
  id: string
  formKey: string
  title: string
  /** Null for a 笔录 issued unnumbered (the department's transcript-numbering setting is off). */
  number: string | null
  verificationCode: string
  verifyUrl: string
  formVersion: number
  issuedAt: Date
  /** SM3 of the canonical JSON of the data, committed with the number. */
  dataSm3: string | null
  /** Whether the files exist yet: they are rendered after commit. */
  renderStatus: RenderStatus
  docxSm3: string | null
  pdfSm3: string | null
}

export interface VerificationView {
  number: string | null
  formKey: string
  title: string
  departmentName: string
  issuedAt: Date
  verificationCode: string
  pdfSm3: string | null
  docxSm3: string | null
  renderStatus: RenderStatus
  /** 1 as issued; each approved change (第七条) adds one. */
  revision: number
  /** When the last approved change was applied, if any. */
  changedAt: Date | null
  /** When an approved deletion was applied: the document is no longer in force. */
  deletedAt: Date | null
}

export type UploadVerdict =
  | { found: false }
  | {
    found: true; matches: boolean; file: 'pdf' | 'docx' | null; uploadedSm3: string; document: VerificationView
    /** The upload is, byte for byte, a version from before an approved change: genuine, but superseded. */
    earlierVersion: { changedAt: Date } | null
  }

// How long `issue` waits for the files after commit before answering with
// the document still pending (its page then shows the status and polls).
const SETTLE_MS = 15_000
// The issuing transaction itself is short now; the generous wait is for a
// connection and the sequence row when many issue at once.
const ISSUE_TX = { maxWait: 30_000, timeout: 30_000 }

export interface DocumentService {
  /** Issues in a transaction of its own, then renders the files after commit (waiting a little for them). */
  issue(actor: Actor, input: IssueInput): Promise<IssuedDocument>
  /**
   * The same inside a transaction the caller holds, so that a workflow step
   * and the document it makes commit or fail together; the files are queued
   * (`renderStatus: 'pending'`) and made by the render queue after commit.
   */
  issueIn(tx: Tx, actor: Actor, input: IssueInput): Promise<IssuedDocument>
  /** The render queue of these documents (the server's loop drains it). */
  readonly renders: RenderQueue
  /**
   * Applies an approved change (第七条) inside the request's transaction:
   * the document keeps its number and verification code, gets the new data
   * (rendered after commit with its own form version), and the old data and
   * files become a DocumentRevision. Only the record-request service calls this.
   */
  reviseIn(tx: Tx, actor: Actor, documentId: string, data: unknown, requestId: string): Promise<{ revision: number }>
  /** Applies an approved deletion: hidden from every list, kept as a revision. */
  deleteIn(tx: Tx, actor: Actor, documentId: string, requestId: string): Promise<void>
  /** Unnumbered preview of a draft: same template, number 草稿, DOCX and (when available) PDF. */
  preview(formKey: string, data: unknown, matterId?: string | null): Promise<{ docx: Buffer; pdf: Buffer | null }>
  /** Renders an issued document again from its frozen data with the template of its own form version. */
  rerender(documentId: string): Promise<{ docx: Buffer; pdf: Buffer | null }>
  /** The stored file exactly as rendered after issue. */
  file(documentId: string, kind: 'pdf' | 'docx'): Promise<{ bytes: Buffer; fileName: string; contentType: string }>
  listForSubject(subject: { type: string; id: string }): Promise<IssuedDocument[]>
  findByCode(code: string): Promise<VerificationView | null>
  verifyUpload(code: string, bytes: Buffer): Promise<UploadVerdict>
  pdfAvailable(): boolean
}

export function createDocumentService(deps: DocumentServiceDeps): DocumentService {
  const numbering = deps.numbering ?? loadNumberingConfig(deps.registry.dir)
  const baseUrl = deps.baseUrl.replace(/\/$/, '')
  const verifyUrl = (code: string, base: string | null = null) => `${(base ?? baseUrl).replace(/\/$/, '')}/verify/${code}`

  /** `base`: the address fixed at issue (Document.verifyBaseUrl); older documents use this service's. */
  function stampOf(number: string | null, code: string, base: string | null = null): DocumentStamp {
    // An unnumbered 笔录 prints no number: the templates print the number lines only when there is one.
    return { number: number ?? '', code: formatVerificationCode(code), verifyUrl: verifyUrl(code, base) }
  }

  const renders = createRenderQueue({ db: deps.db, renderer: deps.renderer, clock: deps.clock, stampOf })

  const issuedSelect = {
    id: true, formKey: true, number: true, verificationCode: true, verifyBaseUrl: true, issuedAt: true, dataSm3: true, renderStatus: true, docxSm3: true, pdfSm3: true,
    formVersion: { select: { version: true, title: true } },
  } as const
  type Row = { id: string; formKey: string; number: string | null; verificationCode: string; verifyBaseUrl: string | null; issuedAt: Date; dataSm3: string | null; renderStatus: string; docxSm3: string | null; pdfSm3: string | null; formVersion: { version: number; title: string } }
  const toIssued = (row: Row): IssuedDocument => ({
    id: row.id, formKey: row.formKey, title: row.formVersion.title, number: row.number,
    verificationCode: row.verificationCode, verifyUrl: verifyUrl(row.verificationCode, row.verifyBaseUrl),
    formVersion: row.formVersion.version, issuedAt: row.issuedAt, dataSm3: row.dataSm3,
    renderStatus: row.renderStatus as RenderStatus, docxSm3: row.docxSm3, pdfSm3: row.pdfSm3,
  })

  async function findByCode(code: string): Promise<VerificationView | null> {
    return (await lookUpCode(code))?.view ?? null
  }

  /** The document a verification code stands for: its id (for its revisions) and what the public may see. */
  async function lookUpCode(code: string): Promise<{ id: string; view: VerificationView } | null> {
    const normal = normalizeVerificationCode(code)
    if (!normal) return null
    const row = await deps.db.document.findUnique({
      where: { verificationCode: normal },
      select: {
        id: true, number: true, formKey: true, issuedAt: true, verificationCode: true, pdfSm3: true, docxSm3: true, renderStatus: true, departmentId: true,
        revision: true, deletedAt: true, formVersion: { select: { title: true } },
      },
    })
    if (!row) return null
    const dept = await deps.db.department.findUnique({ where: { id: row.departmentId }, select: { name: true } })
    const lastChange = row.revision > 1
      ? await deps.db.documentRevision.findFirst({ where: { documentId: row.id, kind: 'change' }, orderBy: { appliedAt: 'desc' }, select: { appliedAt: true } })
      : null
    return {
      id: row.id,
      view: {
        number: row.number, formKey: row.formKey, title: row.formVersion.title, departmentName: dept?.name ?? '',
        issuedAt: row.issuedAt, verificationCode: row.verificationCode, pdfSm3: row.pdfSm3, docxSm3: row.docxSm3, renderStatus: row.renderStatus as RenderStatus,
        revision: row.revision, changedAt: lastChange?.appliedAt ?? null, deletedAt: row.deletedAt,
      },
    }
  }

  /** The approved change after which an earlier version with these bytes stopped being current, if one had them. */
  async function supersededVersion(documentId: string, uploadedSm3: string): Promise<{ changedAt: Date } | null> {
    const revisions = await deps.db.documentRevision.findMany({
      where: { documentId, kind: 'change' }, orderBy: { appliedAt: 'asc' }, select: { pdfSm3: true, docx: true, appliedAt: true },
    })
    const match = revisions.find((r) => r.pdfSm3 === uploadedSm3 || (r.docx && sm3(Buffer.from(r.docx)) === uploadedSm3))
    return match ? { changedAt: match.appliedAt } : null
  }

  /** Validates, numbers and stores one document's data with its SM3 and log entry in `tx`; its files are queued. */
  async function issueIn(tx: Tx, actor: Actor, input: IssueInput): Promise<IssuedDocument> {
    // A matter's documents are made with the form versions it was opened with (docs/decisions/025).
    const forms = await formsOfMatter(tx, deps.registry, input.subject?.type === 'matter' ? input.subject.id : null)
    const kept = input.formVersion !== undefined && input.subject?.type !== 'matter' ? await storedFormVersion(tx, input.formKey, { version: input.formVersion }) : null
    const form = kept ?? forms.get(input.formKey)
    if (form.manifest.kind === 'approval' || !form.manifest.numbered || !form.manifest.sequence) throw new NotIssuable(input.formKey)
    const result = deps.validator.validateForm(form, input.data)
    if (!result.ok) throw new InvalidForm(input.formKey, result.errors)
    // 第十三条 and the other statutory gates: checked here, whatever a definition says.
    await assertGatePassed(tx, input.formKey, input.subject?.type === 'matter' ? input.subject : null)
    const department = await tx.department.findUnique({ where: { id: input.departmentId }, select: { id: true, path: true, organId: true, docPrefix: true } })
    if (!department?.docPrefix) throw new DepartmentWithoutPrefix(input.departmentId)
    const version = await ensureFormVersionIn(tx, form, deps.clock)
    // Freeze: the stored data is a copy nobody else holds a reference to.
    const data = structuredClone(input.data) as Record<string, unknown>
    const issuedAt = deps.clock.now()
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(issuedAt))
    const sequenceKey = form.manifest.sequence
    // 笔录 are unnumbered in the national formats unless the department numbers them.
    const numbered = !form.manifest.transcript || (await effectiveSetting(tx, department.id, 'transcript-numbering')).value === 1
    const seq = numbered ? await allocateNumber(tx, { departmentId: department.id, sequenceKey, year }) : null
    const number = seq === null ? null : formatDocumentNumber(numbering, { prefix: department.docPrefix, sequence: sequenceKey, year, seq })
    const code = newVerificationCode()
    const dataSm3 = sm3(canonicalJson(data))
    const created = await tx.document.create({
      data: {
        formKey: form.key, formVersionId: version.id, departmentId: department.id, departmentPath: department.path,
        sequenceKey, year, seq, number, verificationCode: code, data: data as object,
        subjectType: input.subject?.type ?? null, subjectId: input.subject?.id ?? null,
        instanceId: input.instanceId ?? null, taskId: input.taskId ?? null,
        issuedAt, issuedById: actor.id, issuedByName: actor.displayName,
        madeById: input.maker?.id ?? actor.id, madeByName: input.maker?.name ?? actor.displayName,
        matterId: input.subject?.type === 'matter' ? input.subject.id : null,
        dataSm3, verifyBaseUrl: baseUrl, renderStatus: 'pending',
      },
      select: issuedSelect,
    })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: department.id, organId: department.organId, clientIp: actor.clientIp,
      action: 'document.issue', targetType: 'Document', targetId: created.id,
      detail: { formKey: form.key, number, formVersion: version.version, dataSm3, subject: input.subject ?? null },
    }, deps.clock)
    return toIssued(created)
  }

  async function currentDocument(tx: Tx, documentId: string) {
    const row = await tx.document.findUnique({
      where: { id: documentId },
      select: { id: true, formKey: true, formVersionId: true, number: true, verificationCode: true, data: true, docx: true, pdf: true, pdfSm3: true, revision: true, deletedAt: true, departmentId: true, formVersion: { select: { template: true } } },
    })
    if (!row || row.deletedAt) throw new DocumentNotFound(documentId)
    return row
  }

  async function keepRevision(tx: Tx, actor: Actor, row: Awaited<ReturnType<typeof currentDocument>>, kind: 'change' | 'deletion', requestId: string) {
    await tx.documentRevision.create({
      data: {
        documentId: row.id, kind, data: row.data as object, docx: row.docx, pdf: row.pdf, pdfSm3: row.pdfSm3,
        requestId, appliedById: actor.id, appliedAt: deps.clock.now(),
      },
    })
  }

  async function reviseIn(tx: Tx, actor: Actor, documentId: string, input: unknown, requestId: string) {
    const row = await currentDocument(tx, documentId)
    // A change keeps the document on its own form version: validated (and rendered) as it was issued.
    const result = deps.validator.validateForm(await formVersionById(tx, row.formVersionId), input)
    if (!result.ok) throw new InvalidForm(row.formKey, result.errors)
    const data = structuredClone(input) as Record<string, unknown>
    await keepRevision(tx, actor, row, 'change', requestId)
    const revision = row.revision + 1
    const dataSm3 = sm3(canonicalJson(data))
    // The files of the earlier version stay in its revision; the new ones are queued.
    await tx.document.update({
      where: { id: row.id },
      data: {
        data: data as object, dataSm3, revision, docx: null, docxSm3: null, pdf: null, pdfSm3: null,
        renderStatus: 'pending', renderAttempts: 0, renderAfter: null, renderError: null, renderedAt: null,
      },
    })
    const department = await tx.department.findUnique({ where: { id: row.departmentId }, select: { organId: true } })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: department?.organId ?? null, clientIp: actor.clientIp,
      action: 'document.change', targetType: 'Document', targetId: row.id, detail: { number: row.number, revision, requestId, dataSm3, previousPdfSm3: row.pdfSm3 },
    }, deps.clock)
    return { revision }
  }

  async function deleteIn(tx: Tx, actor: Actor, documentId: string, requestId: string) {
    const row = await currentDocument(tx, documentId)
    await keepRevision(tx, actor, row, 'deletion', requestId)
    await tx.document.update({ where: { id: row.id }, data: { deletedAt: deps.clock.now() } })
    const department = await tx.department.findUnique({ where: { id: row.departmentId }, select: { organId: true } })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: department?.organId ?? null, clientIp: actor.clientIp,
      action: 'document.delete', targetType: 'Document', targetId: row.id, detail: { number: row.number, requestId },
    }, deps.clock)
  }

  return {
    pdfAvailable: () => deps.renderer.pdfAvailable(),

    async issue(actor, input) {
      // Register a new form version first, in its own transaction with retries:
      // concurrent first issues of a kind must not collide inside theirs.
      if (deps.registry.has(input.formKey)) await ensureFormVersion(deps.db, deps.registry.get(input.formKey), deps.clock)
      const issued = await deps.db.$transaction((tx) => issueIn(tx, actor, input), ISSUE_TX)
      // After commit: the document stands whatever the converter does now. A
      // rendering that cannot even be attempted is the loop's to retry, not an error of issuing.
      await renders.settle(issued.id, SETTLE_MS).catch((error: unknown) => console.error(`render of ${issued.number ?? issued.verificationCode} deferred`, error))
      return toIssued(await deps.db.document.findUniqueOrThrow({ where: { id: issued.id }, select: issuedSelect }))
    },

    issueIn,
    renders,
    reviseIn,
    deleteIn,

    async preview(formKey, data, matterId) {
      const form = (await formsOfMatter(deps.db, deps.registry, matterId)).get(formKey)
      return renderFiles(deps.renderer, form.template, (data ?? {}) as Record<string, unknown>, { number: '（草稿）', code: '草稿，未制发', verifyUrl: deps.baseUrl })
    },

    async rerender(documentId) {
      const row = await deps.db.document.findUnique({ where: { id: documentId }, select: { number: true, verificationCode: true, verifyBaseUrl: true, data: true, formVersion: { select: { template: true } } } })
      if (!row) throw new DocumentNotFound(documentId)
      return renderFiles(deps.renderer, Buffer.from(row.formVersion.template), row.data as Record<string, unknown>, stampOf(row.number, row.verificationCode, row.verifyBaseUrl))
    },

    async file(documentId, kind) {
      const row = await deps.db.document.findUnique({ where: { id: documentId }, select: { number: true, verificationCode: true, pdf: kind === 'pdf', docx: kind === 'docx', formVersion: { select: { title: true } } } })
      const bytes = row ? (kind === 'pdf' ? row.pdf : row.docx) : null
      if (!row || !bytes) throw new DocumentNotFound(`${documentId}.${kind}`)
      return {
        bytes: Buffer.from(bytes),
        fileName: `${row.formVersion.title}-${row.number ?? row.verificationCode}.${kind}`,
        contentType: kind === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }
    },

    async listForSubject(subject) {
      const rows = await deps.db.document.findMany({
        where: { subjectType: subject.type, subjectId: subject.id },
        orderBy: { issuedAt: 'asc' },
        select: issuedSelect,
      })
      return rows.map(toIssued)
    },

    findByCode,

    async verifyUpload(code, bytes) {
      const found = await lookUpCode(code)
      if (!found) return { found: false }
      const { id, view: document } = found
      const uploadedSm3 = sm3(bytes)
      const file = document.pdfSm3 && uploadedSm3 === document.pdfSm3 ? 'pdf' : document.docxSm3 && uploadedSm3 === document.docxSm3 ? 'docx' : null
      const earlierVersion = file === null && document.revision > 1 ? await supersededVersion(id, uploadedSm3) : null
      return { found: true, matches: file !== null, file, uploadedSm3, document, earlierVersion }
    },
  }
}
