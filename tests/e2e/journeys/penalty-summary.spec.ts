import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, expectClosed, expectDocuments, openMatter, openStepNames } from '../procedures.ts'
import { StepForm } from '../step-form.ts'

// Given Monday 2 March 2026: a petrol station's missing warning signs, a small fine decided on the spot (Art. 11).
test.describe.configure({ mode: 'serial' })

const party = '伊宁县顺达加油站'
const caseName = '加油站卸油区安全警示标志缺失案'
const facts = '经查，你单位卸油区未设置明显的安全警示标志，违反了《中华人民共和国安全生产法》第三十五条。'
let matter = { id: '', number: '' }

test('a Yining officer opens a summary-procedure case and sends it for review', async ({ desk }) => {
  const officer = await desk.as('yining-officer2')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '简易程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['买买提江·吐尔洪'] })
  expect(matter.number).toMatch(/^（伊县）应急罚案〔2026〕\d+号$/)
  await completeDocumentStep(officer, matter.id, '提请案件审查', 'case-review-request', { caseName, facts, proposal: '警告，并处罚款人民币二千元。' })
  await expect(openStepNames(officer)).toHaveText(['法制审核'])
})

test('the county legal reviewer finds it in the inbox, reviews it, and the deputy head decides', async ({ desk }) => {
  const legal = await desk.as('yining-legal')
  await legal.goto(`/tasks?q=${encodeURIComponent(matter.number)}`)
  const row = legal.getByTestId('task-table').locator('tbody tr.ant-table-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(party)
  await row.getByRole('link', { name: '法制审核' }).click()
  await expect(legal.getByRole('heading', { level: 1 })).toContainText('法制审核')
  await completeDocumentStep(legal, matter.id, '法制审核', 'legal-review-opinion', { caseName, receivedDate: '2026-03-02' }, 'approve')
  await decide(await desk.as('yining-deputy'), matter.id, '分管负责同志审查决定', 'approve')
})

test('the officer withdraws the disposition before the deputy head acts, corrects and resubmits it', async ({ desk }) => {
  const officer = await desk.as('yining-officer2')
  await completeDocumentStep(officer, matter.id, '制作案件处理呈批表', 'case-disposition-approval', { caseName, facts, proposedPenalty: '警告，并处罚款人民币二千元。' })
  await officer.goto(`/tasks?tab=done&q=${encodeURIComponent(matter.number)}`)
  await officer.getByTestId('task-table').getByRole('link', { name: '制作案件处理呈批表' }).click()
  await officer.getByLabel('撤回说明').fill('罚款金额写错，撤回修改。')
  await officer.getByTestId('withdraw').click()
  // Back on the step, reopened with what was submitted.
  await expect(officer.getByRole('heading', { level: 1 })).toContainText('制作案件处理呈批表')
  const form = await new StepForm(officer, 'case-disposition-approval').ready()
  await expect(officer.locator('#root_caseName')).toHaveValue(caseName)
  await form.fill({ proposedPenalty: '警告，并处罚款人民币一千元。', fineAmount: 1000 })
  await form.submit()
  await expect(officer.getByTestId('matter-timeline')).toContainText('已取消（撤回）')
})

test('approved, the on-the-spot penalty decision is made and published, and the case closes', async ({ desk }) => {
  await decide(await desk.as('yining-deputy'), matter.id, '案件处理审批', 'approve')
  const officer = await desk.as('yining-officer2')
  await completeDocumentStep(officer, matter.id, '制作行政（当场）处罚决定书', 'onsite-penalty-decision', {
    facts, penalty: '警告并处罚款', fineAmount: 1000, paymentMethod: '到指定银行缴纳', paymentAccount: '中国农业银行伊宁县支行 非税收入账户', place: '伊宁县顺达加油站卸油区',
  })
  const decision = await documentNumber(officer, matter.id, '行政（当场）处罚决定书')
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-03-11')
  await completeDocumentStep(officer, matter.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '行政（当场）处罚决定书', subjectNumber: decision })
  await expectClosed(officer, matter.id)
  const issued = await expectDocuments(officer, matter.id, ['法制审核（审理）意见', '案件处理呈批表', '行政（当场）处罚决定书'])
  expect(issued['行政（当场）处罚决定书']).toBe(decision)
})
