/**
 * The public check of an uploaded copy against the issued document. It
 * writes nothing but one operation-log entry per check (a copy that does not
 * match may be a forged document, which the issuing 机关 wants to know of).
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { appendAudit } from '../audit.server.ts'
import type { DocumentService, UploadVerdict } from './documents.server.ts'
import { normalizeVerificationCode } from './verification-code.ts'

export async function checkUploadedCopy(ctx: { db: Db; clock: Clock }, service: DocumentService, code: string, bytes: Buffer, clientIp: string | null): Promise<UploadVerdict> {
  const verdict = await service.verifyUpload(code, bytes)
  if (!verdict.found) return verdict
  const row = await ctx.db.document.findUnique({ where: { verificationCode: normalizeVerificationCode(code)! }, select: { id: true, departmentId: true } })
  const organ = row ? await ctx.db.department.findUnique({ where: { id: row.departmentId }, select: { organId: true } }) : null
  await appendAudit(ctx.db, {
    actorName: '公众核验', departmentId: row?.departmentId ?? null, organId: organ?.organId ?? null, clientIp,
    action: 'document.verify-upload', targetType: 'Document', targetId: row?.id ?? null, outcome: verdict.matches ? 'success' : 'failure',
    detail: { number: verdict.document.number, matches: verdict.matches, file: verdict.file, uploadedSm3: verdict.uploadedSm3, bytes: bytes.length },
  }, ctx.clock)
  return verdict
}
