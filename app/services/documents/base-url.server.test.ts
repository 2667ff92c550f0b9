import { AsyncLocalStorage } from 'node:async_hooks'
import { describe, expect, it } from 'vitest'
import { baseUrlWarning, publicBaseUrl } from './base-url.server.ts'

// The per-request scope server/index.js opens for every request, with the origin it records.
const STORE_KEY = Symbol.for('zhifa.requestStore')
const holder = globalThis as Record<symbol, unknown>
holder[STORE_KEY] ??= new AsyncLocalStorage<Map<string, unknown>>()
const requestStore = holder[STORE_KEY] as AsyncLocalStorage<Map<string, unknown>>

describe('the verification address printed on documents', () => {
  it('is the origin of the request, on whatever port the server was reached', () => {
    expect(publicBaseUrl(new Request('http://10.0.0.5:39201/documents/new'), {})).toBe('http://10.0.0.5:39201')
  })

  it('is the origin of the request being served when a workflow step issues the document', () => {
    const url = requestStore.run(new Map([['zhifa.origin', 'https://zhifa.yili.example:8443']]), () => publicBaseUrl(undefined, {}))
    expect(url).toBe('https://zhifa.yili.example:8443')
  })

  it('is the port the server listens on outside any request, not a fixed 3000', () => {
    expect(publicBaseUrl(undefined, { PORT: '39201' })).toBe('http://localhost:39201')
  })

  it('is ZHIFA_BASE_URL whenever it is set', () => {
    const env = { ZHIFA_BASE_URL: 'https://zhifa.example.gov.cn/', PORT: '39201' }
    expect(publicBaseUrl(new Request('http://127.0.0.1:39201/'), env)).toBe('https://zhifa.example.gov.cn')
    expect(requestStore.run(new Map([['zhifa.origin', 'http://127.0.0.1:39201']]), () => publicBaseUrl(undefined, env))).toBe('https://zhifa.example.gov.cn')
  })

  it('is warned about at start in production when ZHIFA_BASE_URL is unset', () => {
    expect(baseUrlWarning({ NODE_ENV: 'production' })).toContain('ZHIFA_BASE_URL')
    expect(baseUrlWarning({ NODE_ENV: 'production', ZHIFA_BASE_URL: 'https://zhifa.example.gov.cn' })).toBeNull()
    expect(baseUrlWarning({ NODE_ENV: 'development' })).toBeNull()
  })
})
