/**
 * The active version's BPMN of a procedure, as XML, for process
 * administrators: the studio's canvas fetches the definitions a call
 * activity names, for the gate check through calls.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { activeDefinitionRow } from '../services/studio/studio-source.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const row = await activeDefinitionRow(db, catalog(), params.key ?? '')
  if (!row) throw new Response('流程定义不存在', { status: 404 })
  return new Response(row.xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'private, no-store' } })
}
