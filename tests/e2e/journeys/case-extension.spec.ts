import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, openMatter } from '../procedures.ts'
import { StepForm } from '../step-form.ts'
import { acted, showMatter } from '../matter-page.ts'

// Given Monday 2 March 2026 (tests/e2e/clock.json): a case must be decided within 90 days of its filing (行政处罚法第六十条).
test.describe.configure({ mode: 'serial' })

const party = '伊宁县金穗面粉加工厂'
const caseName = '粉尘防爆安全管理制度未落实案'
const reason = '抽样送检的除尘设备检测报告尚未出具，需待报告出具后认定违法事实。'
let matter = { id: '', number: '' }

test('a filed general penalty case is due 90 days from its filing, on 31 May', async ({ desk }) => {
  const officer = await desk.as('yining-officer2')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['买买提江·吐尔洪'] })
  await expect(officer.getByTestId('case-deadline')).toHaveCount(0)
  await completeDocumentStep(officer, matter.id, '制作立案审批表', 'case-filing-approval', { caseName })
  await decide(await desk.as('yining-supervisor'), matter.id, '立案审核', 'approve', '同意立案。')
  await decide(await desk.as('yining-deputy'), matter.id, '立案审批', 'approve', '同意立案调查。')
  await showMatter(officer, matter.id)
  await expect(officer.getByTestId('case-deadline-date')).toHaveText('2026-05-31')
  await expect(officer.getByTestId('case-deadline')).toContainText('立案之日 2026-03-02 起九十日')
})

test('the officer asks to extend it to 30 June; a date not after 31 May is refused with the reason', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const officer = await desk.as('yining-officer2')
  await showMatter(officer, matter.id)
  await officer.getByRole('button', { name: '申请延长办案期限' }).click()
  await expect(officer).toHaveURL(/\/tasks\/[a-z0-9-]{20,}$/)
  await expect(officer.getByRole('heading', { level: 1 })).toContainText('提出延长办案期限申请')
  const form = await new StepForm(officer, 'case-extension-request').ready()
  await form.fill({ caseName, requestedDeadline: '2026-05-30', reason })
  await officer.getByTestId('submit-step').click()
  await expect(officer.getByText('延长后的期限应晚于现办案期限 2026-05-31。')).toBeVisible()
  await form.fill({ requestedDeadline: '2026-06-30' })
  await form.submit()
  await expect(officer.getByTestId('case-deadline')).toContainText('延长办案期限申请办理中')
  await expect(officer.getByTestId('case-deadline-date')).toHaveText('2026-05-31')
})

test('the principal head approves, and the case page shows the new date with who approved it, when and why', async ({ desk }) => {
  const principal = await desk.as('yining-principal')
  await decide(principal, matter.id, '主要负责同志审批', 'approve', '同意延长至2026年6月30日。')
  await expect(principal.getByTestId('case-deadline-date')).toHaveText('2026-06-30')
  const approval = principal.getByTestId('case-extensions')
  await expect(approval).toContainText('巴特尔 于 2026-03-02')
  await expect(approval).toContainText('批准延长至 2026-06-30（原期限 2026-05-31）')
  await expect(approval).toContainText(reason)
  const number = await documentNumber(principal, matter.id, '延长办案期限审批表')
  expect(number).toMatch(/^（伊县）应急延〔2026〕\d+号$/)
  await expect(approval).toContainText(number)
  acted(principal)
})
