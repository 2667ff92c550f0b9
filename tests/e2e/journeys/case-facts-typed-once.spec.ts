import { test, expect } from '../fixtures.ts'
import type { Page } from '@playwright/test'
import { completeDocumentStep, decide, documentNumber, documentStep, openMatter, openStepNames } from '../procedures.ts'

// Issue 14 part 4 (ADR 038): 案由 and the legal basis are typed once, in the 立案审批表; every later form arrives filled, saying where from.
test.describe.configure({ mode: 'serial' })

const party = '伊宁县金穗面粉加工厂'
const caseName = '粉尘防爆安全设施未按规定维护案'
const basis = { law: '《工贸企业粉尘防爆安全规定》', article: '第三十条第一款' }
const facts = '经查，你单位制粉车间泄爆装置未按规定维护，违反了《工贸企业粉尘防爆安全规定》。'
let matter = { id: '', number: '' }
const waiver = { date: '2026-03-02', partySignature: { name: '王建国', date: '2026-03-02' } }

/** The field's help text names the record the value came from (the innermost form item holding the field). */
async function expectFrom(page: Page, fieldId: string, source: RegExp) {
  await expect(page.locator(`.ant-form-item:has(#${fieldId})`).last()).toContainText(source)
}

/** 案由 (and the legal basis) as typed in the filing, from the latest issued document that recorded them. */
async function expectCaseFacts(page: Page, from: RegExp, basisFrom?: RegExp) {
  await expect(page.locator('#root_caseName')).toHaveValue(caseName)
  await expectFrom(page, 'root_caseName', from)
  if (basisFrom) {
    await expect(page.locator('#root_legalBasis_0_law')).toHaveValue(basis.law)
    await expect(page.locator('#root_legalBasis_0_article')).toHaveValue(basis.article)
    await expect(page.locator('.ant-form-item:has(#root_legalBasis_0_law)').nth(1)).toContainText(basisFrom)
  }
}

test('the officer types 案由 and the legal basis once, in the filing approval', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title: `粉尘防爆-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  await completeDocumentStep(officer, matter.id, '制作立案审批表', 'case-filing-approval', { caseName, legalBasis: [basis] })
  await decide(await desk.as('yining-supervisor'), matter.id, '立案审核', 'approve')
  await decide(await desk.as('yining-deputy'), matter.id, '立案审批', 'approve')
})

test('the investigation and the legal review arrive with 案由, the date it was sent and the reviewer filled in', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  let form = await documentStep(officer, matter.id, '制作询问通知书', 'inquiry-notice')
  await expectCaseFacts(officer, /来自《立案审批表》（2026-03-02 /)
  await form.fill({ inquiryTime: '2026-03-04T10:00:00+08:00' })
  await form.submit()
  form = await documentStep(officer, matter.id, '制作询问笔录', 'inquiry-record')
  await expect(officer.locator('#root_caseName')).toHaveValue(caseName)
  await form.fill({ inquiryStart: '2026-03-04T10:00:00+08:00', inquiryEnd: '2026-03-04T11:00:00+08:00' })
  await form.submit('done')

  const legal = await desk.as('yining-legal')
  form = await documentStep(legal, matter.id, '法制审核', 'legal-review-opinion')
  await expect(legal.locator('#root_caseName')).toHaveValue(caseName)
  await expect(legal.locator('#root_receivedDate')).toHaveValue('2026-03-02')
  await expectFrom(legal, 'root_receivedDate', /来自「制作询问笔录」/)
  await expect(legal.locator('#root_reviewer')).not.toHaveValue('')
  await form.fill({ opinion: '事实清楚，证据确凿，程序合法，适用依据正确。' })
  await form.submit('approve')
  await decide(await desk.as('yining-deputy'), matter.id, '分管负责同志审查决定', 'approve')
})

test('the notices take 案由 and the legal basis from the filing; the facts typed in the penalty notice follow on', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  let form = await documentStep(officer, matter.id, '制作行政处罚告知书', 'penalty-notice')
  // Each issued document that prints 案由 records it again; the latest one is the case's (here the legal review's opinion).
  await expectCaseFacts(officer, /来自《法制审核（审理）意见》（2026-03-02 /, /来自《立案审批表》（2026-03-02 /)
  await form.fill({ facts })
  await form.submit()
  await completeDocumentStep(officer, matter.id, '送达行政处罚告知书', 'service-receipt', { servedAt: '2026-03-02T10:00:00+08:00' })
  form = await documentStep(officer, matter.id, '制作行政处罚听证告知书', 'penalty-hearing-notice')
  await expectCaseFacts(officer, /来自《行政处罚告知书》/, /来自《行政处罚告知书》/)
  await form.fill()
  await form.submit()
  await completeDocumentStep(officer, matter.id, '送达行政处罚听证告知书', 'service-receipt', { servedAt: '2026-03-02T10:00:00+08:00' })
  await completeDocumentStep(officer, matter.id, '听证申请登记', 'hearing-request', { requested: false, waiver })
  await completeDocumentStep(officer, matter.id, '陈述申辩登记', 'statement-registration', { made: false, waiver })
  await expect(openStepNames(officer)).toHaveText(['制作案件处理呈批表'])
})

test('changing a prefilled value asks whether to correct the earlier record; “this document only” leaves it alone', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const form = await documentStep(officer, matter.id, '制作案件处理呈批表', 'case-disposition-approval')
  await expectCaseFacts(officer, /来自《行政处罚听证告知书》/, /来自《行政处罚听证告知书》/)
  await expect(officer.locator('#root_facts')).toHaveValue(facts)
  await expectFrom(officer, 'root_facts', /来自《行政处罚告知书》/)
  await form.fill({ proposedPenalty: '拟对当事人处以罚款人民币二万元。' })
  await officer.getByTestId('submit-step').click()
  const asked = officer.getByTestId('fact-corrections')
  await expect(asked).toContainText('拟作出的行政处罚')
  await expect(asked).toContainText('来自《行政处罚听证告知书》')
  await officer.getByTestId('keep-earlier').click()
  await expect(officer).toHaveURL(new RegExp(`/matters/${matter.id}$`))
  await decide(await desk.as('yining-deputy'), matter.id, '案件处理审批', 'approve')
})

test('the penalty decision arrives with 案由, the legal basis and the facts, each saying where it came from', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const form = await documentStep(officer, matter.id, '制作行政处罚决定书', 'penalty-decision')
  await expect(officer.locator('#root_caseName')).toHaveValue(caseName)
  // The latest issued document that recorded 案由 is now the disposition approval.
  await expectFrom(officer, 'root_caseName', /来自《案件处理呈批表》/)
  await expect(officer.locator('#root_legalBasis_0_article')).toHaveValue(basis.article)
  await expect(officer.locator('#root_facts')).toHaveValue(facts)
  await form.fill({ fineAmount: 20000, paymentAccount: '中国农业银行伊宁县支行 非税收入账户' })
  await form.submit()
  expect(await documentNumber(officer, matter.id, '行政处罚决定书')).toMatch(/^（伊县）应急罚〔2026〕\d+号$/)
  await expect(openStepNames(officer)).toHaveText(['送达行政处罚决定书', '录入“互联网+监管”并公开'])
})
