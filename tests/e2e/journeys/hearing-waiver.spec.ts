import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, documentStep, openMatter, openStepNames } from '../procedures.ts'

// Given Monday 2 March 2026 (tests/e2e/clock.json): a Yining case reviewed by the deputy head reaches the notices.
// The officer serves each notice at the plant and records its receipt on a phone; the rest is done at the desk.
// 行政处罚法 Art. 45, 64, 85: the party has 3 working days to state a defence and 5 to ask for a hearing, from receiving the notice.
test.describe.configure({ mode: 'serial', timeout: 180_000 })

const party = '伊宁县天山化工有限责任公司'
const caseName = '危险化学品储罐区未设置泄漏报警装置案'
const facts = '经查，你单位危险化学品储罐区未按规定设置可燃气体泄漏报警装置，违反了《危险化学品安全管理条例》。'
let matter = { id: '', number: '' }

test('a Yining officer files a case, which the supervisor reviews and the deputy head approves', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  await completeDocumentStep(officer, matter.id, '制作立案审批表', 'case-filing-approval', { caseName, briefFacts: facts })
  await decide(await desk.as('yining-supervisor'), matter.id, '立案审核', 'approve', '同意立案。')
  await decide(await desk.as('yining-deputy'), matter.id, '立案审批', 'approve', '同意立案调查。')
})

test('the officer investigates, the legal office reviews and the deputy head decides; the penalty notice is made', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '制作询问通知书', 'inquiry-notice', { caseName, inquiryTime: '2026-03-04T10:00:00+08:00' })
  await completeDocumentStep(officer, matter.id, '制作询问笔录', 'inquiry-record', {
    caseName, inquiryStart: '2026-03-04T10:00:00+08:00', inquiryEnd: '2026-03-04T11:00:00+08:00',
  }, 'done')
  await completeDocumentStep(await desk.as('yining-legal'), matter.id, '法制审核', 'legal-review-opinion', {
    caseName, receivedDate: '2026-03-02', opinion: '事实清楚，证据确凿，程序合法，处罚适当，建议报分管负责同志审查决定。',
  }, 'approve')
  await decide(await desk.as('yining-deputy'), matter.id, '分管负责同志审查决定', 'approve', '同意按法制审核意见处理。')
  await completeDocumentStep(officer, matter.id, '制作行政处罚告知书', 'penalty-notice', { caseName, facts })
  await expect(openStepNames(officer)).toHaveText(['送达行政处罚告知书'])
})

test('at the plant, on a phone, the officer records the service of each notice with its receipt: date, method, recipient', async ({ desk }) => {
  const phone = await desk.as('yining-officer', { phone: true })
  const noticeNumber = await documentNumber(phone, matter.id, '行政处罚告知书')
  await completeDocumentStep(phone, matter.id, '送达行政处罚告知书', 'service-receipt', {
    servedDocuments: [{ title: '行政处罚告知书', number: noticeNumber }], method: '直接送达', recipient: '王建国', servedAt: '2026-03-02T10:00:00+08:00',
  })
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '制作行政处罚听证告知书', 'penalty-hearing-notice', { caseName })
  const hearingNoticeNumber = await documentNumber(phone, matter.id, '行政处罚听证告知书')
  await completeDocumentStep(phone, matter.id, '送达行政处罚听证告知书', 'service-receipt', {
    servedDocuments: [{ title: '行政处罚听证告知书', number: hearingNoticeNumber }], method: '直接送达', recipient: '王建国', servedAt: '2026-03-02T10:00:00+08:00',
  })
  const scroll = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(scroll, 'no horizontal scrolling on the phone').toBeLessThanOrEqual(0)
  // Served Monday 2 March: the statement period ends Thursday 5 March, the hearing-request period Monday 9 March.
  await expect(openStepNames(phone)).toHaveText(['陈述申辩登记', '听证申请登记'])
  await expect(phone.getByTestId('open-tasks')).toContainText('期限 2026-03-05')
  await expect(phone.getByTestId('open-tasks')).toContainText('期限 2026-03-09')
})

test('at the desk, "no hearing requested" on the day of service is refused on the field, saying the period runs to 9 March, and nothing is recorded', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400 \(Bad Request\)/)
  const officer = await desk.as('yining-officer')
  const form = await documentStep(officer, matter.id, '听证申请登记', 'hearing-request')
  await form.fill({ requested: false })
  await officer.getByTestId('submit-step').click()
  await expect(officer.locator('.ant-form-item-explain-error').filter({ hasText: '当事人的法定期限至 2026-03-09 届满' })).toBeVisible()
  await expect(officer.locator('.ant-form-item-explain-error').filter({ hasText: '放弃声明' })).toBeVisible()
  await expect(officer).toHaveURL(/\/tasks\/[a-z0-9-]{20,}$/)
  await officer.goto(`/matters/${matter.id}`)
  await expect(openStepNames(officer)).toHaveText(['陈述申辩登记', '听证申请登记'])
})

test('with the party\'s written waiver (date and signature) recorded, "no hearing requested" and "no statement" are accepted before the periods end', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const waiver = { date: '2026-03-02', partySignature: { name: '王建国', date: '2026-03-02' } }
  await completeDocumentStep(officer, matter.id, '听证申请登记', 'hearing-request', { requested: false, waiver })
  await expect(openStepNames(officer)).toHaveText(['陈述申辩登记'])
  await completeDocumentStep(officer, matter.id, '陈述申辩登记', 'statement-registration', { made: false, waiver })
  // No hearing: the case goes on to the disposition.
  await expect(openStepNames(officer)).toHaveText(['制作案件处理呈批表'])
})
