/**
 * Entering a year of the working-day calendar, as the app does it: a step
 * opened on 29 December 2026 with 3 working days is due 4 January 2027 on
 * the provisional calendar (暂定); entering the 2027 schedule with Saturday
 * 2 January as a make-up working day moves it to 2 January in one audited
 * operation, tells its assignee, and every process sees the new version.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock, seedCalendar, type YearSchedule } from '../../engine/index.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { createDocumentService } from '../../app/services/documents/documents.server.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { completeStep } from '../../app/services/workflow/tasks.server.ts'
import { appCalendar, reloadAppCalendar } from '../../app/services/workflow/calendar.server.ts'
import { nextYearMissing, previewSchedule, saveSchedule, ScheduleRefused } from '../../app/services/workflow/calendar-years.server.ts'
import { isWorkingDay } from '../../engine/index.ts'
import { homePanels } from '../../app/services/home.server.ts'
import { navigationFor } from '../../app/services/navigation.server.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const fixture = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'review-loop.bpmn'), 'utf8')
const validPlan = JSON.parse(fs.readFileSync(path.join(root, 'forms', 'onsite-inspection-plan', 'examples', 'valid.json'), 'utf8')).payload

const schedule2027: YearSchedule = {
  year: 2027, noticeNumber: '国办发明电〔2026〕99号（测试）', noticeDate: '2026-11-20',
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }, { name: '春节', from: '2027-02-05', to: '2027-02-11' }],
  workdays: [{ name: '元旦', date: '2027-01-02' }],
}

describeEachDatabase('a year entered in the working-day calendar moves the open steps’ due dates', (ctx) => {
  const clock = new ManualClock('2026-12-29T09:00:00+08:00')
  const registry = loadRegistry()
  let workflow: ReturnType<typeof createWorkflow>
  /** The same app in another process: it loaded the calendar before the year was entered. */
  let otherProcess: ReturnType<typeof createWorkflow>
  let reviewId: string
  /** A review nobody took yet: its pool is told. */
  let poolReviewId: string
  let matterIds: string[] = []
  const services = () => ({ db: ctx.db, clock, workflow, registry })

  beforeAll(async () => {
    reloadAppCalendar()
    await seedCalendar(ctx.db)
    await seedDemo(ctx.db, clock)
    const validator = createFormValidator(registry)
    const documents = createDocumentService({ db: ctx.db, registry, validator, renderer: createRenderer(noPdfConverter), clock, baseUrl: 'https://zhifa.example' })
    workflow = createWorkflow({ db: ctx.db, clock, registry, validator, documents: async () => documents })
    otherProcess = createWorkflow({ db: ctx.db, clock, registry, validator, documents: async () => documents })
    await workflow.deploy(fixture, null, { changeNote: 'test' })
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    matterIds = []
    for (const n of [1, 2, 3]) {
      const matter = await ctx.db.matter.create({
        data: {
          kind: 'inspection', number: `（伊县）应急检〔2026〕9${n}号`, title: `对恒泰煤业的现场检查 ${n}`, departmentId: county.id, departmentPath: county.path,
          organId: county.id, data: { definitionKey: 'review-loop' }, createdById: officer.actor.id, createdByName: officer.actor.displayName,
          createdAt: clock.now(), officers: { create: [{ userId: officer.actor.id, position: 'lead' }] },
        },
      })
      matterIds.push(matter.id)
      await (n === 2 ? otherProcess : workflow).start('review-loop', { businessKey: matter.id, departmentId: county.id }, officer.actor)
    }
  })

  describe('Given the 2027 schedule is not entered', () => {
    it('a legal review sent on 29 December 2026 is due 4 January 2027, marked provisional', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const draft = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[0], status: 'open' } })
      await completeStep(services(), officer.actor, draft.id, { payload: JSON.stringify(validPlan) })
      const review = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[0], status: 'open' } })
      expect(review).toMatchObject({ name: '法制审核', dueDate: '2027-01-04', dueProvisional: true })
      reviewId = review.id
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      await workflow.claim(reviewId, legal.actor)
      const other = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[2], status: 'open' } })
      await completeStep(services(), officer.actor, other.id, { payload: JSON.stringify(validPlan) })
      poolReviewId = (await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[2], status: 'open' } })).id
      expect(isWorkingDay(await appCalendar(ctx.db), '2027-01-02')).toBe(false)
    })

    it('from 1 November the region’s administrators are warned on their home page, not before; a county administrator has no calendar page', async () => {
      expect(await nextYearMissing(ctx.db, new Date('2026-10-31T12:00:00+08:00'))).toBeNull()
      expect(await nextYearMissing(ctx.db, new Date('2026-11-01T08:00:00+08:00'))).toBe(2027)
      const warningsOn = async (login: string, at: string) => {
        const moved = new ManualClock(at)
        const { actor, ability } = await serviceContextFor(ctx.db, moved, login)
        const panels = await homePanels(ctx.db, moved, actor, ability, new Map())
        return panels.find((p) => p.role === 'system-admin')!.warnings
      }
      expect(await warningsOn('region-admin', '2026-10-31T18:00:00+08:00')).toEqual([])
      expect(await warningsOn('region-admin', '2026-11-02T09:00:00+08:00')).toEqual([
        { href: '/admin/calendar', text: expect.stringContaining('2027 年节假日安排尚未录入') },
      ])
      expect(await warningsOn('yining-admin', '2026-11-02T09:00:00+08:00')).toEqual([])
      const region = await serviceContextFor(ctx.db, clock, 'region-admin')
      const county = await serviceContextFor(ctx.db, clock, 'yining-admin')
      expect(navigationFor(region.ability).map((i) => i.label)).toContain('工作日历')
      expect(navigationFor(county.ability).map((i) => i.label)).not.toContain('工作日历')
    })
  })

  describe('When the administrator enters 2027 with Saturday 2 January as a make-up working day', () => {
    it('a schedule with a problem is refused in Chinese and changes nothing', async () => {
      const bad = { ...schedule2027, workdays: [{ name: '元旦', date: '2027-01-01' }] }
      await expect(saveSchedule(ctx.db, workflow, clock, null, bad, { source: 'admin' })).rejects.toThrow(ScheduleRefused)
      await expect(saveSchedule(ctx.db, workflow, clock, null, bad, { source: 'admin' })).rejects.toThrow(/同时被列为放假和调休上班/)
      expect(await ctx.db.calendarYear.count({ where: { year: 2027 } })).toBe(0)
      expect(await ctx.db.task.findUniqueOrThrow({ where: { id: reviewId } })).toMatchObject({ dueDate: '2027-01-04' })
    })

    it('the preview shows the review moving to 2 January before anything is saved', async () => {
      const moves = await previewSchedule(ctx.db, workflow, schedule2027)
      expect(moves).toEqual(expect.arrayContaining([
        expect.objectContaining({ taskId: reviewId, name: '法制审核', from: '2027-01-04', to: '2027-01-02', provisional: false, moved: true }),
        expect.objectContaining({ taskId: poolReviewId, from: '2027-01-04', to: '2027-01-02' }),
      ]))
      expect(moves).toHaveLength(2)
      expect(await ctx.db.task.findUniqueOrThrow({ where: { id: reviewId } })).toMatchObject({ dueDate: '2027-01-04', dueProvisional: true })
    })

    it('saving moves the due dates and their timers to 2 January, notifies the assignee (or the pool of an untaken step), and audits one version', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'region-admin')
      const result = await saveSchedule(ctx.db, workflow, clock, admin.actor, schedule2027, { source: 'admin', note: '测试录入' })
      expect(result.moved.map((m) => [m.taskId, m.from, m.to]).sort()).toEqual([[reviewId, '2027-01-04', '2027-01-02'], [poolReviewId, '2027-01-04', '2027-01-02']].sort())
      expect(await ctx.db.task.findUniqueOrThrow({ where: { id: reviewId } })).toMatchObject({ dueDate: '2027-01-02', dueProvisional: false, dueAt: new Date('2027-01-03T00:00:00+08:00') })
      expect(await ctx.db.timer.findMany({ where: { executionId: reviewId, kind: 'due', status: 'pending' } })).toEqual([expect.objectContaining({ dueAt: new Date('2027-01-03T00:00:00+08:00') })])
      const legal = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-legal' } })
      const legal2 = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-legal2' } })
      const notes = await ctx.db.notification.findMany({ where: { kind: 'task-due-moved' } })
      expect(notes.filter((n) => n.link === `/tasks/${reviewId}`)).toEqual([expect.objectContaining({ userId: legal.id, title: '「法制审核」的期限已调整为 2027-01-02' })])
      expect(notes.filter((n) => n.link === `/tasks/${poolReviewId}`).map((n) => n.userId).sort()).toEqual([legal.id, legal2.id].sort())
      expect(await ctx.db.calendarYear.findUniqueOrThrow({ where: { year: 2027 } })).toMatchObject({ noticeNumber: '国办发明电〔2026〕99号（测试）', noticeDate: '2026-11-20', version: result.version })
      const audits = await ctx.db.auditEntry.findMany({ where: { action: { in: ['calendar.year', 'calendar.recompute'] } }, orderBy: { seq: 'asc' } })
      expect(audits.map((a) => a.action)).toEqual(['calendar.year', 'calendar.recompute'])
      expect(await nextYearMissing(ctx.db, clock.now())).toBeNull()
    })

    it('the app and another process see the new version without a restart, within a second', async () => {
      expect(isWorkingDay(await appCalendar(ctx.db), '2027-01-02')).toBe(true)
      // The other process looks at the calendar's version at most once a second (real time).
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const draft = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[1], status: 'open' } })
      await completeStep({ ...services(), workflow: otherProcess }, officer.actor, draft.id, { payload: JSON.stringify(validPlan) })
      expect(await ctx.db.task.findFirstOrThrow({ where: { businessKey: matterIds[1], status: 'open' } })).toMatchObject({ dueDate: '2027-01-02', dueProvisional: false })
    })

    it('entering the same schedule again moves nothing and notifies nobody', async () => {
      const result = await saveSchedule(ctx.db, workflow, clock, null, schedule2027, { source: 'admin' })
      expect(result).toMatchObject({ moved: [], changedDays: 0 })
      expect(await ctx.db.notification.count({ where: { kind: 'task-due-moved' } })).toBe(3)
    })
  })
})
