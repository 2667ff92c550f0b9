/**
 * Soak: seeded random mutations of the 12 shipped definitions through
 * validate, in a child process with a 300 MB heap limit. Fails on any
 * exception (a crash), any validation over 5 s (the watchdog kills the child
 * when no line arrives for 5 s), or memory over 300 MB (the heap limit kills
 * the child; the RSS it reports is checked too). See ADR 022.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { expect, it } from 'vitest'

const SEED = 20261129
const COUNT = 200

it(`validate survives ${COUNT} seeded random mutations of the shipped definitions: no crash, none over 5 s, never over 300 MB`, async () => {
  const runner = path.join(import.meta.dirname, 'support', 'soak-runner.ts')
  const child = spawn(process.execPath, ['--max-old-space-size=300', '--import', 'tsx', runner, String(SEED), String(COUNT)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let stderr = ''
  let hung = false
  let watchdog: NodeJS.Timeout | undefined
  const arm = (ms: number) => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => {
      hung = true
      child.kill('SIGKILL')
    }, ms)
  }
  arm(30_000) // start-up: loading tsx and the validator
  let buffer = ''
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    lines.push(...parts)
    arm(5_000)
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(watchdog)
  expect({ hung, crash: lines.find((l) => l.startsWith('CRASH')) ?? null }).toEqual({ hung: false, crash: null })
  expect({ code, stderr: stderr.slice(0, 2_000) }).toEqual({ code: 0, stderr: '' })
  const rows = lines.map((l) => l.split(' ')).map(([, ms, heap, rss, verdict]) => ({ ms: Number(ms), heap: Number(heap), rss: Number(rss), verdict }))
  expect(rows).toHaveLength(COUNT)
  expect(Math.max(...rows.map((r) => r.ms))).toBeLessThan(5_000)
  expect(Math.max(...rows.map((r) => r.rss))).toBeLessThan(300 + 150) // heap ≤ 300 MB by the limit; RSS adds code and buffers
  expect(Math.max(...rows.map((r) => r.heap))).toBeLessThan(300)
  // The mutations really exercise both answers.
  expect(new Set(rows.map((r) => r.verdict))).toEqual(new Set(['ok', 'refused']))
}, 120_000)
