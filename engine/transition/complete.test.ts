import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Conflict, Forbidden, InvalidForm, InvalidOutcome, TaskNotActive } from '../errors.ts'
import { compiled, DecisionBench, notAsked, person } from '../test/decisions.ts'
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'
import type { TaskRow } from '../task-view.ts'
import { decideComplete, type CompleteCommand, type FormCheck } from './complete.ts'
import type { Effect } from './effects.ts'
import { decideStart } from './start.ts'

const officer = person('officer-1', 'officer')
const officer2 = person('officer-2', 'officer')
const reviewer = person('legal-1', 'legal-reviewer', 'county-a.legal-office')
const valid: FormCheck = { ok: true, formVersion: 'v1' }

async function started(definition: CompiledDefinition, at: string, variables: Record<string, unknown> = {}, ...callees: CompiledDefinition[]) {
  const bench = new DecisionBench(definition, ...callees)
  const { instance } = bench.apply(await decideStart({ definition, command: { businessKey: 'm1', departmentId: 'county-a', variables }, calls: {} }, bench.at(at, officer)))
  return { bench, id: instance.id }
}

/** What the adapter does for complete(): load, decide. */
function complete(bench: DecisionBench, task: TaskRow, at: string, actor = officer, command: CompleteCommand = {}, formCheck: FormCheck = valid) {
  const loaded = bench.load(task.instanceId)
  return decideComplete({ task: bench.view(task, at), ...loaded, command, formCheck, actor }, bench.at(at, actor))
}

const kinds = (effects: Effect[]) => effects.map((e) => e.kind)

describe('completing a task is decided without a database', () => {
  it('given a draft plan submitted on 30 September 2025, then the draft closes with its data, the review opens in the legal office due Saturday 11 October (a make-up working day after National Day), the draft’s timers are cancelled, and the instance is saved', async () => {
    const { bench, id } = await started(await compiled('plan-approval.bpmn'), '2025-09-30T09:00:00+08:00')
    const draft = bench.open('draft')
    const at = '2025-09-30T15:00:00+08:00'
    const decided = await complete(bench, draft, at, officer, { payload: { target: '某化工公司' }, comment: '请审核' })
    expect(kinds(decided.effects)).toEqual(['completeTask', 'openTasks', 'armTimers', 'cancelTimers', 'saveInstance', 'audit', 'taskCompleted'])
    const before = bench.store.instance(id)
    expect(decided.effects[0]).toMatchObject({
      taskId: draft.id, completedById: 'officer-1', completedAt: new Date(at), payload: { target: '某化工公司' }, formVersion: 'v1', comment: '请审核',
      priorState: { revision: 1, state: before.state, variables: before.variables, armedTimers: before.armedTimers, openTasks: [draft.executionId] },
    })
    expect(decided.effects[1]).toMatchObject({ tasks: [{ elementId: 'review', scope: 'legal-office', dueDate: '2025-10-11', dueFrom: new Date(at) }] })
    // The boundary timer of the draft is disarmed, and the draft's own due timer goes with it.
    expect(decided.effects[3]).toMatchObject({ executionIds: JSON.parse(before.armedTimers), dueOfTaskExecutions: [draft.executionId] })
    expect(decided.effects[4]).toMatchObject({ kind: 'saveInstance', revision: 1, ended: false, armedTimers: '[]' })
    expect(decided.result).toMatchObject({ id: draft.id, status: 'completed', payload: { target: '某化工公司' }, completedByName: 'officer-1' })

    bench.apply(decided)
    expect(bench.store.tasks.get(draft.id)).toMatchObject({ status: 'completed', payload: JSON.stringify({ target: '某化工公司' }) })
    expect(bench.open('review')).toMatchObject({ departmentId: 'county-a.legal-office', dueDate: '2025-10-11' })
    expect(bench.store.pendingTimers().map((t) => [t.kind, t.elementId])).toEqual([['due', 'review']])
    expect(JSON.parse(bench.store.instance(id).variables)).toMatchObject({ draft: { target: '某化工公司' }, zf: { performers: { draft: 'officer-1' } } })
  })

  it('refuses an outcome the step does not offer, an invalid form, and a plan submitted too late for its date — before touching the instance', async () => {
    const loop = await started(await compiled('review-loop.bpmn'), '2025-09-30T09:00:00+08:00')
    loop.bench.apply(await complete(loop.bench, loop.bench.open('draft'), '2025-09-30T10:00:00+08:00', officer, { payload: { target: '某公司' } }))
    const review = loop.bench.open('review')
    const decide = (command: CompleteCommand, formCheck: FormCheck = valid) =>
      decideComplete({ task: loop.bench.view(review, '2025-10-09T10:00:00+08:00'), ...loop.bench.load(loop.id), runtime: notAsked, command, formCheck, actor: reviewer }, loop.bench.at('2025-10-09T10:00:00+08:00', reviewer))
    await expect(decide({ outcome: 'maybe' })).rejects.toThrow(InvalidOutcome)
    await expect(decide({})).rejects.toThrow(InvalidOutcome)
    await expect(decide({ outcome: 'approve' }, { ok: false, errors: [{ path: '/remark', message: '必填' }] })).rejects.toThrow(InvalidForm)
    // With everything valid, the runtime is asked for (here it refuses to be).
    await expect(decide({ outcome: 'approve' })).rejects.toThrow('the runtime was asked for')

    // 2 working days before 9 October is 29 September: on 30 September it is too late.
    const lead = await started(await compiled('lead-and-issue.bpmn'), '2025-09-30T09:00:00+08:00')
    const late = decideComplete({
      task: lead.bench.view(lead.bench.open('draft'), '2025-09-30T10:00:00+08:00'), ...lead.bench.load(lead.id), runtime: notAsked,
      command: { payload: { target: '某公司', plannedDate: '2025-10-09' } }, formCheck: valid, actor: officer,
    }, lead.bench.at('2025-09-30T10:00:00+08:00', officer))
    await expect(late).rejects.toMatchObject({ fieldErrors: [{ path: '/plannedDate', message: expect.stringContaining('2025-09-29') }] })
  })

  it('refuses to record that a party made no statement while its period runs, unless the party waived it in writing', async () => {
    const general = await compiled(path.join(import.meta.dirname, '..', '..', 'definitions', 'penalty-case-general', 'process.bpmn'))
    const bench = new DecisionBench(general)
    const { instance } = bench.apply(await decideStart({ definition: general, command: { departmentId: 'county-a' }, calls: {} }, bench.at('2025-10-09T09:00:00+08:00', officer)))
    const loaded = bench.load(instance.id)
    // The step as it waits for the party: its due date is the last day of the party's period.
    const statement: TaskRow = { ...bench.store.openTasks()[0]!, elementId: 'statement', name: '陈述申辩登记', form: 'statement-registration', dueDate: '2025-10-14' }
    const decide = (payload: unknown) => decideComplete({ task: bench.view(statement, '2025-10-10T10:00:00+08:00'), ...loaded, runtime: notAsked, command: { payload }, formCheck: valid, actor: officer }, bench.at('2025-10-10T10:00:00+08:00', officer))
    await expect(decide({ made: false })).rejects.toMatchObject({ fieldErrors: [{ path: '/made', message: expect.stringContaining('2025-10-14') }] })
    await expect(decide({ made: false, waiver: { date: '2025-10-10', scan: 'waiver.pdf' } })).rejects.toThrow('the runtime was asked for')
    await expect(decide({ made: true })).rejects.toThrow('the runtime was asked for')
  })

  it('given a task completed meanwhile by someone else, then applying a second completion is refused: the task is no longer open', async () => {
    const { bench } = await started(await compiled('review-loop.bpmn'), '2025-09-30T09:00:00+08:00')
    const draft = bench.open('draft')
    const first = await complete(bench, draft, '2025-09-30T10:00:00+08:00', officer, { payload: { target: '甲公司' } })
    const second = await complete(bench, draft, '2025-09-30T10:00:01+08:00', officer2, { payload: { target: '乙公司' } })
    bench.apply(first)
    expect(() => bench.apply(second)).toThrow(TaskNotActive)
  })

  it('given two parallel opinions decided from the same revision, then the second to be stored is a conflict', async () => {
    const { bench } = await started(await compiled('parallel-review.bpmn'), '2025-09-30T09:00:00+08:00')
    const legal = await complete(bench, bench.open('legal'), '2025-09-30T10:00:00+08:00', reviewer, { payload: { opinion: '同意' } })
    const deputy = await complete(bench, bench.open('deputy'), '2025-09-30T10:00:00+08:00', person('deputy-1', 'deputy-head'))
    bench.apply(legal)
    expect(() => bench.apply(deputy)).toThrow(Conflict)
  })

  it('counts one signature per person in a 会签: the same person signing twice is refused, and the step ends with the last signature', async () => {
    const { bench, id } = await started(await compiled('countersign.bpmn'), '2025-09-30T09:00:00+08:00')
    const [first, second, third] = bench.store.openTasks(id)
    bench.apply(await complete(bench, first!, '2025-09-30T10:00:00+08:00', officer, { payload: { opinion: '一' } }))
    await expect(complete(bench, second!, '2025-09-30T10:01:00+08:00', officer, { payload: { opinion: '再签' } })).rejects.toThrow(Forbidden)
    bench.apply(await complete(bench, second!, '2025-09-30T10:02:00+08:00', officer2, { payload: { opinion: '二' } }))
    const last = await complete(bench, third!, '2025-09-30T10:03:00+08:00', person('officer-3', 'officer'), { payload: { opinion: '三' } })
    expect(last.effects.find((e) => e.kind === 'openTasks')).toMatchObject({ tasks: [{ elementId: 'close' }] })
    bench.apply(last)
    expect(JSON.parse(bench.store.instance(id).variables).opinions).toEqual({ 0: { opinion: '一' }, 1: { opinion: '二' }, 2: { opinion: '三' } })
  })

  it('given a plan approved, then the approval issues the drafted plan with its data; given the review approved, then the instance ends, is logged as ended and the app told', async () => {
    const lead = await started(await compiled('lead-and-issue.bpmn'), '2025-09-30T09:00:00+08:00')
    lead.bench.apply(await complete(lead.bench, lead.bench.open('draft'), '2025-09-30T10:00:00+08:00', officer, { payload: { target: '某公司', plannedDate: '2025-10-20' } }))
    const approved = await complete(lead.bench, lead.bench.open('approve'), '2025-10-09T10:00:00+08:00', person('deputy-1', 'deputy-head'))
    expect(approved.effects.find((e) => e.kind === 'taskCompleted')).toMatchObject({ step: { issue: { elementId: 'draft', form: 'onsite-inspection-plan', data: { target: '某公司', plannedDate: '2025-10-20' } } } })

    const loop = await started(await compiled('review-loop.bpmn'), '2025-09-30T09:00:00+08:00')
    loop.bench.apply(await complete(loop.bench, loop.bench.open('draft'), '2025-09-30T10:00:00+08:00', officer, { payload: { target: '某公司' } }))
    const ended = await complete(loop.bench, loop.bench.open('review'), '2025-10-09T10:00:00+08:00', reviewer, { outcome: 'approve' })
    expect(kinds(ended.effects)).toEqual(['completeTask', 'openTasks', 'cancelTimers', 'saveInstance', 'audit', 'taskCompleted', 'audit', 'instanceEnded'])
    expect(ended.effects.at(-2)).toMatchObject({ entry: { action: 'process.end', targetId: loop.id, actor: reviewer } })
    loop.bench.apply(ended)
    expect(loop.bench.store.instance(loop.id).status).toBe('completed')
    expect(loop.bench.store.pendingTimers()).toEqual([])
  })

  it('given a party who asks for a hearing, then the notice starts the hearing as a called instance of the same case, in the legal office', async () => {
    const hearing = await compiled('hearing.bpmn')
    const { bench, id } = await started(await compiled('case-with-hearing.bpmn'), '2025-09-30T09:00:00+08:00', {}, hearing)
    const decided = await complete(bench, bench.open('notice'), '2025-09-30T10:00:00+08:00', officer, { payload: { target: '某矿业公司', hearingRequested: true } })
    expect(kinds(decided.effects)).toEqual(['completeTask', 'insertInstance', 'openTasks', 'saveInstance', 'audit', 'openTasks', 'saveInstance', 'audit', 'taskCompleted'])
    expect(decided.effects[1]).toMatchObject({ instance: { definitionKey: 'hearing', businessKey: 'm1', departmentId: 'county-a', parentInstanceId: id } })
    bench.apply(decided)
    expect(bench.open('hearingReport')).toMatchObject({ departmentId: 'county-a.legal-office', businessKey: 'm1' })
    expect(bench.store.openTasks(id)).toEqual([])
  })
})
