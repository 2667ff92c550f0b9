import { test, expect, signIn, openMenu } from './fixtures.ts'

// The statement period (行政处罚法 Art. 45, 85) is a department setting, 3 working days unless an administrator sets it (docs/decisions/019).
test('a county administrator sets the county\'s statement period, is refused an out-of-range value in Chinese, and clears it again', async ({ page, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  await signIn(page, 'huocheng-admin')
  await openMenu(page, '部门')
  await expect(page.getByRole('heading', { name: '当事人陈述申辩期限' })).toBeVisible()
  await expect(page.getByText(/均未设置的为 3 个工作日/)).toBeVisible()
  const form = page.getByTestId('statement-period-form')
  await expect(form.getByTestId('select-departmentId')).toContainText('霍城县应急管理局')

  await form.locator('#value').fill('20')
  await form.getByRole('button', { name: /保\s*存/ }).click()
  await expect(page.locator('#value-error')).toHaveText('当事人陈述申辩期限须为 1 至 15 的整数（个工作日）')
  await expect(page.getByTestId('statement-period')).toHaveCount(0)

  await page.locator('#value').fill('5')
  await form.getByRole('button', { name: /保\s*存/ }).click()
  await expect(page.getByText('霍城县应急管理局的当事人陈述申辩期限已设为 5 个工作日')).toBeVisible()
  await expect(page.getByTestId('department-tree').getByTestId('statement-period')).toHaveText('陈述申辩期限 5 个工作日')

  // Back to following the prefecture or the default, so other tests see the demo's default.
  await page.locator('#value').fill('')
  await form.getByRole('button', { name: /保\s*存/ }).click()
  await expect(page.getByText('霍城县应急管理局的当事人陈述申辩期限已恢复为沿用上级或默认值')).toBeVisible()
  await expect(page.getByTestId('statement-period')).toHaveCount(0)
})
