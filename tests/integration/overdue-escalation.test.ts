/**
 * What happens when a review step's deadline passes is the step's own
 * (issue 13 part 3; ADR 041): zf:overdue="remind" tells only the legal
 * reviewers who must act, "report" tells them and the county's heads at
 * once, and a step without the attribute keeps the shipped rule (the heads a
 * day later). The same legal review (review-loop.bpmn) is deployed three
 * ways; the clock moves past its deadline.
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
import { openTasksFor } from '../../app/services/workflow/inbox.server.ts'
import { notifyOverdue, overduePolicyFrom } from '../../app/services/workflow/deadlines.server.ts'
import { completeStep } from '../../app/services/workflow/tasks.server.ts'
import { reloadAppCalendar } from '../../app/services/workflow/calendar.server.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const reviewLoop = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'review-loop.bpmn'), 'utf8')
const validPlan = JSON.parse(fs.readFileSync(path.join(root, 'forms', 'onsite-inspection-plan', 'examples', 'valid.json'), 'utf8')).payload

/** The fixture as its own procedure, its legal review carrying zf:overdue (or not). */
function reviewLoopWith(key: string, overdue: 'remind' | 'report' | null): string {
  const xml = reviewLoop.replaceAll('review-loop', key)
  return overdue ? xml.replace('zf:due="3 working days"', `zf:due="3 working days" zf:overdue="${overdue}"`) : xml
}

describeEachDatabase('who is told when a review step is overdue, as the step says', (ctx) => {
  const clock = new ManualClock('2025-09-29T10:00:00+08:00')
  const registry = loadRegistry()
  let workflow: ReturnType<typeof createWorkflow>
  const reviews: Record<'shipped' | 'remind' | 'report', string> = { shipped: '', remind: '', report: '' }
  const logins = new Map<string, string>()

  /** [kind, login] of the notifications about one task, sorted. */
  const toldAbout = async (taskId: string) => {
    const rows = await ctx.db.notification.findMany({ where: { OR: [{ dedupeKey: { startsWith: `overdue:${taskId}:` } }, { dedupeKey: { startsWith: `escalated:${taskId}:` } }] } })
    return rows.map((n) => `${n.kind} ${logins.get(n.userId)}`).sort()
  }
  const run = () => notifyOverdue(ctx.db, clock, overduePolicyFrom(workflow))

  beforeAll(async () => {
    reloadAppCalendar()
    await seedCalendar(ctx.db)
    await seedDemo(ctx.db, clock)
    for (const u of await ctx.db.user.findMany({ select: { id: true, loginName: true } })) logins.set(u.id, u.loginName)
    const validator = createFormValidator(registry)
    const documents = createDocumentService({ db: ctx.db, registry, validator, renderer: createRenderer(noPdfConverter), clock, baseUrl: 'https://zhifa.example' })
    workflow = createWorkflow({ db: ctx.db, clock, registry, validator, documents: async () => documents })
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    const services = { db: ctx.db, clock, workflow, registry }
    for (const [name, overdue] of [['shipped', null], ['remind', 'remind'], ['report', 'report']] as const) {
      const key = `review-overdue-${name}`
      await workflow.deploy(reviewLoopWith(key, overdue), null, { changeNote: 'test' })
      clock.set('2025-09-29T10:00:00+08:00')
      const matter = await ctx.db.matter.create({
        data: {
          kind: 'inspection', number: `（伊县）应急检〔2025〕${Object.keys(reviews).indexOf(name) + 1}号`, title: `逾期处理（${name}）`, departmentId: county.id, departmentPath: county.path,
          organId: county.id, data: { definitionKey: key }, createdById: officer.actor.id, createdByName: officer.actor.displayName,
          createdAt: clock.now(), officers: { create: [{ userId: officer.actor.id, position: 'lead' }] },
        },
      })
      const instanceId = await workflow.start(key, { businessKey: matter.id, departmentId: county.id }, officer.actor)
      const draft = (await ctx.db.task.findFirstOrThrow({ where: { instanceId, elementId: 'draft', status: 'open' } })).id
      clock.set('2025-09-30T09:00:00+08:00')
      await completeStep(services, officer.actor, draft, { payload: JSON.stringify(validPlan) })
      reviews[name] = (await ctx.db.task.findFirstOrThrow({ where: { instanceId, elementId: 'review', status: 'open' } })).id
    }
  }, 120_000)

  describe('Given three legal reviews sent on 30 September 2025, due 11 October', () => {
    it('should read each step’s setting from its definition', async () => {
      expect(await Promise.all(Object.values(reviews).map(async (id) => (await workflow.step(id)).overdue))).toEqual([null, 'remind', 'report'])
      const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
      expect((await openTasksFor(ctx.db, clock, legal.actor)).map((t) => t.dueDate)).toEqual(['2025-10-11', '2025-10-11', '2025-10-11'])
    })

    it('should tell nobody on the last day', async () => {
      clock.set('2025-10-11T18:00:00+08:00')
      await run()
      expect(await ctx.db.notification.count()).toBe(0)
    })

    it('when the deadline has passed, should tell the county’s legal reviewers of every step, and the county’s heads at once only for report', async () => {
      clock.set('2025-10-12T08:00:00+08:00')
      await run()
      await run() // idempotent
      const reviewers = ['task-overdue yining-legal', 'task-overdue yining-legal2']
      expect(await toldAbout(reviews.shipped)).toEqual(reviewers)
      expect(await toldAbout(reviews.remind)).toEqual(reviewers)
      expect(await toldAbout(reviews.report)).toEqual([...reviewers, 'task-overdue-escalated yining-deputy', 'task-overdue-escalated yining-principal'].sort())
    })

    it('a day later, should report the step without the setting to the heads as before, and still not the remind-only step', async () => {
      clock.set('2025-10-13T08:00:00+08:00')
      await run()
      const reviewers = ['task-overdue yining-legal', 'task-overdue yining-legal2']
      const heads = ['task-overdue-escalated yining-deputy', 'task-overdue-escalated yining-principal']
      expect(await toldAbout(reviews.shipped)).toEqual([...reviewers, ...heads].sort())
      expect(await toldAbout(reviews.remind)).toEqual(reviewers)
      expect(await toldAbout(reviews.report)).toEqual([...reviewers, ...heads].sort())
      const report = await ctx.db.notification.findFirstOrThrow({ where: { dedupeKey: { startsWith: `escalated:${reviews.report}:` } } })
      expect(report.body).toContain('按该环节的设置报告负责同志')
      expect(report.link).toMatch(/^\/matters\//)
    })
  })
})
