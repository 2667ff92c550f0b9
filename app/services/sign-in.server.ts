/**
 * Sign-in with argon2 and a per-login-name lockout: 5 wrong passwords lock
 * that name for 15 minutes. The throttle is kept for names that do not
 * exist too, and an unknown name costs the same argon2 time, so neither the
 * message, the lockout nor the timing tells whether an account exists.
 */
import type { Db } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { appendAudit } from './audit.server.ts'
import { standingMessages, standingProblem } from './accounts.server.ts'
import { openSession } from './session.server.ts'
import { decoyHash, verifyPassword } from '../utils/password.server.ts'

export const MAX_FAILURES = 5
export const LOCK_MINUTES = 15

export const signInMessages = {
  wrong: '登录名或密码错误。',
  locked: `连续 ${MAX_FAILURES} 次登录失败，该登录名已锁定 ${LOCK_MINUTES} 分钟，请稍后再试。`,
}

export type SignInResult =
  | { ok: true; sessionId: string; userId: string }
  | { ok: false; message: string }

export async function signIn(
  db: Db,
  clock: Clock,
  input: { loginName: string; password: string; clientIp?: string | null; userAgent?: string | null },
): Promise<SignInResult> {
  const loginName = input.loginName.trim()
  const now = clock.now()
  const throttle = await db.loginThrottle.findUnique({ where: { loginName } })
  const account = await db.user.findUnique({ where: { loginName } })
  const base = {
    actorId: account?.id ?? null,
    actorName: loginName,
    departmentId: account?.departmentId ?? null,
    organId: account?.organId ?? null,
    targetType: 'User',
    targetId: account?.id ?? null,
    clientIp: input.clientIp ?? null,
  }

  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await decoyHash().then((h) => verifyPassword(h, input.password))
    await db.$transaction((tx) => appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'denied', detail: { reason: 'locked' } }, clock))
    return { ok: false, message: signInMessages.locked }
  }

  const passwordOk = await verifyPassword(account?.passwordHash ?? (await decoyHash()), input.password)
  if (!account || !passwordOk) {
    const failures = (throttle?.lockedUntil ? 0 : throttle?.failures ?? 0) + 1
    const locks = failures >= MAX_FAILURES
    await db.$transaction(async (tx) => {
      await tx.loginThrottle.upsert({
        where: { loginName },
        create: { loginName, failures, lockedUntil: locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
        update: { failures: locks ? 0 : failures, lockedUntil: locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
      })
      await appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'failure', detail: { reason: 'wrong-credentials', failures, locked: locks } }, clock)
    })
    return { ok: false, message: locks ? signInMessages.locked : signInMessages.wrong }
  }

  const problem = standingProblem(account, now)
  if (problem) {
    await db.$transaction((tx) => appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'denied', detail: { reason: problem } }, clock))
    return { ok: false, message: standingMessages[problem] }
  }

  const session = await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { loginName } })
    const created = await openSession(tx, clock, { userId: account.id, userAgent: input.userAgent, clientIp: input.clientIp })
    await appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'success' }, clock)
    return created
  })
  return { ok: true, sessionId: session.id, userId: account.id }
}
