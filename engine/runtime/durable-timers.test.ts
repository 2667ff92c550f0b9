import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { validateDefinition } from '../definition/validate-definition.ts'
import { fixturesDir } from '../test/harness.ts'
import { compileDefinition } from './compiled-definition.ts'
import { ProcessRuntime } from './process-runtime.ts'

async function compiled(name: string) {
  const xml = fs.readFileSync(path.join(fixturesDir, name), 'utf8')
  const result = await validateDefinition(xml, { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return compileDefinition({ id: name, key: result.model.key, version: 1, xml }, result.model)
}

describe('timers never live in the process', () => {
  it('given a P90D timer and a P30D boundary timer, when instances start, recover and resume, then no setTimeout is ever called', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const longWait = await ProcessRuntime.start(await compiled('decision-limit.bpmn'), {})
    const boundary = await ProcessRuntime.start(await compiled('review-deadline.bpmn'), {})
    const recovered = await ProcessRuntime.recover(await compiled('decision-limit.bpmn'), longWait.snapshot(), {})
    expect(setTimeoutSpy).not.toHaveBeenCalled()
    expect([longWait, boundary, recovered].map((r) => r.armedTimers().map((t) => t.elementId))).toEqual([['wait90'], ['reviewLate'], ['wait90']])
  })

  it('given an armed timer whose wall-clock expiry has long passed, when the instance resumes, then it still waits for the scheduler', async () => {
    const definition = await compiled('decision-limit.bpmn')
    const runtime = await ProcessRuntime.start(definition, {})
    // Move bpmn-engine's own idea of the expiry into the past, as after a long outage.
    const state = JSON.parse(runtime.snapshot()) as unknown
    expect(JSON.stringify(state)).toMatch(/"expireAt":"/)
    const stale = JSON.stringify(state).replace(/"expireAt":"[^"]+"/g, '"expireAt":"2000-01-01T00:00:00.000Z"')
    const resumed = await ProcessRuntime.recover(definition, stale, {})
    expect(resumed.armedTimers().map((t) => t.elementId)).toEqual(['wait90'])
    expect(resumed.waitingUserTasks()).toEqual([])
    expect(resumed.fireTimer(resumed.armedTimers()[0]!.executionId)).toBe(true)
    expect(resumed.waitingUserTasks().map((t) => t.elementId)).toEqual(['report'])
  })
})
