import { describe, expect, it } from 'vitest'
import { testClockNow } from './clock.server.ts'

describe('the browser tests’ clock file', () => {
  const written = Date.parse('2026-11-27T01:00:00Z')

  it('an empty file means real time', () => {
    expect(testClockNow('\n', written, written + 5_000)).toBeNull()
  })

  it('an instant stands still however long ago the file was written', () => {
    expect(testClockNow('2025-09-30T10:00:00+08:00\n', written, written + 3_600_000)?.toISOString()).toBe('2025-09-30T02:00:00.000Z')
  })

  it('an instant marked running moves on in real time from when the file was written', () => {
    expect(testClockNow('2026-03-02T09:00:00+08:00 running\n', written, written + 90_000)?.toISOString()).toBe('2026-03-02T01:01:30.000Z')
  })

  it('text that is no instant falls back to real time', () => {
    expect(testClockNow('soon', written, written)).toBeNull()
  })
})
