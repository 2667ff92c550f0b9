import { createCookie, type Cookie } from '@remix-run/node'
import { cookieSecrets } from './secrets.server.ts'

/**
 * Cookies are always httpOnly and SameSite=Lax; `Secure` is set whenever the
 * request arrived over HTTPS (directly or via a proxy's X-Forwarded-Proto)
 * or on localhost, where browsers accept Secure cookies over plain HTTP.
 */
export function isSecureRequest(request: Request): boolean {
  const url = new URL(request.url)
  if (url.protocol === 'https:') return true
  if (request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
}

/** The session cookie's name (auth.server.ts); the CSRF token is bound to its value. */
export const SESSION_COOKIE = 'zf_session'

export function makeCookie(name: string, maxAgeSeconds?: number): Cookie {
  return createCookie(name, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secrets: cookieSecrets,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  })
}

export async function serializeCookie(cookie: Cookie, request: Request, value: unknown, options: { expire?: boolean } = {}) {
  return cookie.serialize(value, {
    secure: isSecureRequest(request),
    ...(options.expire ? { maxAge: 0, expires: new Date(0) } : {}),
  })
}
