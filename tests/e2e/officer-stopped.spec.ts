import type { Page } from '@playwright/test'
import { test, expect, signIn, openMenu, uniqueName } from './fixtures.ts'

async function chooseOption(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click()
  await page.locator('.ant-select-dropdown:visible').getByTitle(label, { exact: true }).click()
}

test('an admin of the Ili prefecture creates an officer with a certificate, the officer signs in, the admin stops the account and the officer’s open session is refused at the next click', async ({ browser, page }, testInfo) => {
  const loginName = uniqueName('officer', testInfo.project.name)
  await signIn(page, 'ili-admin')
  await openMenu(page, '账号管理')
  await page.getByRole('link', { name: '新建账号' }).click()
  await expect(page).toHaveURL('/admin/users/new')

  await page.locator('#loginName').fill(loginName)
  await page.locator('#displayName').fill('测试执法员')
  await page.locator('#password').fill('Officer2026pass')
  await page.locator('#phone').fill('13800138000')
  await chooseOption(page, 'select-departmentId', '伊犁哈萨克自治州应急管理局')
  await chooseOption(page, 'select-roles', '监管执法人员')
  await page.keyboard.press('Escape')
  await chooseOption(page, 'select-certificateKind', '行政执法证')
  await page.locator('#certificateNo').fill('65202612345')
  await page.locator('#certificateExpiresAt').click()
  await page.locator('#certificateExpiresAt').fill('2030-12-31')
  await page.keyboard.press('Tab')
  await page.getByRole('button', { name: '创建账号' }).click()

  await expect(page.getByRole('heading', { name: /测试执法员/ })).toBeVisible()
  await expect(page.getByTestId('role-list')).toContainText('监管执法人员')
  const userUrl = page.url()

  // The officer signs in elsewhere and works.
  const officerContext = await browser.newContext({ ...testInfo.project.use })
  const officer = await officerContext.newPage()
  await signIn(officer, loginName, 'Officer2026pass')
  await expect(officer.getByTestId('role-panel-officer')).toBeVisible()

  // The admin stops the account.
  await page.goto(userUrl)
  await page.getByLabel('停用原因').fill('调离')
  await page.getByRole('button', { name: '停用账号' }).click()
  await page.getByRole('button', { name: '停 用' }).click()
  await expect(page.getByTestId('status-stopped')).toBeVisible()

  // The officer's next click is refused: back at sign-in, told why.
  await openMenu(officer, '生产经营单位')
  await expect(officer).toHaveURL(/\/login/)
  await expect(officer.getByText('该账号已停用')).toBeVisible()
  await officer.locator('#loginName').fill(loginName)
  await officer.locator('#password').fill('Officer2026pass')
  await officer.getByRole('button', { name: /登\s*录/ }).click()
  // The sign-in answer (an error alert), besides the notice the redirect brought along.
  await expect(officer.locator('.ant-alert-error')).toContainText('该账号已停用')
  await officerContext.close()
})
