/**
 * Reading issued documents for the pages: the kinds an actor may make, the
 * list of documents the actor may read and one document by id. Every query
 * carries the actor's `read Document` filter (第七条), so lists, counts and
 * direct URLs agree: what is not readable does not exist.
 */
import type { Prisma } from '@zhifa/prisma-sqlite'
import type { Db } from '../../../prisma/client.ts'
import { gateForDocument, GateNotPassed } from '../workflow/gates.server.ts'
import type { FormRegistry, LoadedForm } from '../../../forms/_lib/registry.ts'
import { accessibleWhere, type AppAbility } from '../permissions.server.ts'
import { DocumentNotFound, NotIssuable } from './errors.ts'
import { formatVerificationCode } from './verification-code.ts'
import { documentKindRank } from '../../reference/document-kinds.ts'
import { containsText } from '../../utils/search.server.ts'
import type { RenderStatus } from './render-queue.server.ts'

export interface DocumentKind {
  key: string
  title: string
  article: string
  group: 'enforcement' | 'plan'
}

export const DOCUMENT_GROUPS: Record<DocumentKind['group'], string> = {
  enforcement: '执法文书',
  plan: '计划与总结',
}

/**
 * A form that is issued as a numbered document here, outside a procedure
 * (approval forms are step data, never documents). Documents behind a
 * statutory gate (decisions, inspection records) are made only in their
 * procedure, after the gate: here they are refused with the gate's reason.
 */
export function issuableForm(registry: FormRegistry, key: string): LoadedForm {
  const form = registry.get(key)
  if (form.manifest.kind === 'approval' || !form.manifest.numbered) throw new NotIssuable(key)
  const gate = gateForDocument(key)
  if (gate) throw new GateNotPassed(gate, key)
  return form
}

/** Every kind of document that can be made here, in the order an inspection and a case need them. */
export function documentKinds(registry: FormRegistry): DocumentKind[] {
  return issuedKinds(registry).filter((k) => !gateForDocument(k.key))
}

/**
 * Every kind a document is issued as, by hand or by a procedure's step (the
 * 行政处罚决定书 only after its gates): what lists of issued documents filter by.
 */
export function issuedKinds(registry: FormRegistry): DocumentKind[] {
  return registry.all()
    .filter((f) => f.manifest.kind !== 'approval' && f.manifest.numbered)
    .sort((a, b) => documentKindRank(a.key) - documentKindRank(b.key) || a.key.localeCompare(b.key))
    .map((f) => ({ key: f.key, title: f.manifest.title, article: f.manifest.article, group: f.manifest.kind === 'plan' ? 'plan' as const : 'enforcement' as const }))
}

export interface DocumentListFilter {
  formKey?: string
  /** Part of the number or of the party's name. */
  q?: string
  page?: number
}

export const DOCUMENTS_PAGE_SIZE = 20

function partyName(data: unknown): string | null {
  const party = (data as { party?: { name?: unknown } } | null)?.party
  return typeof party?.name === 'string' ? party.name : null
}

async function departmentNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.department.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })
  return new Map(rows.map((d) => [d.id, d.name]))
}

export async function listDocuments(db: Db, ability: AppAbility, filter: DocumentListFilter) {
  const conditions: Prisma.DocumentWhereInput[] = [accessibleWhere(ability, 'read', 'Document')]
  if (filter.formKey) conditions.push({ formKey: filter.formKey })
  // The party's name lives in the frozen JSON; the number is enough to search by here.
  if (filter.q) conditions.push({ number: containsText(filter.q) })
  const where = { AND: conditions }
  const page = Math.max(1, filter.page ?? 1)
  const [total, rows] = await Promise.all([
    db.document.count({ where }),
    db.document.findMany({
      where,
      orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * DOCUMENTS_PAGE_SIZE,
      take: DOCUMENTS_PAGE_SIZE,
      select: { id: true, formKey: true, number: true, issuedAt: true, issuedByName: true, departmentId: true, data: true, formVersion: { select: { title: true } } },
    }),
  ])
  const names = await departmentNames(db, rows.map((r) => r.departmentId))
  return {
    total,
    page,
    rows: rows.map((r) => ({
      id: r.id, formKey: r.formKey, title: r.formVersion.title, number: r.number, issuedAt: r.issuedAt.toISOString(),
      issuedByName: r.issuedByName, departmentName: names.get(r.departmentId) ?? '', partyName: partyName(r.data),
    })),
  }
}

export interface DocumentDetails {
  id: string
  formKey: string
  title: string
  formVersion: number
  /** Null for an unnumbered 笔录. */
  number: string | null
  /** As printed: XXXX-XXXX-XXXX-XXXX. */
  verificationCode: string
  verificationPath: string
  issuedAt: string
  issuedByName: string
  departmentName: string
  partyName: string | null
  hasPdf: boolean
  hasDocx: boolean
  pdfSm3: string | null
  docxSm3: string | null
  /** SM3 of the data committed with the number (before any file existed). */
  dataSm3: string | null
  /** pending | rendered | failed: the files are made after issue (ADR 028). */
  renderStatus: RenderStatus
  renderError: string | null
  renderAttempts: number
  /** 1 as issued; each approved change adds one (第七条). */
  revision: number
  /** Approved changes applied to it, oldest first; each one's earlier version is kept. */
  changes: Array<{ appliedAt: string; requestNumber: string | null }>
}

/**
 * One document the actor may read.
 * @throws DocumentNotFound when it does not exist or the actor may not read it (the same answer, on purpose).
 */
export async function readableDocument(db: Db, ability: AppAbility, id: string): Promise<DocumentDetails> {
  const row = await db.document.findFirst({
    where: { AND: [accessibleWhere(ability, 'read', 'Document'), { id }] },
    select: {
      id: true, formKey: true, number: true, verificationCode: true, issuedAt: true, issuedByName: true, departmentId: true, data: true,
      docxSm3: true, pdfSm3: true, dataSm3: true, renderStatus: true, renderError: true, renderAttempts: true, revision: true, formVersion: { select: { title: true, version: true } },
    },
  })
  if (!row) throw new DocumentNotFound(id)
  const names = await departmentNames(db, [row.departmentId])
  const kept = await db.documentRevision.findMany({ where: { documentId: row.id, kind: 'change' }, orderBy: { appliedAt: 'asc' }, select: { appliedAt: true, requestId: true } })
  const requests = new Map((await db.matter.findMany({ where: { id: { in: kept.map((k) => k.requestId) } }, select: { id: true, number: true } })).map((m) => [m.id, m.number]))
  return {
    id: row.id, formKey: row.formKey, title: row.formVersion.title, formVersion: row.formVersion.version, number: row.number,
    verificationCode: formatVerificationCode(row.verificationCode), verificationPath: `/verify/${row.verificationCode}`,
    issuedAt: row.issuedAt.toISOString(), issuedByName: row.issuedByName, departmentName: names.get(row.departmentId) ?? '',
    partyName: partyName(row.data), hasPdf: row.pdfSm3 !== null, hasDocx: row.docxSm3 !== null, pdfSm3: row.pdfSm3, docxSm3: row.docxSm3,
    dataSm3: row.dataSm3, renderStatus: row.renderStatus as RenderStatus, renderError: row.renderError, renderAttempts: row.renderAttempts,
    revision: row.revision,
    changes: kept.map((k) => ({ appliedAt: k.appliedAt.toISOString(), requestNumber: requests.get(k.requestId) ?? null })),
  }
}
