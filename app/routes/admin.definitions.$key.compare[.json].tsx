/**
 * The comparison of two versions as JSON (for tests and tools):
 *   GET /admin/definitions/:key/compare.json?from=N&to=M
 *   → 200 { key, from, to, added, removed, changed } | 400 | 403 | 404
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { httpStatusOf } from '../utils/http.server.ts'
import { compareVersions } from '../services/studio/compare.server.ts'
import { compareQuery } from '../services/studio/compare-query.ts'
import { InvalidInput } from '../services/errors.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  try {
    const { from, to } = compareQuery(new URL(request.url))
    return Response.json(await compareVersions(db, params.key ?? '', from, to))
  } catch (error) {
    if (error instanceof InvalidInput) return Response.json({ message: error.message, fieldErrors: error.fieldErrors }, { status: 400 })
    const status = httpStatusOf(error)
    if (status) return Response.json({ message: (error as Error).message }, { status })
    throw error
  }
}
