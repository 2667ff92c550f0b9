import { describe, expect, it } from 'vitest'
import { makeCookie, SESSION_COOKIE } from './cookies.server.ts'
import { csrfToken, hasValidCsrf, rotateCsrfCookie } from './csrf.server.ts'

const session = makeCookie(SESSION_COOKIE)

/** The cookie pair a browser sends back from a Set-Cookie header. */
const pair = (setCookie: string) => setCookie.split(';')[0]!

async function withSession(id: string): Promise<string> {
  return pair(await session.serialize(id))
}

function post(cookie: string, token: string): Request {
  return new Request('http://localhost/x', { method: 'POST', headers: { cookie, 'x-csrf-token': token } })
}

describe('CSRF token bound to the session', () => {
  it('should accept the token of its own session and refuse it with another session', async () => {
    const a = await withSession('session-a')
    const b = await withSession('session-b')
    const { token, setCookie } = await csrfToken(new Request('http://localhost/', { headers: { cookie: a } }))
    expect(setCookie).toBeNull()
    expect(await hasValidCsrf(post(a, token))).toBe(true)
    expect(await hasValidCsrf(post(b, token))).toBe(false)
  })

  it('should rotate at sign-in: the token of the page before sign-in is worth nothing after it', async () => {
    const anonymous = await csrfToken(new Request('http://localhost/login'))
    const before = pair(anonymous.setCookie!)
    expect(await hasValidCsrf(post(before, anonymous.token))).toBe(true)
    // Sign-in answers with the session cookie and a new anonymous cookie.
    const after = `${await withSession('new-session')}; ${pair(await rotateCsrfCookie(new Request('http://localhost/login')))}`
    expect(await hasValidCsrf(post(after, anonymous.token))).toBe(false)
    expect(await hasValidCsrf(post(after, (await csrfToken(new Request('http://localhost/', { headers: { cookie: after } }))).token))).toBe(true)
  })

  it('should refuse a post with no cookie, no token, or a body that cannot be read', async () => {
    expect(await hasValidCsrf(new Request('http://localhost/x', { method: 'POST' }))).toBe(false)
    const a = await withSession('session-a')
    expect(await hasValidCsrf(new Request('http://localhost/x', { method: 'POST', headers: { cookie: a } }))).toBe(false)
    const broken = new Request('http://localhost/x', { method: 'POST', headers: { cookie: a, 'content-type': 'multipart/form-data; boundary=x' }, body: 'not multipart' })
    expect(await hasValidCsrf(broken)).toBe(false)
  })
})
