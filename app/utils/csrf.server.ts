/**
 * CSRF protection by a token bound to the session (ADR 024): every
 * state-changing request echoes it, as the hidden form field `csrf`
 * (<CsrfInput/>) or the `X-CSRF-Token` header (fetch calls such as draft
 * autosave). Signed in, the token is an HMAC of the session id under the
 * server's secret: it is worth nothing with another session, and signing
 * in (a new session) rotates it. Before sign-in it is an HMAC of a random
 * value in a signed httpOnly cookie, which sign-in replaces as well. A
 * cross-site page can make the browser send the cookies but cannot read
 * them or the token, so it cannot echo it.
 */
import crypto from 'node:crypto'
import { makeCookie, serializeCookie, SESSION_COOKIE } from './cookies.server.ts'
import { cookieSecrets } from './secrets.server.ts'

export const CSRF_FIELD = 'csrf'
export const CSRF_HEADER = 'x-csrf-token'
const csrfCookie = makeCookie('zf_csrf')
const sessionCookie = makeCookie(SESSION_COOKIE)

/** What the token is bound to: the session, or the anonymous visitor's cookie. */
async function binding(request: Request): Promise<string | null> {
  const cookies = request.headers.get('cookie')
  const session = await sessionCookie.parse(cookies)
  if (typeof session === 'string' && session) return `session:${session}`
  const anonymous = await csrfCookie.parse(cookies)
  return typeof anonymous === 'string' && anonymous.length >= 32 ? `anonymous:${anonymous}` : null
}

function tokenFor(bound: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`zhifa-csrf:${bound}`).digest('base64url')
}

/** The request's token, minting the anonymous cookie (with its Set-Cookie) when there is nothing to bind to. */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const bound = await binding(request)
  if (bound) return { token: tokenFor(bound, cookieSecrets[0]!), setCookie: null }
  const value = crypto.randomBytes(32).toString('base64url')
  return { token: tokenFor(`anonymous:${value}`, cookieSecrets[0]!), setCookie: await serializeCookie(csrfCookie, request, value) }
}

/** Set-Cookie that replaces the anonymous value, sent with the sign-in so no token from before survives it. */
export async function rotateCsrfCookie(request: Request): Promise<string> {
  return serializeCookie(csrfCookie, request, crypto.randomBytes(32).toString('base64url'))
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

/** True when the request carries the token of its own session (or anonymous cookie). */
export async function hasValidCsrf(request: Request): Promise<boolean> {
  const bound = await binding(request)
  if (!bound) return false
  let sent = request.headers.get(CSRF_HEADER)
  if (!sent) {
    const type = request.headers.get('content-type') ?? ''
    if (type.includes('form')) {
      try {
        const form = await request.clone().formData()
        const field = form.get(CSRF_FIELD)
        sent = typeof field === 'string' ? field : null
      } catch {
        return false
      }
    }
  }
  // Any of the configured secrets (newest first), so rotating SESSION_SECRET does not break open pages.
  return !!sent && cookieSecrets.some((secret) => sameToken(sent, tokenFor(bound, secret)))
}

export function isStateChanging(request: Request): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())
}
