import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, expectClosed, expectDocuments, openMatter, openStepNames } from '../procedures.ts'

// Given Monday 2 March 2026: a flour mill's dust removal system, to be sealed after review (Art. 12).
test.describe.configure({ mode: 'serial' })

const party = '伊宁县金穗面粉加工厂'
const caseName = '制粉车间除尘系统存在重大事故隐患案'
let matter = { id: '', number: '' }

test('a Yining officer opens a general coercion case and asks for its review', async ({ desk }) => {
  const officer = await desk.as('yining-officer2')
  matter = await openMatter(officer, { kind: '行政强制案件', variant: '一般程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['买买提江·吐尔洪'] })
  expect(matter.number).toMatch(/^（伊县）应急强案〔2026〕\d+号$/)
  await completeDocumentStep(officer, matter.id, '提请案件审查', 'case-review-request', {
    caseName, facts: '制粉车间除尘系统未按规定采用防爆型除尘器，且未设置泄爆装置，属于重大事故隐患。', proposal: '查封制粉车间除尘系统相关设备。',
  })
  // The legal office of the case's county reviews within three working days.
  await expect(openStepNames(officer)).toHaveText(['法制审核'])
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-03-05')
})

test('the legal office reviews and the deputy head takes the case-review decision, before which only review steps are open', async ({ desk }) => {
  const legal = await desk.as('yining-legal')
  await completeDocumentStep(legal, matter.id, '法制审核', 'legal-review-opinion', { caseName, receivedDate: '2026-03-02' }, 'approve')
  await expect(openStepNames(legal)).toHaveText(['分管负责同志审查决定'])
  const deputy = await desk.as('yining-deputy')
  await decide(deputy, matter.id, '分管负责同志审查决定', 'approve', '同意查封。')
  await expect(deputy.getByTestId('matter-timeline')).toContainText('作出案件审理审查决定')
})

test('the disposition is approved, the goods sealed with their inventory list, the decision published, the goods decided on within the 30 days, and the case closes', async ({ desk }) => {
  const officer = await desk.as('yining-officer2')
  await completeDocumentStep(officer, matter.id, '制作案件处理呈批表', 'case-disposition-approval', { caseName, proposedPenalty: '查封制粉车间除尘系统相关设备。' })
  await decide(await desk.as('yining-deputy'), matter.id, '案件处理审批', 'approve')
  await completeDocumentStep(officer, matter.id, '制作行政强制决定书', 'coercion-decision', { measures: ['依法查封、扣押'], startDate: '2026-03-03' })
  const decision = await documentNumber(officer, matter.id, '行政强制决定书')
  // 行政强制法第二十四条: the inventory list goes with the seizure, on the decision's day.
  await expect(openStepNames(officer)).toHaveText(['制作查封扣押清单'])
  await completeDocumentStep(officer, matter.id, '制作查封扣押清单', 'seizure-inventory', { decisionNumber: decision })
  await completeDocumentStep(officer, matter.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '行政强制决定书', subjectNumber: decision })
  // 第二十五条、第二十七条: the decision on the goods within 30 days of the decision.
  await expect(openStepNames(officer)).toHaveText(['查封扣押处理决定'])
  await expect(officer.getByTestId('open-tasks')).toContainText('期限 2026-04-01')
  await decide(await desk.as('yining-deputy'), matter.id, '查封扣押处理决定', 'approve')
  await expectClosed(officer, matter.id)
  const issued = await expectDocuments(officer, matter.id, ['法制审核（审理）意见', '案件处理呈批表', '行政强制决定书', '查封扣押清单'])
  expect(issued['行政强制决定书']).toBe(decision)
})
