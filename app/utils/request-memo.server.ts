/**
 * Work shared by the loaders of one HTTP request. Remix runs the loaders of
 * a page in parallel, each with its own copy of the Request, so each would
 * look the session up again; server/index.js runs every request inside an
 * AsyncLocalStorage scope and this memo keeps results in that scope only —
 * nothing outlives the request, so a stopped account is refused at once.
 */
import type { AsyncLocalStorage } from 'node:async_hooks'

const STORE_KEY = Symbol.for('zhifa.requestStore')

function store(): Map<string, unknown> | undefined {
  const als = (globalThis as Record<symbol, AsyncLocalStorage<Map<string, unknown>> | undefined>)[STORE_KEY]
  return als?.getStore()
}

export function requestMemo<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = store()
  if (!scope) return compute()
  const existing = scope.get(key) as Promise<T> | undefined
  if (existing) return existing
  const pending = compute()
  scope.set(key, pending)
  return pending
}

const ORIGIN_KEY = 'zhifa.origin'

/** The origin (scheme, host, port) the current request came in on, as server/index.js recorded it. */
export function requestOrigin(): string | undefined {
  const origin = store()?.get(ORIGIN_KEY)
  return typeof origin === 'string' ? origin : undefined
}
