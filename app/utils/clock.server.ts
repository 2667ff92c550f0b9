import fs from 'node:fs'
import path from 'node:path'
import { systemClock, type Clock } from '../../engine/clock.ts'

/**
 * What a test clock file says "now" is: empty for real time; an ISO
 * date-time for that instant, standing still; an ISO date-time followed by
 * ` running` for that instant as of the moment the file was written, moving
 * on in real time from there (a whole browser-test run on a chosen day).
 */
export function testClockNow(text: string, writtenAtMs: number, realNowMs: number): Date | null {
  const [instant, mode] = text.trim().split(/\s+/)
  if (!instant) return null
  const at = new Date(instant)
  if (Number.isNaN(at.getTime())) return null
  return mode === 'running' ? new Date(at.getTime() + (realNowMs - writtenAtMs)) : at
}

/**
 * The application's clock. Normally the system clock; when the server runs
 * with ZHIFA_TEST_CLOCK=<file> (browser tests only), "now" is read from
 * that file (see testClockNow), so tests can move time across holidays.
 */
function fileClock(file: string): Clock {
  return {
    now() {
      try {
        const text = fs.readFileSync(file, 'utf8')
        return testClockNow(text, fs.statSync(file).mtimeMs, Date.now()) ?? new Date()
      } catch {
        return new Date()
      }
    },
  }
}

const testClockFile = process.env.ZHIFA_TEST_CLOCK
export const clock: Clock = testClockFile ? fileClock(path.resolve(testClockFile)) : systemClock
