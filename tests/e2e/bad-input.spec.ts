import { test, expect, signIn, uniqueName } from './fixtures.ts'

test.describe('bad input is refused with a clear message and changes nothing', () => {
  test('five wrong passwords make that address wait before trying again, without revealing whether the name exists', async ({ page, allowConsoleError }, testInfo) => {
    allowConsoleError(/status of 401/)
    const name = uniqueName('nobody', testInfo.project.name)
    await page.goto('/login')
    for (let i = 1; i <= 5; i++) {
      await page.locator('#loginName').fill(name)
      await page.locator('#password').fill(`wrong-${i}`)
      // Each attempt must reach the server before the next (a resubmit cancels the one in flight).
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/login')),
        page.getByRole('button', { name: /登\s*录/ }).click(),
      ])
      await expect(page.getByRole('alert')).toContainText(i < 5 ? '登录名或密码错误' : '登录失败次数过多，请 30 秒后再试')
    }
  })

  test('a state-changing request without the CSRF token is refused with 403', async ({ page }) => {
    await signIn(page, 'ili-admin')
    const response = await page.request.post('/admin/users/new', {
      form: { loginName: 'csrf-victim', displayName: '跨站', password: 'Secret2026pass', departmentId: 'dept-ili' },
    })
    expect(response.status()).toBe(403)
    expect(await response.text()).toContain('CSRF')
    const list = await page.goto('/admin/users?q=csrf-victim')
    expect(list?.status()).toBe(200)
    await expect(page.getByText('共 0 个账号')).toBeVisible()
  })

  test('malformed fields get Chinese field errors and nothing is saved', async ({ page, allowConsoleError }, testInfo) => {
    allowConsoleError(/status of 400/)
    await signIn(page, 'ili-admin')
    await page.goto('/admin/users/new')
    const name = uniqueName('bad', testInfo.project.name)
    await page.locator('#loginName').fill(`${name} 带空格`)
    await page.locator('#displayName').fill('长'.repeat(40))
    await expect(page.locator('#displayName'), 'the form itself stops at the limit').toHaveValue('长'.repeat(32))
    await page.locator('#password').fill('short')
    await page.locator('#phone').fill('12345')
    await page.getByRole('button', { name: '创建账号' }).click()
    await expect(page.getByText('登录名只能包含字母、数字、下划线、点和连字符')).toBeVisible()
    await expect(page.getByText('初始密码至少 10 位')).toBeVisible()
    await expect(page.getByText('请填写 11 位手机号码')).toBeVisible()
    await expect(page.getByText('请选择所在部门')).toBeVisible()
    await page.goto(`/admin/users?q=${encodeURIComponent(name)}`)
    await expect(page.getByText('共 0 个账号')).toBeVisible()
  })

  test('overlong fields posted around the form get 400 with Chinese field errors and nothing is saved', async ({ page }, testInfo) => {
    await signIn(page, 'ili-admin')
    await page.goto('/admin/users/new')
    const csrf = await page.locator('input[name=csrf]').first().inputValue()
    const name = uniqueName('long', testInfo.project.name)
    const response = await page.request.post('/admin/users/new', {
      form: { csrf, loginName: name, displayName: '长'.repeat(40), password: 'Secret2026pass', departmentId: 'dept-ili', certificateKind: 'enforcement', certificateNo: '1'.repeat(31), certificateExpiresAt: '2030-01-01' },
      headers: { Accept: 'text/html' },
    })
    expect(response.status()).toBe(400)
    const html = await response.text()
    expect(html).toContain('姓名不能超过 32 个字符')
    expect(html).toContain('证件编号不能超过 30 个字符')
    await page.goto(`/admin/users?q=${name}`)
    await expect(page.getByText('共 0 个账号')).toBeVisible()
  })

  test('the officer role is refused to an account without a certificate', async ({ page, allowConsoleError }, testInfo) => {
    allowConsoleError(/status of 400/)
    await signIn(page, 'ili-admin')
    await page.goto('/admin/users/new')
    const name = uniqueName('nocert', testInfo.project.name)
    await page.locator('#loginName').fill(name)
    await page.locator('#displayName').fill('无证人员')
    await page.locator('#password').fill('Secret2026pass')
    await page.getByTestId('select-departmentId').click()
    await page.locator('.ant-select-dropdown:visible').getByTitle('伊犁哈萨克自治州应急管理局', { exact: true }).click()
    await page.getByTestId('select-roles').click()
    await page.locator('.ant-select-dropdown:visible').getByTitle('监管执法人员', { exact: true }).click()
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: '创建账号' }).click()
    await expect(page.getByText('监管执法人员须持有有效的行政执法证或执法监督证（第六条）')).toBeVisible()
    await page.goto(`/admin/users?q=${name}`)
    await expect(page.getByText('共 0 个账号')).toBeVisible()
  })
})
