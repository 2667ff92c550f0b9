/**
 * The stored DOCX or PDF of an issued document: /documents/<id>/pdf,
 * /documents/<id>/docx; `?inline=1` opens the PDF in the browser for printing.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { documentsFor } from '../utils/documents.server.ts'
import { fileResponse } from '../utils/download.server.ts'
import { documentFile } from '../services/documents/document-files.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const format = params.format
  if (format !== 'pdf' && format !== 'docx') throw new Response('没有这种文件格式。', { status: 404 })
  const { service } = await documentsFor(request)
  const file = await orRespond(documentFile({ db, clock, actor, ability }, service, params.documentId ?? '', format))
  const inline = format === 'pdf' && new URL(request.url).searchParams.get('inline') === '1'
  return fileResponse(file.bytes, { fileName: file.fileName, contentType: file.contentType, inline })
}
