import { describe, expect, it } from 'vitest'
import { Forbidden } from '../errors.ts'
import { compiled, DecisionBench, person } from '../test/decisions.ts'
import type { TaskRow } from '../task-view.ts'
import type { Actor } from '../actor.ts'
import { decideComplete } from './complete.ts'
import { decideStart } from './start.ts'
import { decideWithdraw } from './withdraw.ts'

const officer = person('officer-1', 'officer')
const reviewer = person('legal-1', 'legal-reviewer', 'county-a.legal-office')

/** A plan started on 30 September 2025 and its draft submitted the same afternoon. */
async function submitted() {
  const definition = await compiled('plan-approval.bpmn')
  const bench = new DecisionBench(definition)
  const { instance } = bench.apply(await decideStart({ definition, command: { businessKey: 'm1', departmentId: 'county-a' }, calls: {} }, bench.at('2025-09-30T09:00:00+08:00', officer)))
  const draft = bench.open('draft')
  const beforeSubmit = bench.store.instance(instance.id)
  const at = '2025-09-30T15:00:00+08:00'
  bench.apply(await decideComplete({ task: bench.view(draft, at), ...bench.load(instance.id), command: { payload: { target: '某化工公司' } }, formCheck: { ok: true, formVersion: 'v1' }, actor: officer }, bench.at(at, officer)))
  return { bench, id: instance.id, draft: bench.store.tasks.get(draft.id)!, beforeSubmit }
}

/** What the adapter does for withdraw(): load the task, its instance, whether it started a child, the open tasks; decide. */
function withdraw(bench: DecisionBench, task: TaskRow, at: string, actor: Actor, startedChild = false) {
  const instance = bench.store.instances.has(task.instanceId) ? bench.store.instance(task.instanceId) : null
  return decideWithdraw(
    { task: bench.store.tasks.get(task.id)!, instance, startedChild, openTasks: bench.store.openTasks(task.instanceId), command: { comment: '填错了' }, actor },
    { now: new Date(at), newId: () => `reopened-${at}` },
  )
}

describe('withdrawing a completion is decided without a database', () => {
  it('given a submitted plan, when the officer withdraws it, then the review closes, the draft waits again for the officer with its deadline of 10 October, its 10-day timer is armed again, and the instance is as before the submission', async () => {
    const { bench, id, draft, beforeSubmit } = await submitted()
    const review = bench.open('review')
    const decided = withdraw(bench, draft, '2025-09-30T16:00:00+08:00', officer)
    expect(decided.effects.map((e) => e.kind)).toEqual(['closeTasks', 'cancelTimers', 'rearmTimers', 'reopenTask', 'armTimers', 'saveInstance', 'taskWithdrawn', 'audit'])
    expect(decided.effects[0]).toMatchObject({ taskIds: [review.id], reason: 'withdrawn' })
    expect(decided.effects[1]).toMatchObject({ executionIds: [], dueOfTaskIds: [review.id] })
    expect(decided.effects[2]).toMatchObject({ executionIds: JSON.parse(beforeSubmit.armedTimers) })
    expect(decided.effects[5]).toMatchObject({ revision: 2, state: beforeSubmit.state, variables: beforeSubmit.variables, armedTimers: beforeSubmit.armedTimers })
    expect(decided.effects[7]).toMatchObject({ entry: { action: 'task.withdraw', targetId: draft.id, detail: { reopenedTaskId: decided.result.id, cancelledTaskIds: [review.id], comment: '填错了' } } })
    expect(decided.result).toMatchObject({ elementId: 'draft', executionId: draft.executionId, status: 'open', assigneeId: 'officer-1', dueDate: '2025-10-10', departmentId: 'county-a' })

    bench.apply(decided)
    expect(bench.store.tasks.get(review.id)).toMatchObject({ status: 'cancelled', cancelReason: 'withdrawn' })
    expect(bench.open('draft').id).toBe(decided.result.id)
    expect(bench.store.pendingTimers(id).map((t) => [t.kind, t.elementId, t.dueAt.toISOString()])).toEqual([
      ['boundary', 'draftLate', '2025-10-10T01:00:00.000Z'],
      ['due', 'draft', '2025-10-10T16:00:00.000Z'],
    ])
    expect(bench.store.instance(id)).toMatchObject({ revision: 3, state: beforeSubmit.state, variables: beforeSubmit.variables })
  })

  it('refuses once the next step was acted on, for anyone but the one who completed it, for a task not completed, and when the completion started a called instance', async () => {
    const { bench, draft } = await submitted()
    expect(() => withdraw(bench, draft, '2025-09-30T16:00:00+08:00', person('officer-2', 'officer'))).toThrow(Forbidden)
    expect(() => withdraw(bench, draft, '2025-09-30T16:00:00+08:00', officer, true)).toThrow('已启动子流程')
    const review = bench.open('review')
    expect(() => withdraw(bench, review, '2025-09-30T16:00:00+08:00', reviewer)).toThrow('该任务尚未办结')

    // The review returned the plan: the instance runs on, one revision further than the submission left it.
    const definition = await compiled('review-loop.bpmn')
    const loop = new DecisionBench(definition)
    const { instance } = loop.apply(await decideStart({ definition, command: { departmentId: 'county-a' }, calls: {} }, loop.at('2025-09-30T09:00:00+08:00', officer)))
    const valid = { ok: true, formVersion: 'v1' } as const
    const submit = loop.open('draft')
    loop.apply(await decideComplete({ task: loop.view(submit, '2025-09-30T10:00:00+08:00'), ...loop.load(instance.id), command: { payload: { target: '某公司' } }, formCheck: valid, actor: officer }, loop.at('2025-09-30T10:00:00+08:00', officer)))
    const returned = loop.open('review')
    loop.apply(await decideComplete({ task: loop.view(returned, '2025-10-09T10:00:00+08:00'), ...loop.load(instance.id), command: { outcome: 'return' }, formCheck: valid, actor: reviewer }, loop.at('2025-10-09T10:00:00+08:00', reviewer)))
    expect(loop.store.instance(instance.id).status).toBe('running')
    expect(() => withdraw(loop, submit, '2025-10-09T11:00:00+08:00', officer)).toThrow('后续环节已办理')
  })
})
