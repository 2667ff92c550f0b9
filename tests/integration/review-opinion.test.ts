/**
 * Whether a review step requires an opinion (issue 13 part 3, the review-step
 * configurator's 须填写意见, zf:opinion="required"): the step is refused
 * without a written opinion whatever the outcome; without the attribute an
 * approval may be given without one, and a 退回 always needs its reason.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
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
import { completeStep } from '../../app/services/workflow/tasks.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const optional = fs.readFileSync(path.join(root, 'engine', 'test', 'fixtures', 'review-loop.bpmn'), 'utf8')
const required = optional
  .replace('<process id="review-loop"', '<process id="review-opinion"')
  .replace('bpmnElement="review-loop"', 'bpmnElement="review-opinion"')
  .replace('<userTask id="review" name="法制审核" zf:approval="true"', '<userTask id="review" name="法制审核" zf:approval="true" zf:opinion="required"')
const plan = JSON.parse(fs.readFileSync(path.join(root, 'forms', 'onsite-inspection-plan', 'examples', 'valid.json'), 'utf8')).payload

describeEachDatabase('a review step that requires an opinion', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const registry = loadRegistry()
  let workflow: ReturnType<typeof createWorkflow>
  const services = () => ({ db: ctx.db, clock, workflow, registry })

  beforeAll(async () => {
    await seedCalendar(ctx.db)
    await seedDemo(ctx.db, clock)
    const validator = createFormValidator(registry)
    const documents = createDocumentService({ db: ctx.db, registry, validator, renderer: createRenderer(noPdfConverter), clock, baseUrl: 'https://zhifa.example' })
    workflow = createWorkflow({ db: ctx.db, clock, registry, validator, documents: async () => documents })
    expect(required).toContain('zf:opinion="required"')
    await workflow.deploy(optional, null, { changeNote: 'test' })
    await workflow.deploy(required, null, { changeNote: 'test' })
  })

  /** A matter of the definition, drafted and sent to the legal review: the review's open task. */
  async function atReview(key: string): Promise<string> {
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    const matter = await ctx.db.matter.create({
      data: {
        kind: 'inspection', number: `（伊县）应急检〔2026〕${Math.floor(Math.random() * 1e6)}号`, title: `意见测试 ${key}`, departmentId: county.id, departmentPath: county.path,
        organId: county.id, data: { definitionKey: key }, createdById: officer.actor.id, createdByName: officer.actor.displayName,
        createdAt: clock.now(), officers: { create: [{ userId: officer.actor.id, position: 'lead' }] },
      },
    })
    await workflow.start(key, { businessKey: matter.id, departmentId: county.id }, officer.actor)
    const draft = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matter.id, status: 'open' } })
    await completeStep(services(), officer.actor, draft.id, { payload: JSON.stringify(plan) })
    const review = await ctx.db.task.findFirstOrThrow({ where: { businessKey: matter.id, status: 'open' } })
    expect(review.name).toBe('法制审核')
    return review.id
  }

  it('refuses an approval without an opinion, naming it, and leaves the step open; with an opinion it is done', async () => {
    const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
    const review = await atReview('review-opinion')
    const refused = await completeStep(services(), legal.actor, review, { outcome: 'approve', comment: '   ' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidInput)
    expect((refused as InvalidInput).fieldErrors).toEqual({ comment: ['本环节须填写审核意见'] })
    expect(await ctx.db.task.findUniqueOrThrow({ where: { id: review } })).toMatchObject({ status: expect.not.stringMatching(/^completed$/) })
    await completeStep(services(), legal.actor, review, { outcome: 'approve', comment: '方案合法，同意。' })
    expect(await ctx.db.task.findUniqueOrThrow({ where: { id: review } })).toMatchObject({ status: 'completed', outcome: 'approve' })
  })

  it('without the requirement an approval needs no opinion, but a 退回 always needs its reason', async () => {
    const legal = await serviceContextFor(ctx.db, clock, 'yining-legal')
    const review = await atReview('review-loop')
    const refused = await completeStep(services(), legal.actor, review, { outcome: 'return' }).catch((e: unknown) => e)
    expect((refused as InvalidInput).fieldErrors).toEqual({ comment: ['退回时须填写退回理由'] })
    await completeStep(services(), legal.actor, review, { outcome: 'approve' })
    expect(await ctx.db.task.findUniqueOrThrow({ where: { id: review } })).toMatchObject({ status: 'completed', outcome: 'approve' })
  })
})
