// A test fails on any unexpected console.error: silence an expected one
// with `vi.spyOn(console, 'error').mockImplementation(() => {})` in that test.
import { afterEach, beforeEach, vi } from 'vitest'

let errors: unknown[][] = []
const original = console.error

beforeEach(() => {
  errors = []
  console.error = (...args: unknown[]) => {
    errors.push(args)
    original(...args)
  }
})

afterEach(() => {
  const seen = errors
  console.error = original
  vi.restoreAllMocks()
  if (seen.length > 0) {
    throw new Error(`unexpected console.error:\n${seen.map((a) => a.map(String).join(' ')).join('\n')}`)
  }
})
