/**
 * Draft autosave of a step's document form (fetch, JSON in and out, CSRF
 * token in the X-CSRF-Token header). Only someone who may complete the step
 * keeps a draft of it.
 *   POST { data, baseRevision } → 200 { revision, savedAt } | 409 { currentRevision, message }
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { formsRuntime } from '../services/documents/runtime.server.ts'
import { saveDraft } from '../services/documents/drafts.server.ts'
import { DraftConflict, InvalidForm } from '../services/documents/errors.ts'
import { mayCompleteRow } from '../services/workflow/tasks.server.ts'

const MAX_BYTES = 512 * 1024

export async function loader() {
  return new Response('只接受 POST', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request)
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BYTES + 4096) return Response.json({ message: '草稿过大（超过 512 KB）' }, { status: 413 })
  const task = await db.task.findUnique({ where: { id: params.taskId ?? '' } })
  if (!task || !(await mayCompleteRow(db, actor, task, clock.now()))) {
    return Response.json({ message: '该环节不由您办理，或已办结' }, { status: task ? 403 : 404 })
  }
  let body: { data?: unknown; baseRevision?: unknown }
  try {
    body = (await request.json()) as typeof body
  } catch {
    return Response.json({ message: '草稿内容无法读取' }, { status: 400 })
  }
  try {
    const saved = await saveDraft(db, formsRuntime().registry, clock, actor, { formKey: task.form, taskId: task.id }, body.data,
      Number.isInteger(body.baseRevision) ? (body.baseRevision as number) : 0)
    return Response.json({ revision: saved.revision, savedAt: saved.updatedAt.toISOString() })
  } catch (error) {
    if (error instanceof DraftConflict) return Response.json({ currentRevision: error.currentRevision, message: '草稿已在其他标签页或设备上修改' }, { status: 409 })
    if (error instanceof InvalidForm) return Response.json({ message: error.errors.map((e) => e.message).join('；') }, { status: 400 })
    throw error
  }
}
