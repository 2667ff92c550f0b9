import { test, expect, signIn, openMenu } from './fixtures.ts'

test('a region administrator opens 工作日历 from the menu, sees the entered years and a provisional year, and a bad entry is refused in Chinese', async ({ page, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  await signIn(page, 'region-admin')
  await openMenu(page, '工作日历')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作日历')
  await expect(page.getByTestId('entered-years')).toContainText('2025 年')
  await page.goto('/admin/calendar?year=2030')
  await expect(page.getByTestId('year-days')).toContainText('2030 年节假日与调休')
  await expect(page.getByTestId('year-days').getByTestId('due-provisional')).toBeVisible()
  await expect(page.getByTestId('year-days')).toContainText('2030-10-01 放假 国庆节')

  await page.locator('#year').fill('2031')
  await page.locator('#holidays').fill('元旦 2031-01-01 至 2031-13-01')
  await page.getByTestId('preview-calendar').click()
  await expect(page.locator('#holidays-error')).toContainText('放假安排第 1 行')
  await expect(page.locator('#noticeNumber-error')).toContainText('请填写通知文号')
  await expect(page.getByTestId('save-calendar')).toHaveCount(0)
  await page.goto('/admin/calendar')
  await expect(page.getByTestId('entered-years')).not.toContainText('2031 年')
})

test('a county administrator has no 工作日历 menu entry and the page is 403', async ({ page, allowConsoleError }) => {
  allowConsoleError(/status of 403/)
  await signIn(page, 'yining-admin')
  const nav = page.getByRole('navigation', { name: '主菜单' })
  if (await page.getByTestId('nav-button').isVisible()) await page.getByTestId('nav-button').click()
  await expect(nav.getByRole('link', { name: '账号管理' })).toHaveCount(1)
  await expect(nav.getByRole('link', { name: '工作日历' })).toHaveCount(0)
  const response = await page.goto('/admin/calendar')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible()
})
