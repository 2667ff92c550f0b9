/**
 * Files of one form version for the template manager: `template.docx` (the
 * template as stored, to download and edit in Word or WPS/LibreOffice) and
 * `<example>.docx|pdf` (the template filled with that example and the sample
 * number), so an uploaded template is seen before it is activated.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { fileResponse } from '../utils/download.server.ts'
import { db } from '../utils/db.server.ts'
import { documentRuntime } from '../services/documents/runtime.server.ts'
import { renderExample, storedFormVersion } from '../services/catalog/form-studio.server.ts'

const params = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,60}$/),
  version: z.coerce.number().int().positive(),
  file: z.string().regex(/^[a-z0-9-]{1,60}\.(docx|pdf)$/),
})

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Form')
  const parsed = params.safeParse(raw)
  if (!parsed.success) throw new Response('没有这个文件。', { status: 404 })
  const { key, version, file } = parsed.data
  const form = await orRespond(storedFormVersion(db, key, version))
  const name = `${form.manifest.title}-v${version}`
  if (file === 'template.docx') return fileResponse(form.template, { fileName: `${name}-模板.docx`, contentType: DOCX })
  const kind = file.endsWith('.pdf') ? 'pdf' : 'docx'
  const example = file.replace(/\.(docx|pdf)$/, '')
  const bytes = await orRespond(async () => renderExample((await documentRuntime()).renderer, form, `${example}.json`, kind))
  return fileResponse(bytes, { fileName: `${name}-示例${example}.${kind}`, contentType: kind === 'pdf' ? 'application/pdf' : DOCX, inline: kind === 'pdf' })
}
