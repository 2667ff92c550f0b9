import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCalendar } from '../calendar/working-calendar.ts'
import { SEED_YEARS, statutoryCalendarDays } from '../calendar/statutory-holidays.ts'
import { parseBpmn } from '../definition/parse-bpmn.ts'
import { checkDefinition } from '../definition/zhifa-rules.ts'
import { compileDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import type { InstanceRecord } from './instance-state.ts'
import { decideProjection } from './project.ts'

const calendar = buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))
const xml = fs.readFileSync(path.join(import.meta.dirname, '..', 'test', 'fixtures', 'review-loop.bpmn'), 'utf8')
const anyCatalog = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }

async function compiled() {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) throw new Error('fixture does not parse')
  const { model } = await checkDefinition(parsed.context, anyCatalog, parsed.visited)
  return compileDefinition({ id: 'review-loop@1', key: 'review-loop', version: 1, xml }, model!)
}

describe('what the inbox and the timers become after an act is decided without a database', () => {
  it('given a plan submitted on 30 September 2025, then the draft closes and the legal review opens, due 11 October with its due timer, in the legal office of the case', async () => {
    const definition = await compiled()
    let n = 0
    const newId = () => `id-${++n}`
    const instance: InstanceRecord = { id: 'i1', definition, businessKey: 'm1', departmentId: 'county-a', startedById: 'officer-1', variables: { zf: { starter: 'officer-1', performers: {} } } }
    const runtime = await ProcessRuntime.start(definition, instance.variables)
    const now = new Date('2025-09-30T10:00:00+08:00')
    const started = decideProjection({ instance, waiting: runtime.waitingUserTasks(), armed: runtime.armedTimers(), ended: runtime.ended, before: { tasks: new Map(), timers: new Set() }, now, calendar: () => calendar, newId })
    expect(started.effects).toMatchObject([{ kind: 'openTasks', context: { instanceId: 'i1', departmentId: 'county-a' }, tasks: [{ elementId: 'draft', scope: 'case-department', dueDate: null, assigneeId: null }] }])

    const [draft] = runtime.waitingUserTasks()
    const before = { tasks: new Map([[draft!.executionId, 'draft']]), timers: new Set<string>() }
    instance.variables.draft = { target: '某化工有限公司' }
    instance.variables.zf.performers.draft = 'officer-1'
    runtime.signal(draft!.executionId, {})
    const submitted = decideProjection({ instance, waiting: runtime.waitingUserTasks(), armed: runtime.armedTimers(), ended: runtime.ended, before, done: { taskExecutionId: draft!.executionId }, now, calendar: () => calendar, newId })
    const open = submitted.effects.find((e) => e.kind === 'openTasks')
    expect(open).toMatchObject({ tasks: [{ id: 'id-2', elementId: 'review', scope: 'legal-office', gate: 'case-review', dueDate: '2025-10-11', dueFrom: now }] })
    expect(submitted.effects.find((e) => e.kind === 'armTimers')).toMatchObject({ timers: [{ kind: 'due', elementId: 'review', executionId: 'id-2', dueAt: new Date('2025-10-12T00:00:00+08:00') }] })
    // The completed draft is the caller's to record: nothing is cancelled.
    expect(submitted.effects.filter((e) => e.kind === 'cancelTasks' || e.kind === 'cancelTimers')).toEqual([])
    runtime.dispose()
  })
})
