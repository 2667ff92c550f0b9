import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../engine/clock.ts'
import { createRateLimiter } from './rate-limit.server.ts'

describe('rate limits of the public verification page', () => {
  it('let a client make the allowed number of requests in a window, then tell it how long to wait', () => {
    const clock = new ManualClock('2026-03-02T09:00:00+08:00')
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, clock })
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1').ok)).toEqual([true, true, true])
    clock.advance({ seconds: 15 })
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 45 })
    expect(limiter.take('10.0.0.2').ok, 'another client is not affected').toBe(true)
    clock.advance({ seconds: 45 })
    expect(limiter.take('10.0.0.1').ok, 'a new window').toBe(true)
  })

  it('forget finished windows instead of growing without bound', () => {
    const clock = new ManualClock('2026-03-02T09:00:00+08:00')
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, clock, maxKeys: 2 })
    limiter.take('a')
    limiter.take('b')
    clock.advance({ seconds: 2 })
    limiter.take('c')
    // 'a' was pruned with its window: it starts afresh.
    expect(limiter.take('a').ok).toBe(true)
  })
})
