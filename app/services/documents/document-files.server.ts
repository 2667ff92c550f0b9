/**
 * Handing out an issued document's stored file (exactly the bytes whose SM3
 * the verification page shows) to someone who may read it; each download
 * is logged (第七条).
 */
import type { Db } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { AppAbility } from '../permissions.server.ts'
import { appendAudit } from '../audit.server.ts'
import type { DocumentService } from './documents.server.ts'
import { readDocumentLogged } from './read-rule.server.ts'
import { NotFound } from '../errors.ts'

export async function documentFile(ctx: { db: Db; clock: Clock; actor: Actor; ability: AppAbility }, service: DocumentService, documentId: string, kind: 'pdf' | 'docx') {
  const document = await readDocumentLogged(ctx, documentId, 'download', false)
  if (document.renderStatus === 'pending') throw new NotFound('文书文件正在生成，请稍后再下载（文书页面会在生成完成后自动刷新）。')
  if (document.renderStatus === 'failed') throw new NotFound('文书文件生成失败，请在文书页面点击“重新生成”。')
  if (kind === 'pdf' && !document.hasPdf) throw new NotFound('此文书生成文件时 PDF 服务不可用，暂不能生成 PDF，请下载 DOCX。')
  const file = await service.file(document.id, kind)
  await appendAudit(ctx.db, {
    actorId: ctx.actor.id, actorName: ctx.actor.displayName, departmentId: ctx.actor.departmentId, organId: ctx.actor.organId, clientIp: ctx.actor.clientIp,
    action: 'document.download', targetType: 'Document', targetId: document.id, detail: { number: document.number, file: kind },
  }, ctx.clock)
  return file
}
