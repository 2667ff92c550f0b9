import { test, expect, signIn } from './fixtures.ts'

const accounts: Array<[loginName: string, roleTitle: string, roleKey: string]> = [
  ['region-admin', '执法系统管理员', 'system-admin'],
  ['region-process-admin', '流程配置管理员', 'process-admin'],
  ['yining-officer', '监管执法人员', 'officer'],
  ['ili-supervisor', '执法监督人员', 'supervisor'],
  ['yining-legal', '法制审核人员', 'legal-reviewer'],
  ['region-policy', '政策法规处审核人员', 'policy-reviewer'],
  ['region-committee', '案件审理委员会成员', 'committee-member'],
  ['huocheng-deputy', '分管负责同志', 'deputy-head'],
  ['region-principal', '主要负责同志', 'principal-head'],
]

test.describe('every demo user signs in and sees a home page fitting the role', () => {
  for (const [loginName, title, key] of accounts) {
    test(`${loginName} sees the ${title} panel`, async ({ page }) => {
      await signIn(page, loginName)
      await expect(page).toHaveURL('/')
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
      const panel = page.getByTestId(`role-panel-${key}`)
      await expect(panel).toBeVisible()
      await expect(panel).toContainText(title)
    })
  }

  test('an administrator’s home shows the organ’s account figures and the admin menu; an officer’s does not', async ({ page }) => {
    await signIn(page, 'ili-admin')
    await expect(page.getByTestId('role-panel-system-admin')).toContainText('在用账号')
    const nav = page.getByRole('navigation', { name: '主菜单' })
    await expect(nav.getByRole('link', { name: '账号管理' })).toHaveCount(1)
    await page.getByRole('button', { name: '退出登录' }).click()
    await expect(page).toHaveURL('/login')
    await signIn(page, 'ili-officer')
    await expect(nav.getByRole('link', { name: '账号管理' })).toHaveCount(0)
    await expect(nav.getByRole('link', { name: '操作日志' })).toHaveCount(0)
  })
})
