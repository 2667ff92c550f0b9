import { describe, expect, it } from 'vitest'
import { compiled, DecisionBench, notAsked, person } from '../test/decisions.ts'
import { decideComplete } from './complete.ts'
import { decideFireTimer, type TimerTarget } from './fire-timers.ts'
import { decideStart } from './start.ts'

const officer = person('officer-1', 'officer')

async function started() {
  const definition = await compiled('plan-approval.bpmn')
  const bench = new DecisionBench(definition)
  const { instance } = bench.apply(await decideStart({ definition, command: { businessKey: 'm1', departmentId: 'county-a' }, calls: {} }, bench.at('2025-09-30T09:00:00+08:00', officer)))
  return { bench, id: instance.id }
}

describe('a due timer firing is decided without a database', () => {
  it('given a draft not done in 10 days, when its boundary timer fires on 10 October, then the draft is interrupted with its due timer, the reminder opens for the supervisor, and the firing is logged', async () => {
    const { bench, id } = await started()
    const draft = bench.open('draft')
    const boundary = bench.store.pendingTimers(id).find((t) => t.kind === 'boundary')!
    const at = '2025-10-10T09:00:00+08:00'
    expect(bench.store.claimTimer(boundary.id, new Date(at))).toBe(true)
    const decided = await decideFireTimer({ timer: boundary, firedAt: new Date(at), target: { kind: 'instance', ...bench.load(id) } }, bench.at(at))
    expect(decided.effects.map((e) => e.kind)).toEqual(['openTasks', 'cancelTasks', 'cancelTimers', 'saveInstance', 'audit'])
    expect(decided.effects[0]).toMatchObject({ tasks: [{ elementId: 'remind', role: 'supervisor', scope: 'case-department' }] })
    expect(decided.effects[1]).toMatchObject({ executionIds: [draft.executionId], reason: 'interrupted' })
    expect(decided.effects[2]).toMatchObject({ executionIds: [], dueOfTaskExecutions: [draft.executionId] })
    expect(decided.effects[4]).toMatchObject({ entry: { actor: null, action: 'timer.fire', targetId: boundary.id, detail: { elementId: 'draftLate', kind: 'boundary', stale: false } } })

    bench.apply(decided)
    expect(bench.store.tasks.get(draft.id)).toMatchObject({ status: 'cancelled', cancelReason: 'interrupted' })
    expect(bench.open('remind')).toMatchObject({ departmentId: 'county-a' })
    expect(bench.store.pendingTimers(id)).toEqual([])
    // The scheduler that comes second finds the timer claimed.
    expect(bench.store.claimTimer(boundary.id, new Date(at))).toBe(false)
  })

  it('given a step past its deadline, then its due timer logs it overdue and tells the app; a step done in time gives no notice', async () => {
    const { bench, id } = await started()
    const draft = bench.open('draft')
    const due = bench.store.pendingTimers(id).find((t) => t.kind === 'due')!
    const at = '2025-10-11T00:00:00+08:00'
    const overdue = await decideFireTimer({ timer: due, firedAt: new Date(at), target: { kind: 'step', task: draft } }, bench.at(at))
    expect(overdue.effects).toMatchObject([
      { kind: 'audit', entry: { action: 'task.overdue', targetId: draft.id, detail: { elementId: 'draft', dueDate: '2025-10-10' } } },
      { kind: 'taskOverdue', task: { id: draft.id, overdue: true } },
    ])

    const submittedAt = '2025-10-10T10:00:00+08:00'
    bench.apply(await decideComplete({ task: bench.view(draft, submittedAt), ...bench.load(id), command: { payload: { target: '某公司' } }, formCheck: { ok: true, formVersion: 'v1' }, actor: officer }, bench.at(submittedAt, officer)))
    const done = await decideFireTimer({ timer: due, firedAt: new Date(at), target: { kind: 'step', task: bench.store.tasks.get(draft.id)! } }, bench.at(at))
    expect(done.effects).toEqual([])
  })

  it('given an instance that has ended, then its timer fires without touching it', async () => {
    const { bench, id } = await started()
    const boundary = bench.store.pendingTimers(id).find((t) => t.kind === 'boundary')!
    const target: TimerTarget = { kind: 'instance', ...bench.load(id), runtime: notAsked }
    target.stored = { ...target.stored, status: 'completed' }
    const decided = await decideFireTimer({ timer: boundary, firedAt: new Date('2025-10-10T09:00:00+08:00'), target }, bench.at('2025-10-10T09:00:00+08:00'))
    expect(decided.effects).toEqual([])
  })
})
