/**
 * Sign-in with argon2 and a throttle per login name *and client address*
 * (ADR 024): after 5 wrong passwords in a row from one address, each further
 * attempt from it must wait, 30 s doubling up to an hour. Someone elsewhere
 * cannot lock an account out, and an attacker's own wait grows.
 *
 * Each attempt is counted in one atomic statement *before* its password is
 * checked, and the fifth reserves the wait at once, so 61 concurrent wrong
 * passwords get at most 5 checks. The throttle is kept for names that do not
 * exist too, and an unknown name costs the same argon2 time, so neither the
 * message, the throttle nor the timing tells whether an account exists.
 */
import type { Db } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { appendAudit } from './audit.server.ts'
import { standingMessages, standingProblem } from './accounts.server.ts'
import { openSession } from './session.server.ts'
import { decoyHash, verifyPassword } from '../utils/password.server.ts'

export const MAX_FAILURES = 5
export const FIRST_WAIT_SECONDS = 30
export const LONGEST_WAIT_SECONDS = 60 * 60

/** The wait after the n-th wrong password in a row (none before the fifth). */
export function waitAfter(failures: number): number {
  if (failures < MAX_FAILURES) return 0
  return Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - MAX_FAILURES))
}

function waitText(seconds: number): string {
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${Math.max(1, Math.ceil(seconds))} 秒`
}

export const signInMessages = {
  wrong: '登录名或密码错误。',
  wait: (seconds: number) => `登录失败次数过多，请 ${waitText(seconds)}后再试。`,
}

export type SignInResult =
  | { ok: true; sessionId: string; userId: string }
  | { ok: false; message: string }

/**
 * Counts one attempt for the key unless it must still wait. Returns the
 * attempt's number, or the seconds left to wait. One transaction: the
 * counting statement takes the row's lock (the write lock on SQLite), so
 * concurrent attempts queue and see the wait the fifth one set.
 */
async function reserveAttempt(db: Db, key: string, loginName: string, now: Date): Promise<{ attempt: number } | { waitSeconds: number }> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ failures: number | bigint }>>`
      INSERT INTO "SignInThrottle" ("key", "loginName", "failures", "lockedUntil", "updatedAt")
      VALUES (${key}, ${loginName}, 1, NULL, ${now})
      ON CONFLICT ("key") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1, "updatedAt" = ${now}
      WHERE "SignInThrottle"."lockedUntil" IS NULL OR "SignInThrottle"."lockedUntil" <= ${now}
      RETURNING "failures"`
    if (!row) {
      const held = await tx.signInThrottle.findUnique({ where: { key }, select: { lockedUntil: true } })
      return { waitSeconds: held?.lockedUntil ? (held.lockedUntil.getTime() - now.getTime()) / 1000 : FIRST_WAIT_SECONDS }
    }
    const attempt = Number(row.failures)
    const wait = waitAfter(attempt)
    // Set before the password is checked: if this one is wrong too, the next must wait; if right, sign-in clears it.
    if (wait) await tx.signInThrottle.update({ where: { key }, data: { lockedUntil: new Date(now.getTime() + wait * 1000) } })
    return { attempt }
  // A burst of attempts queues on the row; each holds it for two short statements.
  }, { maxWait: 20_000, timeout: 10_000 })
}

export async function signIn(
  db: Db,
  clock: Clock,
  input: { loginName: string; password: string; clientIp?: string | null; userAgent?: string | null },
): Promise<SignInResult> {
  const loginName = input.loginName.trim()
  const now = clock.now()
  const key = `${loginName}\n${input.clientIp ?? ''}`
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

  const reserved = await reserveAttempt(db, key, loginName, now)
  if ('waitSeconds' in reserved) {
    await decoyHash().then((h) => verifyPassword(h, input.password))
    await appendAudit(db, { ...base, action: 'session.sign-in', outcome: 'denied', detail: { reason: 'throttled', waitSeconds: Math.ceil(reserved.waitSeconds) } }, clock)
    return { ok: false, message: signInMessages.wait(reserved.waitSeconds) }
  }

  const passwordOk = await verifyPassword(account?.passwordHash ?? (await decoyHash()), input.password)
  if (!account || !passwordOk) {
    const wait = waitAfter(reserved.attempt)
    await appendAudit(db, { ...base, action: 'session.sign-in', outcome: 'failure', detail: { reason: 'wrong-credentials', failures: reserved.attempt, waitSeconds: wait } }, clock)
    return { ok: false, message: wait ? signInMessages.wait(wait) : signInMessages.wrong }
  }

  const problem = standingProblem(account, now)
  if (problem) {
    await db.$transaction((tx) => appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'denied', detail: { reason: problem } }, clock))
    return { ok: false, message: standingMessages[problem] }
  }

  const session = await db.$transaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { key } })
    const created = await openSession(tx, clock, { userId: account.id, userAgent: input.userAgent, clientIp: input.clientIp })
    await appendAudit(tx, { ...base, action: 'session.sign-in', outcome: 'success' }, clock)
    return created
  })
  return { ok: true, sessionId: session.id, userId: account.id }
}
