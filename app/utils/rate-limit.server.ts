/**
 * A fixed-window counter per key (a client address), in this process's
 * memory: enough to keep one client from turning a public page into a load
 * oracle. Behind several server processes each counts on its own.
 */
import type { Clock } from '../../engine/clock.ts'
import { systemClock } from '../../engine/clock.ts'

export interface RateLimiter {
  /** Counts one hit; `ok: false` with the seconds until the window ends when over the limit. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number }
}

export function createRateLimiter(options: { limit: number; windowMs: number; clock?: Clock; maxKeys?: number }): RateLimiter {
  const clock = options.clock ?? systemClock
  const maxKeys = options.maxKeys ?? 10_000
  const windows = new Map<string, { count: number; resetAt: number }>()
  function prune(now: number) {
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key)
  }
  return {
    take(key) {
      const now = clock.now().getTime()
      if (windows.size >= maxKeys) prune(now)
      let w = windows.get(key)
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + options.windowMs }
        windows.set(key, w)
      }
      w.count += 1
      if (w.count <= options.limit) return { ok: true }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) }
    },
  }
}
