import { describe, expect, it } from 'vitest'
import { Conflict } from '../errors.ts'
import { calendar, compiled, DecisionBench, person } from '../test/decisions.ts'
import { decideExtendDeadline } from './extend-deadline.ts'
import { decideStart } from './start.ts'

const officer = person('officer-1', 'officer')
const head = person('head-1', 'principal-head')

describe('extending a case’s deadline is decided without a database (行政处罚法第六十条)', () => {
  it('given a case filed on 2 March 2026, when its deadline is extended to 31 July, then only the decision moves, with a new due timer, and the stale revision is refused', async () => {
    const definition = await compiled('deadline-extension.bpmn')
    const bench = new DecisionBench(definition)
    const { instance } = bench.apply(await decideStart({ definition, command: { departmentId: 'county-a', variables: { filed: '2026-03-02' } }, calls: {} }, bench.at('2026-03-02T09:00:00+08:00', officer)))
    const stored = bench.store.instance(instance.id)
    const extend = (expectedRevision: number) => decideExtendDeadline(
      { stored, openTasks: bench.store.openTasks(), dueOf: (id) => definition.model.userTasks[id]?.due ?? null, command: { set: { caseDeadline: '2026-07-31' }, expectedRevision, reason: '检测报告未出具' }, actor: head },
      { now: new Date('2026-05-20T10:00:00+08:00'), calendar: () => calendar, newId: () => 'timer-2' },
    )
    expect(() => extend(stored.revision - 1)).toThrow(Conflict)
    const decided = extend(stored.revision)
    const decide = bench.open('decide')
    expect(decided.effects.map((e) => e.kind)).toEqual(['moveDue', 'saveInstance', 'audit'])
    expect(decided.effects[0]).toMatchObject({ taskId: decide.id, dueDate: '2026-07-31', timer: { id: 'timer-2', kind: 'due', executionId: decide.id, dueAt: new Date('2026-08-01T00:00:00+08:00') } })
    expect(decided.result).toMatchObject({ revision: stored.revision + 1, changes: [{ elementId: 'decide', from: { dueDate: '2026-05-31' }, to: { dueDate: '2026-07-31' } }] })

    bench.apply(decided)
    expect(bench.store.pendingTimers().filter((t) => t.kind === 'due').map((t) => [t.elementId, t.dueAt.toISOString()])).toEqual([
      ['review', new Date('2026-03-06T00:00:00+08:00').toISOString()],
      ['decide', new Date('2026-08-01T00:00:00+08:00').toISOString()],
    ])
    expect(JSON.parse(bench.store.instance(instance.id).variables)).toMatchObject({ filed: '2026-03-02', caseDeadline: '2026-07-31' })
  })
})
