/**
 * /tasks/<id>/preview.pdf: the draft a step submitted, rendered as the
 * document will look (marked 草稿, no number), for the approver deciding on
 * it. Read rule as for the task page's content; 503 without LibreOffice.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { documentsFor } from '../utils/documents.server.ts'
import { fileResponse } from '../utils/download.server.ts'
import { stepContent } from '../services/workflow/tasks.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { formsRuntime } from '../services/documents/runtime.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const content = await orRespond(stepContent({ db, clock, workflow: workflow(), registry: formsRuntime().registry }, actor, ability, params.taskId ?? ''))
  const { service } = await documentsFor(request)
  if (!service.pdfAvailable()) throw new Response('PDF 服务暂不可用（未安装或未启动 LibreOffice），请查看页面上的表单内容。', { status: 503 })
  const { pdf } = await service.preview(content.form, content.data, content.matterId)
  if (!pdf) throw new Response('PDF 生成失败，请稍后重试。', { status: 503 })
  return fileResponse(pdf, { fileName: `${content.name}-草稿预览.pdf`, contentType: 'application/pdf', inline: true })
}
