import fs from 'node:fs'
import path from 'node:path'
import { systemClock, type Clock } from '../../engine/clock.ts'

/**
 * The application's clock. Normally the system clock; when the server runs
 * with ZHIFA_TEST_CLOCK=<file> (browser tests only), "now" is read from
 * that file (an ISO date-time), so tests can move time across holidays.
 */
function fileClock(file: string): Clock {
  return {
    now() {
      try {
        const text = fs.readFileSync(file, 'utf8').trim()
        return text ? new Date(text) : new Date()
      } catch {
        return new Date()
      }
    },
  }
}

const testClockFile = process.env.ZHIFA_TEST_CLOCK
export const clock: Clock = testClockFile ? fileClock(path.resolve(testClockFile)) : systemClock
