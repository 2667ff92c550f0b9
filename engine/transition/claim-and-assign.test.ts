import { describe, expect, it } from 'vitest'
import { Conflict } from '../errors.ts'
import { toTaskView, type TaskRow } from '../task-view.ts'
import type { Actor } from '../actor.ts'
import { decideAssign } from './assign.ts'
import { decideClaim } from './claim.ts'

const now = new Date('2026-03-02T09:00:00+08:00')
const grant = { role: 'officer', departmentId: 'county-a', departmentPath: '/county-a/', organId: 'county-a', organPath: '/county-a/' }
const officer: Actor = { id: 'officer-1', loginName: 'officer-1', displayName: '王警官', departmentId: 'county-a', departmentPath: '/county-a/', organId: 'county-a', roles: [grant] }
const row: TaskRow = {
  id: 't1', instanceId: 'i1', executionId: 'draft_1', elementId: 'draft', name: '起草', definitionKey: 'review-loop', businessKey: 'm1',
  form: 'onsite-inspection-plan', role: 'officer', scope: 'case-department', departmentId: 'county-a', assigneeId: null, gate: null, status: 'open',
  createdAt: now, dueDate: null, dueAt: null, dueProvisional: false, dueFrom: null, completedById: null, completedByName: null, completedAt: null,
  payload: null, formVersion: null, outcome: null, comment: null, cancelReason: null,
}

describe('claiming and transferring a task are decided without a database', () => {
  it('given an unassigned open task, when the officer claims it, then it is theirs and the claim is logged', () => {
    const { result, effects } = decideClaim(toTaskView(row, now), officer)
    expect(result.assigneeId).toBe('officer-1')
    expect(effects).toEqual([
      { kind: 'assignTask', taskId: 't1', instanceId: 'i1', from: null, to: 'officer-1' },
      { kind: 'audit', entry: { actor: officer, action: 'task.claim', targetType: 'Task', targetId: 't1', detail: { instanceId: 'i1', elementId: 'draft' } } },
    ])
  })

  it('given a task someone already holds, when another claims it, then it is a conflict and nothing is decided', () => {
    expect(() => decideClaim(toTaskView({ ...row, assigneeId: 'officer-2' }, now), officer)).toThrow(Conflict)
  })

  it('given a held task, when it is transferred with a comment, then the transfer names who had it and who gets it', () => {
    const { result, effects } = decideAssign(toTaskView({ ...row, assigneeId: 'officer-1' }, now), { userId: 'officer-2', comment: '出差' }, officer)
    expect(result.assigneeId).toBe('officer-2')
    expect(effects[0]).toEqual({ kind: 'assignTask', taskId: 't1', instanceId: 'i1', from: 'officer-1', to: 'officer-2' })
    expect(effects[1]).toMatchObject({ kind: 'audit', entry: { action: 'task.assign', detail: { from: 'officer-1', to: 'officer-2', comment: '出差' } } })
  })
})
