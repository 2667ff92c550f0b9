import { describe, expect, it } from 'vitest'
import { ExpressionFailed } from '../errors.ts'
import { compiled, DecisionBench, person } from '../test/decisions.ts'
import { decideStart } from './start.ts'

const officer = person('officer-1', 'officer')

describe('starting a case is decided without a database', () => {
  it('given the plan approval procedure, when a case is started on 30 September 2025, then the draft opens due 10 October (after National Day) with its due timer and its 10-day boundary timer, and the start is stored and logged', async () => {
    const definition = await compiled('plan-approval.bpmn')
    const bench = new DecisionBench(definition)
    const decided = await decideStart({ definition, command: { businessKey: 'm1', departmentId: 'county-a', variables: { target: '某化工公司' } }, calls: {} }, bench.at('2025-09-30T10:00:00+08:00', officer))
    expect(decided.effects.map((e) => e.kind)).toEqual(['insertInstance', 'openTasks', 'armTimers', 'saveInstance', 'audit'])
    const id = decided.result.instance.id
    expect(decided.effects[0]).toMatchObject({ instance: { id, definitionKey: 'plan-approval', businessKey: 'm1', departmentId: 'county-a', startedById: 'officer-1', parentInstanceId: null } })
    expect(decided.effects[1]).toMatchObject({ tasks: [{ elementId: 'draft', scope: 'case-department', dueDate: '2025-10-10', dueProvisional: false, assigneeId: null }] })
    const timers = decided.effects[2]!.kind === 'armTimers' ? decided.effects[2]!.timers : []
    expect(timers.map((t) => [t.kind, t.elementId, t.dueAt.toISOString()])).toEqual([
      ['boundary', 'draftLate', '2025-10-10T02:00:00.000Z'],
      ['due', 'draft', '2025-10-10T16:00:00.000Z'],
    ])
    expect(decided.effects[3]).toMatchObject({ kind: 'saveInstance', instanceId: id, revision: 0, ended: false })
    expect(decided.effects[4]).toMatchObject({ entry: { actor: officer, action: 'process.start', targetId: id, detail: { definitionKey: 'plan-approval', version: 1, businessKey: 'm1', parentInstanceId: null } } })
    // The starter and the variables are the instance's from the start; nothing of bpmn-engine is stored but its state.
    expect(decided.result.instance.variables).toMatchObject({ target: '某化工公司', zf: { starter: 'officer-1', performers: {} } })

    bench.apply(decided)
    expect(bench.store.instance(id)).toMatchObject({ revision: 1, status: 'running', armedTimers: JSON.stringify([timers[0]!.executionId]) })
    expect(bench.open('draft')).toMatchObject({ departmentId: 'county-a', dueDate: '2025-10-10' })
  })

  it('given a deadline the case’s data sets, then it is counted from that data; without the data the start fails, unless the caller opens the step undated (the simulation)', async () => {
    const definition = await compiled('deadline-extension.bpmn')
    const bench = new DecisionBench(definition)
    const at = '2025-09-30T10:00:00+08:00'
    const filed = await decideStart({ definition, command: { departmentId: 'county-a', variables: { filed: '2025-09-30' } }, calls: {} }, bench.at(at, officer))
    expect(filed.effects.find((e) => e.kind === 'openTasks')).toMatchObject({ tasks: [{ elementId: 'decide', dueDate: '2025-12-29' }, { elementId: 'review', dueDate: '2025-10-11' }] })

    await expect(decideStart({ definition, command: { departmentId: 'county-a' }, calls: {} }, bench.at(at, officer))).rejects.toThrow(ExpressionFailed)
    const unknown: string[] = []
    const undated = await decideStart({ definition, command: { departmentId: 'county-a' }, calls: {} }, { ...bench.at(at, officer), dueUnknown: (step, error) => unknown.push(`${step.elementId}: ${error.expression}`) })
    expect(undated.effects.find((e) => e.kind === 'openTasks')).toMatchObject({ tasks: [{ elementId: 'decide', dueDate: null }, { elementId: 'review', dueDate: '2025-10-11' }] })
    expect(unknown).toEqual([expect.stringMatching(/^decide: = if caseDeadline = null/)])
  })

  it('pins the versions of the processes a case calls when it starts', async () => {
    const definition = await compiled('case-with-hearing.bpmn')
    const bench = new DecisionBench(definition)
    const decided = await decideStart({ definition, command: { departmentId: 'county-a' }, calls: { hearing: 'hearing@3' } }, bench.at('2025-09-30T10:00:00+08:00', officer))
    expect(decided.result.instance.variables.zf.calls).toEqual({ hearing: 'hearing@3' })
    const saved = decided.effects.find((e) => e.kind === 'saveInstance')
    expect(saved?.kind === 'saveInstance' && JSON.parse(saved.variables).zf.calls).toEqual({ hearing: 'hearing@3' })
  })
})
