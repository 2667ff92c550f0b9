/**
 * A small closed-loop HTTP load generator: `connections` workers each send
 * the next request as soon as the previous answered, for `seconds`. Timing
 * every request ourselves gives exact percentiles (p50/p95).
 */
import { Agent, request } from 'undici'

export interface LoadResult {
  requests: number
  errors: number
  seconds: number
  rps: number
  p50: number
  p95: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]!
}

export async function load(url: string, options: { connections: number; seconds: number; headers?: Record<string, string>; expectStatus?: number }): Promise<LoadResult> {
  const agent = new Agent({ connections: options.connections, pipelining: 1, keepAliveTimeout: 10_000 })
  const durations: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      try {
        const response = await request(url, { dispatcher: agent, headers: options.headers })
        await response.body.text()
        if (response.statusCode !== (options.expectStatus ?? 200)) errors++
      } catch {
        errors++
      }
      durations.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: options.connections }, worker))
  const seconds = (performance.now() - started) / 1000
  await agent.close()
  durations.sort((a, b) => a - b)
  return { requests: durations.length, errors, seconds, rps: durations.length / seconds, p50: percentile(durations, 50), p95: percentile(durations, 95) }
}
