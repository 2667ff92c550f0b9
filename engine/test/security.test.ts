import { afterEach, describe, expect, it } from 'vitest'
import { evaluateFeel } from '../feel.ts'
import { compileDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import { fixturesDir } from './harness.ts'
import fs from 'node:fs'
import path from 'node:path'

declare global {
  var pwned: unknown
}

/** Compiles a definition without deploy's checks, as if one had slipped past them. */
async function unchecked(name: string) {
  const xml = fs.readFileSync(path.join(fixturesDir, 'invalid', name), 'utf8')
  const model = { key: name, name, userTasks: {}, timers: {}, calls: {} }
  return compileDefinition({ id: name, key: name, version: 1, xml }, model)
}

describe('expressions that reach for JavaScript are harmless at run time', () => {
  afterEach(() => {
    delete globalThis.pwned
  })

  it('a ${…} condition that slipped past deploy is never evaluated as JavaScript', async () => {
    // Read as FEEL it is a syntax error: the instance fails (nothing would be saved), no code runs.
    await expect(ProcessRuntime.start(await unchecked('js-expression.bpmn'), {})).rejects.toThrow(/Unrecognized token/)
    expect(globalThis.pwned).toBeUndefined()
  })

  it('a script task that slipped past deploy fails the instance instead of running its script', async () => {
    await expect(ProcessRuntime.start(await unchecked('script-task.bpmn'), {})).rejects.toThrow(/scripts are disabled/)
    expect(globalThis.pwned).toBeUndefined()
  })

  it('a condition in another script language is read as FEEL over data, never run', async () => {
    await expect(ProcessRuntime.start(await unchecked('script-condition.bpmn'), {})).rejects.toThrow(/Unrecognized token/)
  })

  it('FEEL reaches neither constructors nor prototypes of the variables', () => {
    const variables = { x: {}, s: 'text', list: [1, 2] }
    expect(evaluateFeel('x.constructor', variables)).toBeNull()
    expect(evaluateFeel('x.constructor.constructor("globalThis.pwned = 1")()', variables)).toBeNull()
    expect(evaluateFeel('x.__proto__', variables)).toBeNull()
    expect(evaluateFeel('s.length', variables)).toBeNull()
    expect(evaluateFeel('list.map', variables)).toEqual([null, null])
    expect(globalThis.pwned).toBeUndefined()
  })

  it('FEEL sees a JSON copy: functions and prototypes in the variables do not survive', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    const variables = { hostile, fn: () => { globalThis.pwned = 'function' }, when: new Date('2025-10-01T00:00:00Z') }
    expect(evaluateFeel('fn()', variables)).toBeNull()
    expect(evaluateFeel('when', variables)).toBe('2025-10-01T00:00:00.000Z')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(globalThis.pwned).toBeUndefined()
  })
})
