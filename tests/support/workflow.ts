/**
 * The procedures as the app runs them, for scenario tests: a demo-seeded
 * database with the working-day calendar, the real forms registry and
 * validator, the real scopes and gates, a documents service without
 * LibreOffice, and every definition of definitions/ deployed. Helpers act as
 * demo users by login name and fill forms from their examples.
 */
import path from 'node:path'
import { expect } from 'vitest'
import type { Db } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'
import { seedCalendar, type ActiveVersion, type ManualClock, type TaskView, type WorkflowEngine } from '../../engine/index.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { syncFormVersions } from '../../app/services/documents/form-versions.server.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { openMatter, type OpenMatterInput } from '../../app/services/matters/matters.server.ts'
import { confirmMinutes, minutesForCompletion, recordMinutes, type Vote } from '../../app/services/workflow/committee.server.ts'
import { documentService } from './documents.ts'
import { serviceContextFor } from './actors.ts'

export const definitionsDir = path.resolve(import.meta.dirname, '..', '..', 'definitions')
export const registry = loadRegistry()
const validator = createFormValidator(registry)

/** The example payload of a form, with some fields replaced. */
export function example(formKey: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(validExample(registry.get(formKey)).payload as Record<string, unknown>), ...changes }
}

/** An approval-form payload for an outcome, signed by the actor. */
export function opinion(actor: Actor, outcome: string, text: string, date: string): Record<string, unknown> {
  return { decision: ['return', 'reject'].includes(outcome) ? outcome : 'approve', opinion: text, approverName: actor.displayName, date }
}

export interface Procedures {
  db: Db
  clock: ManualClock
  workflow: WorkflowEngine
  /** The demo user's actor. */
  as(loginName: string): Promise<Actor>
  /** Opens a matter as the user, which starts its procedure; `party` names a demo regulated entity. */
  open(loginName: string, input: OpenMatterInput & { party?: string }): Promise<{ matterId: string; instanceId: string }>
  /** The one open task of this element in the instance (or its called instances) that the user may act on. */
  taskOf(loginName: string, instanceId: string, elementId: string): Promise<TaskView>
  /**
   * Completes that task. The payload defaults to the form's example (an opinion for approval steps);
   * the clock moves on by a minute first, as it does between two people's actions.
   */
  act(loginName: string, instanceId: string, elementId: string, input?: { payload?: Record<string, unknown>; outcome?: string; comment?: string }): Promise<TaskView>
  /**
   * A case committee meets on the open committeeDecision step: the recorder records the minutes (the form's
   * example) with these attendees' votes and the chair, then each attendee in `confirmedBy` (all by default)
   * confirms. `act` on the step then submits the confirmed minutes.
   */
  meet(instanceId: string, meeting: { recorder: string; chair: string; votes: Record<string, Vote>; confirmedBy?: string[] }): Promise<TaskView>
  /** Each document of the matter as [form key, number] (null for an unnumbered 笔录), in issue order. */
  documents(matterId: string): Promise<Array<[form: string, number: string | null]>>
  /** Renders every pending document's files, as the server's render loop does after commit (ADR 028). */
  renderPending(): Promise<void>
  gates(matterId: string): Promise<string[]>
  /** Open tasks of the instance and its called instances: [elementId, role, department code, due date]. */
  openTasks(instanceId: string): Promise<Array<[string, string, string, string | null]>>
}

/** `activeVersion`: which version new instances start (a server process's catalog, e.g. `activeVersionOf(catalog)`); absent: the newest deployed. */
export async function prepareProcedures(db: Db, clock: ManualClock, options: { activeVersion?: ActiveVersion } = {}): Promise<Procedures> {
  await seedDemo(db, clock)
  await seedCalendar(db, { clock })
  await syncFormVersions(db, registry, clock)
  const documents = documentService(db, noPdfConverter, clock, registry)
  const workflow = createWorkflow({ db, clock, registry, validator, documents: async () => documents, activeVersion: options.activeVersion })
  const deployment = await workflow.deployDirectory(definitionsDir)
  expect(deployment.refused).toEqual([])

  const actors = new Map<string, Actor>()
  const as = async (loginName: string) => {
    if (!actors.has(loginName)) actors.set(loginName, (await serviceContextFor(db, clock, loginName)).actor)
    return actors.get(loginName)!
  }
  const family = async (instanceId: string) => [instanceId, ...(await db.processInstance.findMany({ where: { parentInstanceId: instanceId }, select: { id: true } })).map((i) => i.id)]

  const taskOf = async (loginName: string, instanceId: string, elementId: string) => {
    const ids = await family(instanceId)
    const tasks = (await workflow.tasksFor(await as(loginName))).filter((t) => ids.includes(t.instanceId) && t.elementId === elementId)
    expect(tasks.map((t) => t.elementId), `${loginName} should have exactly one open ${elementId}`).toEqual([elementId])
    return tasks[0]!
  }

  return {
    db, clock, workflow, as, taskOf,
    async open(loginName, { party, ...input }) {
      if (party) input.partyId = (await db.regulatedEntity.findFirstOrThrow({ where: { name: party }, select: { id: true } })).id
      const actor = await as(loginName)
      // Inspections and cases need two officers: by default a colleague of the same organ joins.
      const colleague = input.officerIds ? null : await db.user.findFirst({
        where: { id: { not: actor.id }, status: 'active', roles: { some: { role: 'officer', department: { organId: actor.organId } } } },
        orderBy: { loginName: 'asc' }, select: { id: true },
      })
      const { matter, instanceId } = await openMatter({ db, clock, workflow }, actor, { ...input, officerIds: input.officerIds ?? (colleague ? [colleague.id] : []) })
      return { matterId: matter.id, instanceId }
    },
    async act(loginName, instanceId, elementId, input = {}) {
      clock.advance({ minutes: 1 })
      const actor = await as(loginName)
      const task = await taskOf(loginName, instanceId, elementId)
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(clock.now())
      const payload = input.payload ?? (task.form === 'committee-minutes' ? await minutesForCompletion(db, task.id) : task.form === 'approval' ? opinion(actor, input.outcome ?? 'approve', { return: '请补充完善后重新报送。', reject: '不予批准。' }[input.outcome ?? ''] ?? '同意。', today) : example(task.form))
      return workflow.complete(task.id, { payload, outcome: input.outcome, comment: input.comment }, actor)
    },
    async meet(instanceId, { recorder, chair, votes, confirmedBy }) {
      clock.advance({ minutes: 1 })
      const task = await taskOf(recorder, instanceId, 'committeeDecision')
      const ids = async (login: string) => (await as(login)).id
      await recordMinutes({ db, clock, registry }, await as(recorder), task.id, {
        payload: example('committee-minutes'),
        attendance: { chairId: await ids(chair), attendees: await Promise.all(Object.entries(votes).map(async ([login, vote]) => ({ userId: await ids(login), vote, opinion: vote === '同意' ? '同意审理决定。' : '本人另有意见。' }))) },
      })
      for (const login of confirmedBy ?? Object.keys(votes)) {
        clock.advance({ minutes: 1 })
        await confirmMinutes({ db, clock }, await as(login), task.id)
      }
      return task
    },
    async renderPending() {
      while ((await documents.renders.drain(100)).rendered > 0) { /* until none is left */ }
    },
    async documents(matterId) {
      const rows = await db.document.findMany({ where: { subjectType: 'matter', subjectId: matterId }, orderBy: [{ issuedAt: 'asc' }, { seq: 'asc' }], select: { formKey: true, number: true } })
      return rows.map((r) => [r.formKey, r.number])
    },
    async gates(matterId) {
      return (await db.matterGate.findMany({ where: { matterId }, orderBy: { gate: 'asc' } })).map((g) => g.gate)
    },
    async openTasks(instanceId) {
      const ids = await family(instanceId)
      const tasks = await db.task.findMany({ where: { instanceId: { in: ids }, status: 'open' }, orderBy: { createdAt: 'asc' } })
      const departments = new Map((await db.department.findMany({ select: { id: true, code: true } })).map((d) => [d.id, d.code]))
      return tasks.map((t) => [t.elementId, t.role, departments.get(t.departmentId ?? '') ?? '', t.dueDate])
    },
  }
}
