import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, confirmCommitteeMinutes, decide, documentStep, documentNumber, expectClosed, expectDocuments, goToStep, openMatter, openStepNames, recordCommitteeMinutes } from '../procedures.ts'

// Given Monday 2 March 2026 (tests/e2e/clock.json): a Yining officer and a colleague take up a dust-explosion violation.
test.describe.configure({ mode: 'serial' })

const party = '伊宁县金穗面粉加工厂'
const caseName = '粉尘爆炸危险场所未按规定安装使用监测报警装置案'
const facts = '经查，你单位制粉车间粉尘爆炸危险场所未安装温度、火花监测报警装置，违反了《工贸企业粉尘防爆安全规定》。'
let matter = { id: '', number: '' }
const numbers: Record<string, string> = {}

test('a Yining officer files a general-procedure case, which the supervisor reviews and the deputy head approves', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  expect(matter.number).toMatch(/^（伊县）应急罚案〔2026〕\d+号$/)
  await completeDocumentStep(officer, matter.id, '制作立案审批表', 'case-filing-approval', { caseName, briefFacts: facts })
  // A draft until approved: nothing is issued by the drafting step.
  await expect(officer.getByTestId('matter-documents')).toContainText('尚未制发文书')
  await decide(await desk.as('yining-supervisor'), matter.id, '立案审核', 'approve', '同意立案。')
  const deputy = await desk.as('yining-deputy')
  await decide(deputy, matter.id, '立案审批', 'approve', '同意立案调查。')
  numbers.filing = await documentNumber(deputy, matter.id, '立案审批表')
})

test('the officers investigate: an inquiry notice, an inquiry record and a site examination, then ask for review', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '制作询问通知书', 'inquiry-notice', { caseName, inquiryTime: '2026-03-04T10:00:00+08:00' })
  await completeDocumentStep(officer, matter.id, '制作询问笔录', 'inquiry-record', {
    caseName, inquiryStart: '2026-03-04T10:00:00+08:00', inquiryEnd: '2026-03-04T11:00:00+08:00',
  }, 'site-examination')
  await completeDocumentStep(officer, matter.id, '制作勘验笔录', 'site-examination-record', {
    caseName, startTime: '2026-03-04T14:00:00+08:00', endTime: '2026-03-04T15:00:00+08:00',
  }, 'done')
  await expect(openStepNames(officer)).toHaveText(['法制审核'])
  // The county's legal office has three working days (Art. 12): sent on Monday 2 March, due Thursday 5 March.
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-03-05')
})

test('a county legal reviewer transfers the review to a colleague, who sends the case to the case committee', async ({ desk }) => {
  const legal = await desk.as('yining-legal')
  await goToStep(legal, matter.id, '法制审核')
  await legal.getByTestId('select-receiver').click()
  await legal.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '罗佳' }).click()
  await legal.getByLabel('转办理由').fill('本人回避：曾参与该企业的行政许可审查。')
  await legal.getByRole('button', { name: '转 办' }).click()
  await expect(legal).toHaveURL(/\/tasks$/)

  const legal2 = await desk.as('yining-legal2')
  await completeDocumentStep(legal2, matter.id, '法制审核', 'legal-review-opinion', {
    caseName, receivedDate: '2026-03-02', opinion: '事实清楚，证据确凿，程序合法；拟罚款数额较大，建议提请案件审理委员会集体讨论。',
  }, 'committee')
  await expect(openStepNames(legal2)).toHaveText(['案件审理委员会审查决定'])
})

test('the case committee decides, with its minutes recorded and confirmed by each attendee (Art. 12)', async ({ desk }) => {
  test.setTimeout(240_000) // four people sign in: the recorder and each attendee
  const member = await desk.as('yining-committee')
  await recordCommitteeMinutes(member, matter.id, {
    caseName, meetingTime: '2026-03-03T16:00:00+08:00', meetingEnd: '2026-03-03T17:00:00+08:00', decision: '对当事人处以罚款人民币三万元。',
  }, {
    chair: '巴特尔', votes: [['巴特尔', '同意'], ['韩冰', '同意'], ['谢东', '同意']], posts: { 巴特尔: '局长' },
  })
  for (const login of ['yining-committee', 'yining-principal', 'yining-deputy']) await confirmCommitteeMinutes(await desk.as(login), matter.id)
  const form = await documentStep(member, matter.id, '案件审理委员会审查决定', 'committee-minutes')
  await form.submit('approve')
  await expect(member.getByTestId('matter-timeline')).toContainText('作出案件审理审查决定')
})

test('the party is told of the proposed penalty and of the right to a hearing, each notice served with its receipt', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '制作行政处罚告知书', 'penalty-notice', { caseName, facts })
  numbers.notice = await documentNumber(officer, matter.id, '行政处罚告知书')
  await completeDocumentStep(officer, matter.id, '送达行政处罚告知书', 'service-receipt', {
    servedDocuments: [{ title: '行政处罚告知书', number: numbers.notice }], servedAt: '2026-03-02T10:00:00+08:00',
  })
  await completeDocumentStep(officer, matter.id, '制作行政处罚听证告知书', 'penalty-hearing-notice', { caseName })
  numbers.hearingNotice = await documentNumber(officer, matter.id, '行政处罚听证告知书')
  await completeDocumentStep(officer, matter.id, '送达行政处罚听证告知书', 'service-receipt', {
    servedDocuments: [{ title: '行政处罚听证告知书', number: numbers.hearingNotice }], servedAt: '2026-03-02T10:00:00+08:00',
  })
  // Both of the party's rights are open at once, each with its statutory limit counted from the service (3 and 5 working days).
  await expect(openStepNames(officer)).toHaveText(['陈述申辩登记', '听证申请登记'])
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-03-05')
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-03-09')
})

test('the party states a defence, recorded in its 笔录, and asks for a hearing', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '陈述申辩登记', 'statement-registration', { made: true, statementDate: '2026-03-03', method: '口头' })
  await completeDocumentStep(officer, matter.id, '制作当事人陈述申辩笔录', 'statement-defense-record', { caseName, time: '2026-03-03T15:00:00+08:00', endTime: '2026-03-03T15:40:00+08:00' })
  await completeDocumentStep(officer, matter.id, '听证申请登记', 'hearing-request', { requested: true, requestDate: '2026-03-04', method: '书面' })
  await expect(openStepNames(officer)).toHaveText(['制作听证会通知书'])
})

test('the legal office holds the hearing: a notice at least seven working days ahead, the record and the report', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400 \(Bad Request\)/)
  const legal = await desk.as('yining-legal')
  await completeDocumentStep(legal, matter.id, '制作听证会通知书', 'hearing-notice', {
    caseName, hearingTime: '2026-03-12T10:00:00+08:00', hearingPlace: '伊宁县应急管理局听证室',
  })
  await expect(legal.getByTestId('open-tasks')).toContainText('期限 2026-03-12')
  await completeDocumentStep(legal, matter.id, '制作听证笔录', 'hearing-record', {
    caseName, hearingStart: '2026-03-12T10:00:00+08:00', hearingEnd: '2026-03-12T11:30:00+08:00', place: '伊宁县应急管理局听证室',
  })
  await completeDocumentStep(legal, matter.id, '制作听证会报告书', 'hearing-report', { caseName, hearingDate: '2026-03-12' })
  await expect(openStepNames(legal)).toHaveText(['制作案件处理呈批表'])
})

test('the disposition is approved and the penalty decision is made, served and published', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '制作案件处理呈批表', 'case-disposition-approval', { caseName, facts })
  await decide(await desk.as('yining-deputy'), matter.id, '案件处理审批', 'approve', '同意按听证后意见处理。')
  await completeDocumentStep(officer, matter.id, '制作行政处罚决定书', 'penalty-decision', { caseName, facts, fineAmount: 30000, paymentAccount: '中国农业银行伊宁县支行 非税收入账户' })
  numbers.decision = await documentNumber(officer, matter.id, '行政处罚决定书')
  expect(numbers.decision).toMatch(/^（伊县）应急罚〔2026〕\d+号$/)
  await expect(openStepNames(officer)).toHaveText(['送达行政处罚决定书', '录入“互联网+监管”并公开'])
  await completeDocumentStep(officer, matter.id, '送达行政处罚决定书', 'service-receipt', {
    servedDocuments: [{ title: '行政处罚决定书', number: numbers.decision }], servedAt: '2026-03-13T15:30:00+08:00',
  })
  await completeDocumentStep(officer, matter.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '行政处罚决定书', subjectNumber: numbers.decision })
})

test('the fine is paid and the closing approval ends the case (结案) with every document on its page, numbered except the 笔录', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, matter.id, '罚款缴纳登记', 'fine-payment', { decisionNumber: numbers.decision, amount: 30000, status: '已缴纳', paidDate: '2026-03-20' })
  await completeDocumentStep(officer, matter.id, '制作结案审批表', 'case-closing-approval', {
    caseName, filingDate: '2026-03-02', decisionNumber: numbers.decision, penaltySummary: '罚款人民币三万元。',
    execution: '当事人已于2026年3月20日缴清罚款，违法行为已改正。', closingReason: '执行完毕',
  })
  await decide(await desk.as('yining-deputy'), matter.id, '结案审批', 'approve', '同意结案。')
  await expectClosed(officer, matter.id)
  const issued = await expectDocuments(officer, matter.id, [
    '立案审批表', '询问通知书', '询问笔录', '勘验笔录', '法制审核（审理）意见', '案件审理委员会会议纪要', '行政处罚告知书', '送达回执', '行政处罚听证告知书',
    '送达回执', '当事人陈述申辩笔录', '听证会通知书', '听证笔录', '听证会报告书', '案件处理呈批表', '行政处罚决定书', '送达回执', '结案审批表',
  ])
  expect(issued['行政处罚决定书']).toBe(numbers.decision)
  expect(issued['立案审批表']).toBe(numbers.filing)
  await expect(officer.getByTestId('matter-timeline')).toContainText('转办「法制审核」给 罗佳')
  await expect(officer.getByTestId('matter-timeline')).toContainText('本人回避：曾参与该企业的行政许可审查。')
})
