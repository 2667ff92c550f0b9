import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect, signIn } from './fixtures.ts'
import { fieldItem, waitForForm } from './documents.ts'

// One account per test and project, so parallel runs never share a draft.
const accounts = {
  incomplete: { phone: 'region-officer', desktop: 'region-supervisor' },
  tampered: { phone: 'ili-officer', desktop: 'ili-officer2' },
} as Record<string, Record<string, string>>
const valid = JSON.parse(fs.readFileSync(path.resolve('forms/rectification-order/examples/valid.json'), 'utf8')).payload

async function documentCount(page: Page): Promise<number> {
  await page.goto('/documents')
  const total = await page.getByText(/^共 \d+ 份文书$/).innerText()
  return Number(/\d+/.exec(total)![0])
}

test('an incomplete rectification order shows Chinese errors on its fields and is not sent', async ({ page }, testInfo) => {
  await signIn(page, accounts.incomplete![testInfo.project.name]!)
  const before = await documentCount(page)
  await page.goto('/documents/new/rectification-order')
  await waitForForm(page)
  await page.getByTestId('issue-button').click()
  await expect(fieldItem(page, 'root_party_name')).toContainText('请填写「名称（姓名）」')
  await expect(page.getByText('请填写「整改期限」')).toBeVisible()
  await expect(page.getByText('请填写「问题描述」')).toBeVisible()

  // The browser checks what the server checks, check characters included, and says it in words.
  await page.locator('#root_party_creditCode').fill('91654002MA78K3QX5A')
  await expect(page.getByText('统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V），且末位校验码正确')).toBeVisible()
  await page.locator('#root_officers_1_certificateNo').fill('abc')
  await expect(page.getByText('执法证号应为6至20位数字或大写字母')).toBeVisible()
  await expect(page).toHaveURL(/\/documents\/new\/rectification-order$/)
  expect(await documentCount(page)).toBe(before)
})

test('a tampered submission is refused by the server with 400, its errors show on the fields, and nothing is issued', async ({ page, allowConsoleError }, testInfo) => {
  allowConsoleError(/status of 400/)
  await signIn(page, accounts.tampered![testInfo.project.name]!)
  const before = await documentCount(page)

  // A complete draft, saved the way the form saves it.
  const csrf = await page.locator('input[name=csrf]').first().inputValue()
  await page.goto('/documents/new/rectification-order')
  const saved = await page.request.post('/documents/new/rectification-order/draft', { headers: { 'X-CSRF-Token': csrf }, data: { data: valid, baseRevision: 0 } })
  expect(saved.status()).toBe(200)
  await page.reload()
  await waitForForm(page)
  await expect(page.locator('#root_party_name')).toHaveValue(valid.party.name)

  // What reaches the server is not what the form checked: an altered client, or a stale one.
  await page.route('**/documents/new/rectification-order.data*', async (route) => {
    const fields = new URLSearchParams(route.request().postData() ?? '')
    const payload = JSON.parse(fields.get('payload')!)
    payload.party.creditCode = '91654002MA78K3QX5A'
    payload.officers = payload.officers.slice(0, 1)
    fields.set('payload', JSON.stringify(payload))
    await route.continue({ postData: fields.toString() })
  })
  await page.getByTestId('issue-button').click()
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/documents/new/rectification-order')),
    page.getByRole('button', { name: '确认制发' }).click(),
  ])
  expect(response.status()).toBe(400)
  await expect(page.getByTestId('form-error')).toContainText('提交未成功')
  await expect(fieldItem(page, 'root_party_creditCode')).toContainText('末位校验码正确')
  await expect(page.getByText(/执法人员.*不应少于 2 个项/)).toBeVisible()
  await expect(page).toHaveURL(/\/documents\/new\/rectification-order$/)
  await page.unroute('**/documents/new/rectification-order.data*')

  expect(await documentCount(page), 'nothing was issued').toBe(before)
  // The draft is still there.
  await page.goto('/documents/new/rectification-order')
  await waitForForm(page)
  await expect(page.locator('#root_party_name')).toHaveValue(valid.party.name)
})
