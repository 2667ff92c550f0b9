/**
 * The engine as the app wires it: real forms, scopes from the department
 * tree, documents issued by steps, gate decisions, inbox, deadlines and
 * overdue notifications — on a procedure fixture with a legal review.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock, seedCalendar } from '../../engine/index.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { createDocumentService } from '../../app/services/documents/documents.server.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { listMatters, openTasksFor } from '../../app/services/workflow/inbox.server.ts'
import { notifyOverdue, overduePolicyFrom } from '../../app/services/workflow/deadlines.server.ts'
import { completeStep, taskPage, withdrawStep } from '../../app/services/workflow/tasks.server.ts'
import { liveDrafts, saveDraft } from '../../app/services/documents/drafts.server.ts'
import { matterView } from '../../app/services/matters/matter-view.server.ts'
import { reloadAppCalendar } from '../../app/services/workflow/calendar.server.ts'
import { Conflict, Forbidden } from '../../app/services/errors.ts'
import { InvalidInput } from '../../app/services/errors.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const fixture = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'review-loop.bpmn'), 'utf8')
const validPlan = JSON.parse(fs.readFileSync(path.join(root, 'forms', 'onsite-inspection-plan', 'examples', 'valid.json'), 'utf8')).payload

describeEachDatabase('a procedure with a legal review, run by the app', (ctx) => {
  const clock = new ManualClock('2025-09-29T10:00:00+08:00')
  const registry = loadRegistry()
  let matterId: string
  let workflow: ReturnType<typeof createWorkflow>
  const services = () => ({ db: ctx.db, clock, workflow, registry })

  beforeAll(async () => {
    reloadAppCalendar()
    await seedCalendar(ctx.db)
    await seedDemo(ctx.db, clock)
    const validator = createFormValidator(registry)
    const documents = createDocumentService({ db: ctx.db, registry, validator, renderer: createRenderer(noPdfConverter), clock, baseUrl: 'https://zhifa.example' })
    workflow = createWorkflow({ db: ctx.db, clock, registry, validator, documents: async () => documents })
    await workflow.deploy(fixture, null, { changeNote: 'test' })
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    const matter = await ctx.db.matter.create({
      data: {
        kind: 'inspection', number: '（伊县）应急检〔2025〕1号', title: '对恒泰煤业的现场检查', departmentId: county.id, departmentPath: county.path,
        organId: county.id, data: { definitionKey: 'review-loop' }, createdById: officer.actor.id, createdByName: officer.actor.displayName,
        createdAt: clock.now(), officers: { create: [{ userId: officer.actor.id, position: 'lead' }] },
      },
    })
    matterId = matter.id
    await workflow.start('review-loop', { businessKey: matter.id, departmentId: county.id }, officer.actor)
  })

  describe('Given the officer drafted the plan on Monday 29 September 2025', () => {
    it('should count the officer’s draft of the open step as live, its link opening the step', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const [step] = await openTasksFor(ctx.db, clock, officer.actor)
      await saveDraft(ctx.db, registry, clock, officer.actor, { formKey: 'onsite-inspection-plan', taskId: step!.taskId }, { title: '半' }, 0)
      expect(await liveDrafts(ctx.db, officer.actor.id)).toMatchObject([{ formKey: 'onsite-inspection-plan', href: `/tasks/${step!.taskId}` }])
    })

    it('should issue the numbered plan document with the step, in the organ’s name', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const [draft] = await openTasksFor(ctx.db, clock, officer.actor)
      expect(draft!.matter?.id).toBe(matterId)
      clock.set('2025-09-30T09:00:00+08:00')
      await completeStep(services(), officer.actor, draft!.taskId, { payload: JSON.stringify(validPlan) })
      const documents = await ctx.db.document.findMany({ where: { subjectType: 'matter', subjectId: matterId } })
      expect(documents).toHaveLength(1)
      expect(documents[0]!.number).toMatch(/^（伊县）应急检方〔2025〕1号$/)
    })

    it('should end the step’s draft with the step, logged, so the home page no longer counts it', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      expect(await ctx.db.formDraft.count({ where: { ownerId: officer.actor.id } })).toBe(0)
      expect(await liveDrafts(ctx.db, officer.actor.id)).toEqual([])
      expect(await ctx.db.auditEntry.count({ where: { action: 'draft.end', targetId: matterId } })).toBe(1)
    })

    it('should refuse to withdraw the step once its numbered document exists, and change nothing', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const done = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterId, status: 'completed' } })
      await expect(withdrawStep(services(), officer.actor, done.id)).rejects.toBeInstanceOf(Conflict)
      expect(await ctx.db.task.count({ where: { businessKey: matterId, status: 'open' } })).toBe(1)
      expect(await ctx.db.document.count({ where: { subjectId: matterId } })).toBe(1)
    })

    it('should give the county’s legal office the review, due 11 October (3 working days over National Day)', async () => {
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      const [review] = await openTasksFor(ctx.db, clock, legal.actor)
      expect(review).toMatchObject({ name: '法制审核', dueDate: '2025-10-11', overdue: false, remainingWorkingDays: 3 })
      const other = await serviceContextFor(ctx.db, clock, 'huocheng-legal')
      expect(await openTasksFor(ctx.db, clock, other.actor)).toEqual([])
    })

    it('should keep the matter out of another county’s reach: no list, search, count or page', async () => {
      for (const login of ['huocheng-officer', 'huocheng-deputy', 'huocheng-legal', 'huocheng-admin']) {
        const other = await serviceContextFor(ctx.db, clock, login)
        await expect(matterView(ctx.db, clock, other.ability, other.actor, matterId)).rejects.toBeInstanceOf(Forbidden)
        expect((await listMatters(ctx.db, other.ability, other.actor, {})).total).toBe(0)
        expect((await listMatters(ctx.db, other.ability, other.actor, { q: '恒泰' })).total).toBe(0)
        expect(await openTasksFor(ctx.db, clock, other.actor, { q: '恒泰' })).toEqual([])
      }
    })

    it('should show the matter to the county’s supervisor and heads and to those above them', async () => {
      for (const login of ['yining-supervisor', 'yining-deputy', 'yining-legal', 'ili-supervisor', 'ili-principal', 'region-principal']) {
        const reader = await serviceContextFor(ctx.db, clock, login)
        expect((await listMatters(ctx.db, reader.ability, reader.actor, { q: '恒泰' })).total, login).toBe(1)
      }
      const colleague = await serviceContextFor(ctx.db, clock, 'yining-officer2')
      expect((await listMatters(ctx.db, colleague.ability, colleague.actor, {})).total, 'an officer reads own matters only').toBe(0)
    })
  })

  describe('Given nobody reviewed by the deadline', () => {
    it('should show the review overdue on 12 October and notify the legal reviewers, then the heads a day later', async () => {
      clock.set('2025-10-11T18:00:00+08:00')
      await notifyOverdue(ctx.db, clock, overduePolicyFrom(workflow))
      expect(await ctx.db.notification.count()).toBe(0)
      clock.set('2025-10-12T08:00:00+08:00')
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      const [review] = await openTasksFor(ctx.db, clock, legal.actor)
      expect(review!.overdue).toBe(true)
      await notifyOverdue(ctx.db, clock, overduePolicyFrom(workflow))
      await notifyOverdue(ctx.db, clock, overduePolicyFrom(workflow)) // idempotent
      const first = await ctx.db.notification.findMany({ select: { userId: true, kind: true } })
      expect(first.map((n) => n.userId).sort()).toEqual(['user-yining-legal', 'user-yining-legal2'])
      clock.set('2025-10-13T08:00:00+08:00')
      await notifyOverdue(ctx.db, clock, overduePolicyFrom(workflow))
      const escalated = await ctx.db.notification.findMany({ where: { kind: 'task-overdue-escalated' }, select: { userId: true } })
      expect(escalated.map((n) => n.userId).sort()).toEqual(['user-yining-deputy', 'user-yining-principal'])
    })
  })

  describe('When the reviewer returns the plan', () => {
    it('should refuse a return without a reason, and change nothing', async () => {
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      const [review] = await openTasksFor(ctx.db, clock, legal.actor)
      await expect(completeStep(services(), legal.actor, review!.taskId, { outcome: 'return', comment: '  ' })).rejects.toBeInstanceOf(InvalidInput)
      expect((await ctx.db.task.findUniqueOrThrow({ where: { id: review!.taskId } })).status).toBe('open')
    })

    it('should send the plan back to its drafter with the reason, and record no gate', async () => {
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      const [review] = await openTasksFor(ctx.db, clock, legal.actor)
      await completeStep(services(), legal.actor, review!.taskId, { outcome: 'return', comment: '检查内容与专项检查方案不符' })
      expect(await ctx.db.matterGate.count({ where: { matterId } })).toBe(0)
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const [redo] = await openTasksFor(ctx.db, clock, officer.actor)
      const page = await taskPage(services(), officer.actor, officer.ability, redo!.taskId)
      expect(page.returnedFrom?.comment).toBe('检查内容与专项检查方案不符')
      expect(page.form?.initialData).toMatchObject({ party: validPlan.party })
      const colleague = await serviceContextFor(ctx.db, clock, 'yining-officer2')
      expect(await openTasksFor(ctx.db, clock, colleague.actor)).toEqual([])
    })
  })

  describe('When the reviewer approves the second draft', () => {
    it('should record the gate decision and show the whole story on the timeline', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const [redo] = await openTasksFor(ctx.db, clock, officer.actor)
      await completeStep(services(), officer.actor, redo!.taskId, { payload: JSON.stringify(validPlan) })
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      const [review] = await openTasksFor(ctx.db, clock, legal.actor)
      await completeStep(services(), legal.actor, review!.taskId, { outcome: 'approve' })
      const gate = await ctx.db.matterGate.findUniqueOrThrow({ where: { matterId_gate: { matterId, gate: 'case-review' } } })
      expect(gate).toMatchObject({ outcome: 'approve', decidedById: legal.actor.id })
      const view = await matterView(ctx.db, clock, officer.ability, officer.actor, matterId)
      const kinds = view.timeline.map((e) => e.kind)
      expect(kinds.filter((k) => k === 'document')).toHaveLength(2)
      expect(kinds).toContain('returned')
      expect(kinds).toContain('gate')
      expect(view.openTasks).toEqual([])
    })
  })
})
