/**
 * Draft autosave of the document form (a resource route called with fetch,
 * JSON in and out, the CSRF token in the X-CSRF-Token header).
 *   POST { data, baseRevision, subject } → 200 { revision, savedAt }
 *   409 { currentRevision, message } when another tab or device saved first
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { httpStatusOf } from '../utils/http.server.ts'
import { formRegistry } from '../utils/documents.server.ts'
import { MAX_PAYLOAD_BYTES, saveFormDraft } from '../services/documents/document-making.server.ts'
import { DraftConflict, InvalidForm } from '../services/documents/errors.ts'

export async function loader() {
  return new Response('只接受 POST', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'create', 'Document')
  if (request.method !== 'POST') return Response.json({ message: '只接受 POST' }, { status: 405, headers: { Allow: 'POST' } })
  // Refused before reading: a body without a declared length, or longer than a draft may be.
  const length = Number(request.headers.get('content-length'))
  if (!request.headers.get('content-length') || !Number.isFinite(length)) return Response.json({ message: '请求缺少长度信息' }, { status: 411 })
  if (length > MAX_PAYLOAD_BYTES + 4096) return Response.json({ message: '草稿过大（超过 512 KB）' }, { status: 413 })
  let body: { data?: unknown; baseRevision?: unknown; subject?: unknown }
  try {
    body = (await request.json()) as typeof body
  } catch {
    return Response.json({ message: '草稿内容无法读取' }, { status: 400 })
  }
  const baseRevision = Number.isInteger(body.baseRevision) ? (body.baseRevision as number) : 0
  try {
    const saved = await saveFormDraft({ db, clock, registry: await formRegistry(), actor, ability }, {
      formKey: params.formKey ?? '',
      subject: typeof body.subject === 'string' && body.subject ? body.subject : null,
      data: body.data,
      baseRevision,
    })
    return Response.json({ revision: saved.revision, savedAt: saved.updatedAt.toISOString() })
  } catch (error) {
    if (error instanceof DraftConflict) {
      return Response.json({ currentRevision: error.currentRevision, message: '草稿已在其他标签页或设备上修改' }, { status: 409 })
    }
    if (error instanceof InvalidForm) return Response.json({ message: error.errors.map((e) => e.message).join('；') }, { status: 400 })
    const status = httpStatusOf(error)
    if (status) return Response.json({ message: status === 404 ? '没有这种文书，或您无权填写' : '无法保存草稿' }, { status })
    throw error
  }
}
