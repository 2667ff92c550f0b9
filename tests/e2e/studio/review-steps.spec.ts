import type { Locator, Page } from '@playwright/test'
import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, openMatter, openStepNames } from '../procedures.ts'

// Issue 13 part 3: a county legal reviewer configures the case review of general penalty cases in the browser.
// The save is in force for the county only (ADR 040): the cases below are opened in 伊宁县. The last test goes back
// to the region's version, so that the other journeys on this server see the procedure as shipped.
test.describe.configure({ mode: 'serial' })

const party = '伊宁县金穗面粉加工厂'

async function choose(scope: Locator, page: Page, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click()
}

async function editor(page: Page) {
  await page.goto('/admin/review-steps')
  await page.getByTestId('review-procedures').getByRole('link', { name: '行政处罚案件（一般程序）' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审核环节配置：行政处罚案件（一般程序）')
  return page.getByTestId('section-investigationDone')
}

async function caseAtLegalReview(page: Page, title: string): Promise<string> {
  const matter = await openMatter(page, { kind: '行政处罚案件', variant: '一般程序', title: `${title}-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  await completeDocumentStep(page, matter.id, '制作立案审批表', 'case-filing-approval', { caseName: title })
  return matter.id
}

test('removing the case review is refused with the reason, and the procedure stays as it was', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const legal = await desk.as('yining-legal')
  const section = await editor(legal)
  await section.getByTestId('step-committeeDecision').getByRole('button', { name: '删除步骤' }).click()
  await section.getByTestId('step-deputyDecision').getByRole('button', { name: '删除步骤' }).click()
  await legal.getByLabel('变更说明').fill('不经审查直接决定')
  await legal.getByRole('button', { name: '保存并发布' }).click()
  const problems = legal.getByTestId('review-steps-problems')
  await expect(problems).toContainText('流程未改变')
  await expect(problems).toContainText('绕过法定审核（第十三条')
  // Leave once the page's own requests are done (a navigation would abort them).
  await legal.waitForLoadState('networkidle')
  await legal.goto('/admin/review-steps')
  await expect(legal.getByTestId('review-procedures')).toContainText('随版本发布')
})

test('fines of at least 50,000 yuan also go to the case committee, and the legal review is a two-person 会签 within 3 working days', async ({ desk }) => {
  const legal = await desk.as('yining-legal')
  const section = await editor(legal)
  const review = section.getByTestId('step-legalReview')
  await choose(review, legal, '办理人数', '会签（全部同意）')
  await review.getByLabel('人数', { exact: true }).fill('2')
  await expect(review.getByLabel('期限（工作日）')).toHaveValue('3')
  const committee = section.getByTestId('step-committeeDecision')
  await choose(committee, legal, '条件组合', '满足任一条件')
  await committee.getByRole('button', { name: '添加条件' }).click()
  const second = committee.getByLabel('条件字段').nth(1)
  await second.click()
  await legal.keyboard.type('拟罚款金额')
  await legal.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '法制审核 · 拟罚款金额（元）' }).first().click()
  await committee.getByLabel('比较方式').nth(1).click()
  await legal.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '大于或等于' }).click()
  await committee.getByLabel('条件的值').nth(1).fill('50000')
  await expect(legal.getByTestId('feel-committeeDecision')).toHaveText('= (legalOutcome = "committee") or (max(get entries(legalReview).value.proposedFine) >= 50000)')
  await legal.getByRole('button', { name: '检查并预览' }).click()
  await expect(legal.getByTestId('review-steps-preview')).toContainText('检查通过')
  await legal.getByLabel('变更说明').fill('罚款五万元以上提请案审会；法制审核两人会签，3个工作日')
  await legal.getByRole('button', { name: '保存并发布' }).click()
  await expect(legal.getByText(/已保存，流程新版本 v\d+ 生效/)).toBeVisible()
})

test('a case with a 60,000-yuan fine goes to the case committee after both legal reviewers sign; one with 10,000 yuan goes to the deputy head', async ({ desk }) => {
  test.setTimeout(300_000)
  const officer = await desk.as('yining-officer')
  const supervisor = await desk.as('yining-supervisor')
  const deputy = await desk.as('yining-deputy')
  const legal = await desk.as('yining-legal')
  const legal2 = await desk.as('yining-legal2')
  for (const [fine, next] of [[60000, '案件审理委员会审查决定'], [10000, '分管负责同志审查决定']] as const) {
    const id = await caseAtLegalReview(officer, `罚款${fine}元案`)
    await decide(supervisor, id, '立案审核', 'approve', '同意立案。')
    await decide(deputy, id, '立案审批', 'approve', '同意立案调查。')
    await completeDocumentStep(officer, id, '制作询问通知书', 'inquiry-notice', { inquiryTime: '2026-03-04T10:00:00+08:00' })
    await completeDocumentStep(officer, id, '制作询问笔录', 'inquiry-record', { inquiryStart: '2026-03-04T10:00:00+08:00', inquiryEnd: '2026-03-04T11:00:00+08:00' }, 'done')
    await expect(openStepNames(officer)).toHaveText(['法制审核', '法制审核'])
    await completeDocumentStep(legal, id, '法制审核', 'legal-review-opinion', { proposedFine: fine, opinion: '事实清楚，证据确凿。' }, 'approve')
    await completeDocumentStep(legal2, id, '法制审核', 'legal-review-opinion', { proposedFine: fine, opinion: '同意。' }, 'approve')
    await expect(openStepNames(legal2)).toHaveText([next])
  }
})

test('the county’s own version is named on the versions page; the county goes back to the region’s version, so the other journeys see the procedure as shipped', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  await admin.goto('/admin/definitions/penalty-case-general')
  await expect(admin.getByTestId('department-versions')).toContainText('伊宁县应急管理局')
  const legal = await desk.as('yining-legal')
  await editor(legal)
  await expect(legal.getByTestId('in-force')).toContainText('本部门自有')
  await legal.getByTestId('return-to-version-above').click()
  await legal.getByRole('button', { name: /^恢\s*复$/ }).click()
  await expect(legal.getByText(/已恢复使用上级版本 v\d+/)).toBeVisible()
  await expect(legal.getByTestId('in-force')).toContainText('沿用全区版本')
  // The region's one-person legal review again (no 会签 count to set).
  await expect(legal.getByTestId('step-legalReview').getByLabel('人数', { exact: true })).toHaveCount(0)
  await admin.reload()
  await expect(admin.getByTestId('department-versions')).toContainText('没有部门使用自有版本')
})
