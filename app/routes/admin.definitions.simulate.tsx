/**
 * Simulation for the studio (issue 12 part 4), JSON in and out, the CSRF
 * token in the X-CSRF-Token header:
 *   POST { xml } | { key, version }, start "YYYY-MM-DD", outcomes { stepId: outcome | [outcome per visit] },
 *        variables {…}
 *   → 200 { ok: true, steps, ended } | 200 { ok: false, problems } (a definition that would not deploy)
 *   → 400 { message } bad input, 403 not a process administrator, 404 no such version
 * Nothing is stored: the definition is walked with the database's calendar.
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from '../utils/zod-zh.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { httpStatusOf } from '../utils/http.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { simulateForStudio } from '../services/studio/simulation.server.ts'
import { isDate } from '../../engine/calendar/dates.ts'

const MAX_BYTES = 2 * 1024 * 1024

const schema = z.object({
  xml: z.string().min(1).max(MAX_BYTES).optional(),
  key: z.string().regex(/^[a-z0-9-]{1,100}$/).optional(),
  version: z.number().int().positive().optional(),
  start: z.string().refine(isDate, '开始日期应为 YYYY-MM-DD 格式的日期'),
  outcomes: z.record(z.string().max(100), z.union([z.string().max(100), z.array(z.string().max(100)).max(50)])).default({}),
  variables: z.record(z.string(), z.unknown()).default({}),
}).refine((v) => v.xml !== undefined || (v.key !== undefined && v.version !== undefined), '请给出流程定义（xml）或版本（key 与 version）')

export async function loader() {
  return new Response('只接受 POST', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BYTES + 64 * 1024) return Response.json({ message: '流程定义过大（超过 2 MB）' }, { status: 413 })
  let body: unknown
  try {
    body = await request.json()
  } catch {
    return Response.json({ message: '请求内容不是 JSON' }, { status: 400 })
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) return Response.json({ message: parsed.error.issues.map((i) => `${i.path.join('.') || '请求'}：${i.message}`).join('；') }, { status: 400 })
  const { xml, key, version, start, outcomes, variables } = parsed.data
  try {
    const source = xml !== undefined ? { xml } : { key: key!, version: version! }
    // The forms in force decide which steps issue documents.
    await catalog().fresh()
    return Response.json(await simulateForStudio(db, catalog().forms, { source, start, outcomes, variables }))
  } catch (error) {
    const status = httpStatusOf(error)
    if (status) return Response.json({ message: (error as Error).message }, { status })
    throw error
  }
}
