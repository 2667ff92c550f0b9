import { test, expect, signIn, openMenu } from './fixtures.ts'

test('a county admin sees only the county’s accounts, and a prefecture account is 403 by direct URL and by form post', async ({ page, allowConsoleError }) => {
  allowConsoleError(/status of 403/)
  await signIn(page, 'yining-admin')
  await openMenu(page, '账号管理')
  const table = page.getByTestId('users-table')
  await expect(table).toContainText('yining-officer')
  await expect(table).not.toContainText('ili-officer')
  await expect(page.getByText(/共 \d+ 个账号/)).toHaveText('共 11 个账号') // the eleven 伊宁 demo accounts (README)

  await page.goto('/admin/users?q=ili')
  await expect(page.getByText('共 0 个账号')).toBeVisible()

  const response = await page.goto('/admin/users/user-ili-officer')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: '无权访问' })).toBeVisible()

  // A hand-made post with a valid CSRF token is refused just the same, and changes nothing.
  await page.goto('/admin/users')
  const csrf = await page.locator('input[name=csrf]').first().inputValue()
  const post = await page.request.post('/admin/users/user-ili-officer', { form: { csrf, intent: 'stop', reason: '越权' } })
  expect(post.status()).toBe(403)

  await page.getByRole('button', { name: '退出登录' }).click()
  // Let the sign-out land first: a navigation cut short by the next goto logs "network error".
  await expect(page).toHaveURL(/\/login/)
  await signIn(page, 'ili-admin')
  await page.goto('/admin/users/user-ili-officer')
  await expect(page.getByRole('heading', { name: /周海涛/ })).toContainText('在用')
})
