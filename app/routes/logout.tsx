import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { requireActor, sessionClearCookie } from '../utils/auth.server.ts'
import { closeSession } from '../services/session.server.ts'
import { appendAudit } from '../services/audit.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const { sessionId, actor } = await requireActor(request)
  await db.$transaction(async (tx) => {
    await closeSession(tx, sessionId)
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId,
      action: 'session.sign-out', targetType: 'User', targetId: actor.id, clientIp: actor.clientIp,
    }, clock)
  })
  return redirect('/login', { headers: { 'Set-Cookie': await sessionClearCookie(request) } })
}
