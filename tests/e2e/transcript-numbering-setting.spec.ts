import { test, expect, signIn, openMenu } from './fixtures.ts'

// 笔录 (询问笔录, 陈述申辩笔录, 听证笔录) are unnumbered in the national formats unless the department turns numbering on.
test('a county administrator turns numbering of 笔录 on for the county and back to following the prefecture', async ({ page }) => {
  await signIn(page, 'huocheng-admin')
  await openMenu(page, '部门')
  await expect(page.getByRole('heading', { name: '笔录编号' })).toBeVisible()
  await expect(page.getByText(/询问笔录、当事人陈述申辩笔录、听证笔录不编号/)).toBeVisible()
  const form = page.getByTestId('transcript-numbering-form')
  await expect(form.getByTestId('select-transcriptDepartmentId')).toContainText('霍城县应急管理局')

  await form.getByTestId('select-transcriptNumbering').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('编号', { exact: true }).click()
  await form.getByRole('button', { name: /保\s*存/ }).click()
  await expect(page.getByText('霍城县应急管理局此后制作的笔录将编号')).toBeVisible()
  await expect(page.getByTestId('department-tree').getByTestId('transcript-numbering')).toHaveText('笔录编号')

  // Back to following the prefecture (unset: unnumbered), so other tests see the demo's default.
  await form.getByTestId('select-transcriptNumbering').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('沿用上级机关（均未设置则不编号）', { exact: true }).click()
  await form.getByRole('button', { name: /保\s*存/ }).click()
  await expect(page.getByText('霍城县应急管理局的笔录编号已恢复为沿用上级或默认值')).toBeVisible()
  await expect(page.getByTestId('transcript-numbering')).toHaveCount(0)
})
