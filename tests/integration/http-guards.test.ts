import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIMITS, limitBodies, refuseCrossOrigin, securityHeaders } from '../../server/http-guards.js'

/** The guards in the order server/index.js mounts them, in front of a handler that reads the whole body. */
function app(options: { trustProxy?: boolean } = {}) {
  const a = express()
  if (options.trustProxy) a.set('trust proxy', true)
  a.use(securityHeaders(), refuseCrossOrigin(options), limitBodies())
  a.all('*', (req, res) => {
    let bytes = 0
    req.on('data', (chunk: Buffer) => { bytes += chunk.length })
    req.on('end', () => res.json({ bytes, nonce: res.locals.cspNonce }))
  })
  return a
}

let server: http.Server
let proxied: http.Server
let base: string
let proxiedBase: string

beforeAll(async () => {
  server = app().listen(0, '127.0.0.1')
  proxied = app({ trustProxy: true }).listen(0, '127.0.0.1')
  await Promise.all([server, proxied].map((s) => new Promise((r) => s.once('listening', r))))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxiedBase = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}`
})
afterAll(() => {
  server.close()
  proxied.close()
})

/** A raw request that declares a length and sends only the headers: a guard that read the body would wait forever. */
function declare(path: string, length: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(length), ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.flushHeaders()
  })
}

describe('request size limits at the HTTP layer, before the body is read', () => {
  it('should refuse a 100 MB anonymous sign-in at once with 413, without reading it', async () => {
    const started = Date.now()
    const answer = await declare('/login', 100 * 1024 * 1024)
    expect(answer.status).toBe(413)
    expect(answer.body).toContain('请求内容过大（不能超过 8 KB）')
    expect(Date.now() - started).toBeLessThan(1000)
    // The same form posted by the page's JavaScript.
    expect((await declare('/login.data', 100 * 1024 * 1024)).status).toBe(413)
    expect((await declare('/login.data', 9 * 1024)).status).toBe(413)
  })

  it('should let a sign-in of a few KB and a 1 MB form through, and refuse a form just over 1 MB', async () => {
    const ok = await fetch(`${base}/login`, { method: 'POST', body: 'loginName=a&password=' + 'x'.repeat(4000) })
    expect(await ok.json()).toMatchObject({ bytes: 4021 })
    expect((await fetch(`${base}/matters/new`, { method: 'POST', body: 'x'.repeat(LIMITS.form) })).status).toBe(200)
    expect((await declare('/matters/new', LIMITS.form + 1)).status).toBe(413)
  })

  it('should give uploads for verification their own limit of about 20 MB', async () => {
    expect((await declare('/verify/ABCD1234', 22 * 1024 * 1024)).status).toBe(413)
    expect((await fetch(`${base}/verify/ABCD1234`, { method: 'POST', body: new Uint8Array(5 * 1024 * 1024) })).status).toBe(200)
  })

  it('should refuse a chunked body without a declared length with 411', async () => {
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('a=1')); c.close() } })
    const res = await fetch(`${base}/login`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(411)
  })
})

describe('cross-origin posts', () => {
  it('should answer 403 with a Chinese reason to a post from another site, and let same-origin posts through', async () => {
    const foreign = await fetch(`${base}/login`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: 'a=1' })
    expect(foreign.status).toBe(403)
    expect(await foreign.text()).toContain('拒绝来自其他网站的提交')
    expect((await fetch(`${base}/login`, { method: 'POST', headers: { origin: 'null' }, body: 'a=1' })).status).toBe(403)
    expect((await fetch(`${base}/login`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: 'a=1' })).status).toBe(403)
    expect((await fetch(`${base}/login`, { method: 'POST', headers: { origin: base }, body: 'a=1' })).status).toBe(200)
    expect((await fetch(`${base}/login`, { method: 'GET', headers: { origin: 'https://evil.example' } })).status).toBe(200)
  })

  it('should compare with the public origin a trusted proxy forwards', async () => {
    const headers = { origin: 'https://zhifa.example.gov.cn', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'zhifa.example.gov.cn' }
    expect((await fetch(`${proxiedBase}/login`, { method: 'POST', headers, body: 'a=1' })).status).toBe(200)
    expect((await fetch(`${base}/login`, { method: 'POST', headers, body: 'a=1' })).status).toBe(403)
  })
})

describe('Content-Security-Policy and HSTS', () => {
  it('should send a CSP whose script nonce changes with every response, and no HSTS over plain HTTP', async () => {
    const [a, b] = await Promise.all([fetch(`${base}/`), fetch(`${base}/`)])
    const csp = a.headers.get('content-security-policy') ?? ''
    const { nonce } = (await a.json()) as { nonce: string }
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'unsafe-eval'`)
    expect(csp).toContain(`frame-ancestors 'none'`)
    // Inline scripts only with the nonce.
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe-inline')
    expect(b.headers.get('content-security-policy')).not.toBe(csp)
    expect(a.headers.get('strict-transport-security')).toBeNull()
  })

  it('should send HSTS only when a trusted proxy says the request came over HTTPS', async () => {
    expect((await fetch(`${proxiedBase}/`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toContain('max-age=31536000')
    expect((await fetch(`${base}/`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull()
  })
})
