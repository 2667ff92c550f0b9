/**
 * The one guard every loader and action calls first:
 *   const { actor, ability } = await requirePermission(request, 'read', 'User')
 * It checks, in order: CSRF on state-changing requests (403), a live
 * session (else redirect to sign-in), that the account may act now (第六条:
 * active, certificate valid; else all its sessions end at once), and the
 * permission (403).
 */
import { redirect } from '@remix-run/node'
import { db } from './db.server.ts'
import { clock } from './clock.server.ts'
import { makeCookie, serializeCookie, SESSION_COOKIE } from './cookies.server.ts'
import { hasValidCsrf, isStateChanging } from './csrf.server.ts'
import { closeAllSessions, findSession, SESSION_MAX_AGE_MS } from '../services/session.server.ts'
import { standingProblem, toActor, type Account } from '../services/accounts.server.ts'
import { abilityFor, type Action, type AppAbility, type AppSubjects } from '../services/permissions.server.ts'
import { appendAudit } from '../services/audit.server.ts'
import { requestMemo } from './request-memo.server.ts'
import { refuseControlCharacters } from './safe-input.server.ts'
import type { Actor } from '../../engine/actor.ts'

export const sessionCookie = makeCookie(SESSION_COOKIE, SESSION_MAX_AGE_MS / 1000)

export interface AuthContext {
  sessionId: string
  account: Account
  actor: Actor
  ability: AppAbility
}

/** Set by server/index.js from the socket (or a trusted proxy); never from the client. */
export function clientIp(request: Request): string | null {
  return request.headers.get('x-zhifa-client-ip')
}

export function forbidden(message = '您没有执行此操作的权限。'): Response {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get('cookie'))
  return typeof value === 'string' ? value : null
}

export async function sessionSetCookie(request: Request, sessionId: string) {
  return serializeCookie(sessionCookie, request, sessionId)
}

export async function sessionClearCookie(request: Request) {
  return serializeCookie(sessionCookie, request, '', { expire: true })
}

function signInUrl(request: Request, reason?: string) {
  const url = new URL(request.url)
  const params = new URLSearchParams()
  const back = url.pathname + url.search
  if (back !== '/' && !back.startsWith('/login')) params.set('redirectTo', back)
  if (reason) params.set('reason', reason)
  const query = params.toString()
  return query ? `/login?${query}` : '/login'
}

/** The signed-in context, or null. Ends sessions of accounts that may no longer act. */
export async function getAuthContext(request: Request): Promise<AuthContext | { problem: string } | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  return requestMemo(`auth:${sessionId}`, () => loadAuthContext(request, sessionId))
}

async function loadAuthContext(request: Request, sessionId: string): Promise<AuthContext | { problem: string } | null> {
  const found = await findSession(db, clock, sessionId)
  if (!found.live) return found.endedReason ? { problem: found.endedReason } : null
  const { account } = found
  const problem = standingProblem(account, clock.now())
  if (problem) {
    await db.$transaction(async (tx) => {
      const closed = await closeAllSessions(tx, account.id, problem)
      await appendAudit(tx, {
        actorId: account.id, actorName: account.displayName, departmentId: account.departmentId, organId: account.organId,
        action: 'session.refused', targetType: 'User', targetId: account.id, outcome: 'denied',
        detail: { problem, sessionsClosed: closed.count }, clientIp: clientIp(request),
      }, clock)
    })
    return { problem }
  }
  const actor = toActor(account, clientIp(request))
  return { sessionId, account, actor, ability: await abilityFor(db, actor, clock.now()) }
}

export async function requireActor(request: Request): Promise<AuthContext> {
  await requireCsrf(request)
  const context = await getAuthContext(request)
  if (!context || 'problem' in context) {
    throw redirect(signInUrl(request, context ? context.problem : undefined), {
      headers: { 'Set-Cookie': await sessionClearCookie(request) },
    })
  }
  return context
}

export async function requirePermission(request: Request, action: Action, subject: AppSubjects): Promise<AuthContext> {
  const context = await requireActor(request)
  if (!context.ability.can(action, subject)) throw forbidden()
  return context
}

/**
 * For the sign-in form and other pages without a session (and first in
 * `requireActor`): the CSRF token on state-changing requests (403), then no
 * control characters and no over-deep JSON anywhere in the input (400).
 */
export async function requireCsrf(request: Request): Promise<void> {
  if (isStateChanging(request) && !(await hasValidCsrf(request))) {
    throw forbidden('请求校验失败（CSRF），请刷新页面后重试。')
  }
  await refuseControlCharacters(request)
}
