/**
 * Rendering issued documents after their transaction committed (issue 9,
 * docs/decisions/028). Issuing commits the numbered data and its SM3 first;
 * the DOCX and PDF are made here, outside any transaction, so a slow or
 * stuck LibreOffice never holds a database lock or a number.
 *
 * The Document row is the queue: `renderStatus = 'pending'`, `renderAfter`
 * the earliest next attempt. An attempt is claimed by incrementing
 * `renderAttempts` where it still holds the value read, with a lease in
 * `renderAfter`; so two server processes never render one document twice,
 * and a process that died mid-render leaves a lease that simply expires.
 * Files are written only where the attempt and the revision are still the
 * claimed ones (an approved change meanwhile queues its own render).
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { sm3 } from '../../../forms/_lib/registry.ts'
import { appendAudit } from '../audit.server.ts'
import { renderFiles, type DocumentRenderer, type DocumentStamp } from './render.server.ts'
import { DocumentNotFound } from './errors.ts'

export type RenderStatus = 'pending' | 'rendered' | 'failed'

export interface RenderQueueDeps {
  db: Db
  renderer: DocumentRenderer
  clock: Clock
  stampOf(number: string | null, code: string, base: string | null): DocumentStamp
  /** Attempts before a document is marked failed (default 5). */
  maxAttempts?: number
  /** How long a claimed attempt may run before another process may take it over (default 5 min). */
  leaseMs?: number
}

export interface RenderQueue {
  /** Makes one attempt at this document now, if it is pending and due; answers its status afterwards. */
  attempt(documentId: string): Promise<RenderStatus>
  /**
   * Attempts the document and, while another process holds it, waits for
   * that one, up to `timeoutMs`; a page that issued a document calls this
   * so the files are usually there when it redirects. When its own attempt
   * fails it answers at once: the retry is the loop's, after the back-off.
   */
  settle(documentId: string, timeoutMs: number): Promise<RenderStatus>
  /** One attempt at each due pending document, oldest first; what the server's loop calls. */
  drain(limit?: number): Promise<{ rendered: number; pending: number; failed: number }>
  /** A failed document goes back to the queue with fresh attempts (audited). */
  requeue(actor: Actor, documentId: string): Promise<void>
}

/** Seconds to wait after the n-th failed attempt: 5, 20, 80, 320 … at most ten minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 4 ** Math.max(0, attempt - 1), 600_000)
}

const SYSTEM = { actorId: null, actorName: '系统（文书生成）', departmentId: null, clientIp: null }
// Short transactions, but many renders may finish at once (twenty issued together): wait for a connection.
const WRITE_TX = { maxWait: 30_000, timeout: 30_000 }

export function createRenderQueue(deps: RenderQueueDeps): RenderQueue {
  const { db, renderer, clock } = deps
  const maxAttempts = deps.maxAttempts ?? 5
  const leaseMs = deps.leaseMs ?? 300_000

  const attempt = async (documentId: string) => (await tryOnce(documentId)).status

  /** One attempt; `tried` tells whether this call rendered (or failed to), rather than finding it not due or claimed. */
  async function tryOnce(documentId: string): Promise<{ status: RenderStatus; tried: boolean }> {
    const row = await db.document.findUnique({
      where: { id: documentId },
      select: {
        renderStatus: true, renderAttempts: true, renderAfter: true, number: true, verificationCode: true, verifyBaseUrl: true, data: true, revision: true,
        departmentId: true, formVersion: { select: { template: true } },
      },
    })
    if (!row) throw new DocumentNotFound(documentId)
    const status = row.renderStatus as RenderStatus
    const now = clock.now()
    if (status !== 'pending' || (row.renderAfter && row.renderAfter > now)) return { status, tried: false }
    const claimedAttempt = row.renderAttempts + 1
    const claimed = await db.document.updateMany({
      where: { id: documentId, renderStatus: 'pending', renderAttempts: row.renderAttempts },
      data: { renderAttempts: claimedAttempt, renderAfter: new Date(now.getTime() + leaseMs) },
    })
    if (claimed.count === 0) return { status: 'pending', tried: false }
    const stillClaimed = { id: documentId, renderStatus: 'pending', renderAttempts: claimedAttempt, revision: row.revision }
    const organ = await db.department.findUnique({ where: { id: row.departmentId }, select: { organId: true } })
    const audit = { ...SYSTEM, organId: organ?.organId ?? null, targetType: 'Document', targetId: documentId }
    try {
      const { docx, pdf } = await renderFiles(renderer, Buffer.from(row.formVersion.template), row.data as Record<string, unknown>, deps.stampOf(row.number, row.verificationCode, row.verifyBaseUrl))
      const files = { docxSm3: sm3(docx), pdfSm3: pdf ? sm3(pdf) : null }
      const written = await db.$transaction(async (tx) => {
        const done = await tx.document.updateMany({
          where: stillClaimed,
          data: {
            docx: new Uint8Array(docx), pdf: pdf ? new Uint8Array(pdf) : null, ...files,
            renderStatus: 'rendered', renderAfter: null, renderError: null, renderedAt: clock.now(),
          },
        })
        if (done.count) {
          await appendAudit(tx, { ...audit, action: 'document.render', detail: { number: row.number, revision: row.revision, attempt: claimedAttempt, ...files } }, clock)
        }
        return done.count > 0
      }, WRITE_TX)
      return { status: written ? 'rendered' : 'pending', tried: true }
    } catch (error) {
      const message = (error as Error).message.slice(0, 500)
      const failed = claimedAttempt >= maxAttempts
      await db.$transaction(async (tx) => {
        const noted = await tx.document.updateMany({
          where: stillClaimed,
          data: {
            renderStatus: failed ? 'failed' : 'pending', renderError: message,
            renderAfter: failed ? null : new Date(clock.now().getTime() + retryDelayMs(claimedAttempt)),
          },
        })
        if (noted.count) {
          await appendAudit(tx, { ...audit, action: failed ? 'document.render-failed' : 'document.render-retry', detail: { number: row.number, attempt: claimedAttempt, error: message } }, clock)
        }
      }, WRITE_TX)
      return { status: failed ? 'failed' : 'pending', tried: true }
    }
  }

  return {
    attempt,

    async settle(documentId, timeoutMs) {
      const until = Date.now() + timeoutMs
      let outcome = await tryOnce(documentId)
      // Real time, not the clock: this waits for another process's converter.
      while (outcome.status === 'pending' && !outcome.tried && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        outcome = await tryOnce(documentId)
      }
      return outcome.status
    },

    async drain(limit = 20) {
      const due = await db.document.findMany({
        where: { renderStatus: 'pending', OR: [{ renderAfter: null }, { renderAfter: { lte: clock.now() } }] },
        orderBy: { issuedAt: 'asc' }, take: limit, select: { id: true },
      })
      const counts = { rendered: 0, pending: 0, failed: 0 }
      for (const { id } of due) counts[await attempt(id)]++
      return counts
    },

    async requeue(actor, documentId) {
      await db.$transaction(async (tx) => {
        const row = await tx.document.findUnique({ where: { id: documentId }, select: { number: true, renderStatus: true, departmentId: true } })
        if (!row) throw new DocumentNotFound(documentId)
        if (row.renderStatus !== 'failed') return
        await tx.document.update({ where: { id: documentId }, data: { renderStatus: 'pending', renderAttempts: 0, renderAfter: null } })
        const organ = await tx.department.findUnique({ where: { id: row.departmentId }, select: { organId: true } })
        await appendAudit(tx, {
          actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: organ?.organId ?? null, clientIp: actor.clientIp,
          action: 'document.render-requeue', targetType: 'Document', targetId: documentId, detail: { number: row.number },
        }, clock)
      }, WRITE_TX)
    },
  }
}
