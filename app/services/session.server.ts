/**
 * Server-side sessions. The cookie holds only a signed random id; the row
 * holds who, since when and the last activity. Sessions end after 12 hours,
 * or after 2 hours without activity, and all at once when an account is
 * stopped or its certificate expires.
 */
import crypto from 'node:crypto'
import type { DbOrTx } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { Account } from './accounts.server.ts'
import { findSessionWithAccount, type SessionWithAccount } from './session-lookup.server.ts'

export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
const TOUCH_EVERY_MS = 60 * 1000

export async function openSession(db: DbOrTx, clock: Clock, input: { userId: string; userAgent?: string | null; clientIp?: string | null }) {
  const now = clock.now()
  return db.session.create({
    data: {
      id: crypto.randomBytes(32).toString('base64url'),
      userId: input.userId,
      csrfToken: crypto.randomBytes(16).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      clientIp: input.clientIp ?? null,
    },
  })
}

export type SessionLookup =
  | { live: true; session: SessionWithAccount['session']; account: Account }
  | { live: false; endedReason: string | null }

/**
 * The session with this id: live (its activity time touched), or not —
 * with the reason when the account's sessions were ended on purpose. An
 * ended or expired row is removed once read.
 */
export async function findSession(db: DbOrTx, clock: Clock, sessionId: string): Promise<SessionLookup> {
  const found = await findSessionWithAccount(db, sessionId)
  if (!found) return { live: false, endedReason: null }
  const { session, account } = found
  const now = clock.now()
  const idle = now.getTime() - session.lastSeenAt.getTime()
  if (session.endedReason || session.expiresAt <= now || idle > SESSION_IDLE_MS) {
    await db.session.deleteMany({ where: { id: sessionId } })
    return { live: false, endedReason: session.endedReason }
  }
  if (idle > TOUCH_EVERY_MS) await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: now } })
  return { live: true, session, account }
}

export async function closeSession(db: DbOrTx, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } })
}

/**
 * Ends every session of an account at once. The rows stay, marked with the
 * reason, until their next request reads it (and removes them).
 */
export async function closeAllSessions(db: DbOrTx, userId: string, reason: string) {
  return db.session.updateMany({ where: { userId, endedReason: null }, data: { endedReason: reason } })
}
