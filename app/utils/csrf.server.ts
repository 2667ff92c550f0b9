/**
 * CSRF protection by signed double submit: a random token lives in a signed
 * httpOnly cookie and is echoed by every state-changing request, as the
 * hidden form field `csrf` (<CsrfInput/>) or the `X-CSRF-Token` header
 * (fetch calls such as draft autosave). A cross-site page can make the
 * browser send the cookie but cannot read it, so it cannot echo it.
 */
import crypto from 'node:crypto'
import { makeCookie, serializeCookie } from './cookies.server.ts'

export const CSRF_FIELD = 'csrf'
export const CSRF_HEADER = 'x-csrf-token'
const csrfCookie = makeCookie('zf_csrf')

async function readToken(request: Request): Promise<string | null> {
  const value = await csrfCookie.parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length >= 32 ? value : null
}

/** The request's token, minting one (with its Set-Cookie) when absent. */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await readToken(request)
  if (existing) return { token: existing, setCookie: null }
  const token = crypto.randomBytes(32).toString('base64url')
  return { token, setCookie: await serializeCookie(csrfCookie, request, token) }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

/** True when the request carries a token matching its cookie. */
export async function hasValidCsrf(request: Request): Promise<boolean> {
  const expected = await readToken(request)
  if (!expected) return false
  let sent = request.headers.get(CSRF_HEADER)
  if (!sent) {
    const type = request.headers.get('content-type') ?? ''
    if (type.includes('form')) {
      const form = await request.clone().formData()
      const field = form.get(CSRF_FIELD)
      sent = typeof field === 'string' ? field : null
    }
  }
  return !!sent && sameToken(sent, expected)
}

export function isStateChanging(request: Request): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())
}
