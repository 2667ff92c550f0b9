/**
 * What a case already knows is entered once (issue 14 part 4, ADR 038): a
 * value recorded in an earlier document shows up in later steps' forms with
 * its source; changing it in a later document corrects the earlier record
 * only if the user says so — a draft under review directly, an issued
 * document through a change request (第七条).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, registry, type Procedures } from '../support/workflow.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { completeStep, taskPage, type TaskContext } from '../../app/services/workflow/tasks.server.ts'
import { applyCorrections, planCorrections } from '../../app/services/matters/case-facts.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'

describeEachDatabase('case facts entered once', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const caseName = '粉尘爆炸危险场所未按规定安装监测报警装置案'
  const legalBasis = [{ law: '《工贸企业粉尘防爆安全规定》', article: '第三十条第一款' }]
  let p: Procedures
  let tasks: TaskContext
  let matterId = ''
  let instanceId = ''

  const page = async (login: string, elementId: string) => {
    const { actor, ability } = await serviceContextFor(ctx.db, clock, login)
    return taskPage(tasks, actor, ability, (await p.taskOf(login, instanceId, elementId)).id)
  }

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
    tasks = { db: ctx.db, clock, workflow: p.workflow, registry }
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '金穗面粉厂粉尘案', party: '伊宁县金穗面粉加工厂' }))
    await p.act('yining-officer', instanceId, 'draftFiling', { payload: example('case-filing-approval', { caseName, legalBasis }) })
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
  })

  describe('Given the filing approval still a draft under review', () => {
    it('should offer its 案由 as a draft, and correct the draft itself when asked, audited', async () => {
      const officer = await p.as('yining-officer')
      const plan = await planCorrections(tasks, officer, { businessKey: matterId, form: 'inquiry-notice' }, { caseName: `${caseName}（更正）` }, ['caseName'])
      expect(plan).toMatchObject([{ kind: 'draft', fact: 'caseName', from: caseName, to: `${caseName}（更正）` }])
      await applyCorrections(tasks, officer, { taskId: 'test', formTitle: '询问通知书', matterId }, plan)
      const draft = await ctx.db.task.findFirstOrThrow({ where: { instanceId, elementId: 'draftFiling' } })
      expect(JSON.parse(draft.payload!).caseName).toBe(`${caseName}（更正）`)
      expect(await ctx.db.auditEntry.count({ where: { action: 'fact.correct', targetId: draft.id } })).toBe(1)
      // Put back as it was, through the same path.
      await applyCorrections(tasks, officer, { taskId: 'test', formTitle: '询问通知书', matterId },
        await planCorrections(tasks, officer, { businessKey: matterId, form: 'inquiry-notice' }, { caseName }, ['caseName']))
      await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    })
  })

  describe('Given the filing approval issued', () => {
    it('should arrive in the inquiry notice, with 来自《立案审批表》 and its day and maker as the source', async () => {
      const view = await page('yining-officer', 'inquiryNotice')
      // The party as the filing approval recorded it (here the form's example), not only as chosen when the case opened.
      const filed = example('case-filing-approval') as { party: { name: string } }
      expect(view.form?.initialData).toMatchObject({ caseName, party: { name: filed.party.name } })
      const fact = view.form?.facts.find((f) => f.field === 'caseName')
      expect(fact).toMatchObject({ fact: 'caseName', value: caseName, correctable: true })
      expect(fact?.label).toMatch(/^来自《立案审批表》（2026-03-02 .+）$/)
    })

    it('should keep a changed 案由 in the later document only, when the user does not ask to correct the earlier record', async () => {
      const officer = await p.as('yining-officer')
      const task = await p.taskOf('yining-officer', instanceId, 'inquiryNotice')
      await completeStep(tasks, officer, task.id, { payload: JSON.stringify(example('inquiry-notice', { caseName: `${caseName}（询问）` })), corrections: [] })
      expect(await ctx.db.matter.count({ where: { kind: 'change-request' } })).toBe(0)
      const filing = await ctx.db.document.findFirstOrThrow({ where: { matterId, formKey: 'case-filing-approval' } })
      expect((filing.data as { caseName: string }).caseName).toBe(caseName)
      // The latest issued value wins: the next form takes the notice's wording.
      const next = await page('yining-officer', 'inquiryRecord')
      expect(next.form?.facts.find((f) => f.field === 'caseName')?.label).toMatch(/^来自《询问通知书》/)
    })

    it('should open a change request prefilled with the correction when the user corrects an issued document', async () => {
      const officer = await p.as('yining-officer')
      const notice = await ctx.db.document.findFirstOrThrow({ where: { matterId, formKey: 'inquiry-notice' } })
      const task = await p.taskOf('yining-officer', instanceId, 'inquiryRecord')
      const done = await completeStep(tasks, officer, task.id, { payload: JSON.stringify(example('inquiry-record', { caseName })), outcome: 'done', corrections: ['caseName'] })
      expect(done.corrected).toMatchObject([{ kind: 'change-request', titles: ['案由'] }])
      const request = await ctx.db.matter.findFirstOrThrow({ where: { kind: 'change-request' } })
      expect(request.targetDocumentId).toBe(notice.id)
      expect(await ctx.db.auditEntry.count({ where: { action: 'fact.correct', targetId: notice.id } })).toBe(1)
      // The request's first step arrives with the wording to change, the reason and the target.
      const requestInstance = await ctx.db.processInstance.findFirstOrThrow({ where: { businessKey: request.id } })
      const { actor, ability } = await serviceContextFor(ctx.db, clock, 'yining-officer')
      const apply = await p.taskOf('yining-officer', requestInstance.id, 'apply')
      const view = await taskPage(tasks, actor, ability, apply.id)
      expect(view.form?.initialData).toMatchObject({
        recordNumber: notice.number, changes: [{ field: '案由', current: `${caseName}（询问）`, proposed: caseName }],
        reason: expect.stringContaining('《询问笔录》'),
      })
      // The notice is unchanged until the request is approved and applied.
      expect((await ctx.db.document.findUniqueOrThrow({ where: { id: notice.id } })).revision).toBe(1)
    })

    it('should date the legal review by the end of the investigation and name the reviewer, and refuse to correct what no form recorded', async () => {
      const view = await page('yining-legal', 'legalReview')
      const legal = await p.as('yining-legal')
      expect(view.form?.initialData).toMatchObject({ caseName, receivedDate: '2026-03-02', reviewer: legal.displayName })
      expect(view.form?.facts.find((f) => f.field === 'receivedDate')).toMatchObject({ correctable: false, label: expect.stringMatching(/^来自「制作询问笔录」/) })
      const task = await p.taskOf('yining-legal', instanceId, 'legalReview')
      await expect(completeStep(tasks, legal, task.id, { payload: JSON.stringify(example('legal-review-opinion', { receivedDate: '2026-03-01' })), outcome: 'approve', corrections: ['receivedDate'] }))
        .rejects.toBeInstanceOf(InvalidInput)
      expect((await p.taskOf('yining-legal', instanceId, 'legalReview')).status).toBe('open')
    })
  })
})
