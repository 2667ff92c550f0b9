import { test, expect, signIn } from '../fixtures.ts'

// Issue 13 part 3, ADR 042: a county legal reviewer sets up a named review group in the county's legal office and finds
// it among the review-step configurator's who choices, labelled 小组; an officer gets 403 on the page.
test('a county legal reviewer sets up a review group of the legal office and the configurator offers it as 小组', async ({ page, allowConsoleError }) => {
  allowConsoleError(/status of 403/)
  const name = `重大案件法制审核组${Date.now().toString(36)}`
  await signIn(page, 'yining-legal2')
  await page.goto('/admin/review-groups')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审核小组')
  await page.getByLabel('小组名称').fill(name)
  await page.getByLabel('所在部门').click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '伊宁县应急管理局法制审核部门' }).click()
  await page.getByLabel('成员', { exact: true }).click()
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '高原' }).click()
  await page.keyboard.press('Escape')
  await page.getByLabel('变更说明').fill('重大案件由小组审核')
  await page.getByRole('button', { name: /^设 ?立$/ }).click()
  await expect(page.getByText(`已设立审核小组「${name}」`)).toBeVisible()
  const row = page.locator('tr').filter({ hasText: name })
  await expect(row).toContainText('伊宁县应急管理局法制审核部门')
  await expect(row).toContainText('高原')

  await page.goto('/admin/review-steps/penalty-case-general')
  // The roles, then the groups (a short list, drawn whole).
  await page.getByTestId('section-investigationDone').getByLabel('办理角色', { exact: true }).first().click()
  const dropdown = page.locator('.ant-select-dropdown:visible')
  await expect(dropdown.locator('.ant-select-item-group').filter({ hasText: '小组' })).toBeVisible()
  await expect(dropdown.locator('.ant-select-item-option').filter({ hasText: `${name}（小组 · 伊宁县应急管理局法制审核部门）` })).toBeVisible()

  await page.getByRole('button', { name: '退出登录' }).click()
  await expect(page).toHaveURL(/\/login/)
  await signIn(page, 'yining-officer')
  expect((await page.goto('/admin/review-groups'))?.status()).toBe(403)
})
