import { test, expect, openMenu } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, openMatter, openStepNames, openSteps } from '../procedures.ts'

// Given Monday 2 March 2026 (tests/e2e/clock.json) and a calendar entered up to 2026: a special-inspection
// scheme whose period ends on 28 December 2026 has its summary due ten working days later, in 2027 —
// provisional (暂定) until the 2027 schedule is entered.
const suffix = () => Date.now().toString(36)

test.describe('the 2027 holiday schedule is entered', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 })
  let scheme = { id: '', number: '' }
  const period = { start: '2026-12-01', end: '2026-12-28' }

  test('a scheme inspected until 28 December 2026 has its summary due 12 January 2027, marked 暂定', async ({ desk }) => {
    const supervisor = await desk.as('yining-supervisor')
    scheme = await openMatter(supervisor, { kind: '执法检查方案', variant: '专项检查', title: `年末粉尘涉爆专项检查-${suffix()}`, year: '2026' })
    await completeDocumentStep(supervisor, scheme.id, '编制执法检查方案', 'inspection-scheme', {
      schemeKind: '专项检查', period, items: ['粉尘防爆安全管理'],
    })
    await decide(await desk.as('yining-deputy'), scheme.id, '分管负责同志审批', 'approve')
    const number = await documentNumber(supervisor, scheme.id, '执法检查方案')
    await completeDocumentStep(supervisor, scheme.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '执法检查方案', subjectNumber: number })
    await expect(openStepNames(supervisor)).toHaveText(['形成检查总结'])
    // 28 December + 10 working days on the provisional calendar: 1 January (元旦) off, no make-up working day.
    await expect(openSteps(supervisor).getByTestId('due-date')).toHaveText('期限 2027-01-12')
    await expect(openSteps(supervisor).getByTestId('due-provisional')).toBeVisible()
  })

  test('the region’s administrator enters 2027, sees beforehand that the summary moves to 11 January, and saves a new version', async ({ desk }) => {
    const admin = await desk.as('region-admin')
    await openMenu(admin, '工作日历')
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('工作日历')
    await expect(admin.getByTestId('entered-years')).toContainText('国办发明电〔2024〕12号')
    await admin.locator('#year').fill('2027')
    await admin.locator('#noticeNumber').fill('国办发明电〔2026〕12号')
    await admin.locator('#noticeDate').fill('2026-11-04')
    await admin.locator('#holidays').fill('元旦 2027-01-01 至 2027-01-01\n春节 2027-02-05 至 2027-02-11')
    await admin.locator('#workdays').fill('元旦 2027-01-02\n春节 2027-02-14、2027-02-20')
    await admin.getByTestId('preview-calendar').click()
    const preview = admin.getByTestId('preview-moves')
    const summary = preview.locator('.ant-list-item').filter({ hasText: scheme.number })
    await expect(summary).toContainText('形成检查总结')
    await expect(summary.getByTestId('due-move')).toHaveText('期限 2027-01-12 → 2027-01-11')
    await admin.getByTestId('save-calendar').click()
    await expect(admin).toHaveURL(/\/admin\/calendar\?year=2027&version=\d+/)
    await expect(admin.getByText(/已录入 2027 年节假日安排（版本 v\d+），\d+ 个环节的办理期限已调整/)).toBeVisible()
    const moved = admin.getByTestId('moved-due-dates').locator('.ant-list-item').filter({ hasText: scheme.number })
    await expect(moved.getByTestId('due-move')).toHaveText('期限 2027-01-12 → 2027-01-11')
    await expect(admin.getByTestId('entered-years')).toContainText('国办发明电〔2026〕12号')
    await expect(admin.getByTestId('year-days')).toContainText('2027-01-02 上班 调休上班（元旦）')
  })

  test('the scheme’s page shows the new due date, no longer provisional, and the officer was notified', async ({ desk }) => {
    const supervisor = await desk.as('yining-supervisor')
    // The calendar changed the matter without acting on it: load its page again.
    await supervisor.goto(`/matters/${scheme.id}`)
    await expect(openSteps(supervisor).getByTestId('due-date')).toHaveText('期限 2027-01-11')
    await expect(openSteps(supervisor).getByTestId('due-provisional')).toHaveCount(0)
    await supervisor.goto('/notifications')
    await expect(supervisor.getByText('「形成检查总结」的期限已调整为 2027-01-11').first()).toBeVisible()
  })
})
