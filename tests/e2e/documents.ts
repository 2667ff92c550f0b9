/**
 * Steps shared by the document journeys: waiting for the form to come
 * alive, filling a rectification order the way a person does, and reading
 * the files a document page offers.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { expect, type Locator, type Page } from '@playwright/test'

/** The form hydrated: typing now reaches React (and the draft autosave). */
export async function waitForForm(page: Page) {
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible()
}

/** Signs out through the header button and waits for the sign-in page (a navigation cut short logs an error). */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click()
  await expect(page).toHaveURL(/\/login/)
}

/** The whole form item of a field (label, input, help and errors). */
export function fieldItem(page: Page, id: string): Locator {
  return page.locator(`#${id}`).locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]')
}

export function draftStatus(page: Page): Locator {
  return page.getByTestId('draft-status')
}

/** Types into an rjsf date field (antd DatePicker) and confirms. */
export async function fillDate(page: Page, id: string, value: string) {
  const input = page.locator(`#${id}`)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await expect(input).toHaveValue(value)
}

export const party = {
  name: '伊宁市恒安化工有限公司',
  creditCode: '91654002MA78K3QX5G',
  legalRepresentative: '王建国',
  address: '新疆伊犁哈萨克自治州伊宁市工业园区纬三路8号',
}

export async function fillParty(page: Page) {
  await page.locator('#root_party_name').fill(party.name)
  await page.locator('#root_party_creditCode').fill(party.creditCode)
  await page.locator('#root_party_legalRepresentative').fill(party.legalRepresentative)
  await page.locator('#root_party_address').fill(party.address)
}

export const rest = {
  officer: { name: '阿依古丽·买买提', certificateNo: '65000034' },
  law: '《中华人民共和国安全生产法》',
  article: '第六十五条第一款第三项',
  reconsiderationBody: '伊犁哈萨克自治州人民政府',
  court: '伊宁县人民法院',
  finding: '液氨储罐区可燃气体报警装置未与紧急切断装置联锁',
  deadline: '2026-12-31',
}

/** Everything after the party: the second officer, legal basis, appeal, a finding and its deadline (each item has its own). */
export async function fillRest(page: Page) {
  await page.locator('#root_officers_1_name').fill(rest.officer.name)
  await page.locator('#root_officers_1_certificateNo').fill(rest.officer.certificateNo)
  await page.locator('#root_legalBasis_0_law').fill(rest.law)
  await page.locator('#root_legalBasis_0_article').fill(rest.article)
  await page.locator('#root_appeal_reconsiderationBody').fill(rest.reconsiderationBody)
  await page.locator('#root_appeal_court').fill(rest.court)
  await page.locator('#root_findings_0_description').fill(rest.finding)
  await fillDate(page, 'root_findings_0_deadline', rest.deadline)
}

/** Submits the form and waits for the issued document's page; returns its number. */
export async function issue(page: Page): Promise<{ id: string; number: string }> {
  await page.getByTestId('issue-button').click()
  await page.getByRole('button', { name: '确认制发' }).click()
  await expect(page).toHaveURL(/\/documents\/[a-z0-9]{20,}$/, { timeout: 30_000 })
  const number = (await page.getByTestId('document-details').locator('strong').first().innerText()).trim()
  return { id: new URL(page.url()).pathname.split('/').pop()!, number }
}

/** An officer makes a rectification order for the entity from its page (制作文书 → 责令限期整改指令书) and issues it. */
export async function issueRectificationOrder(page: Page, entity: string): Promise<{ id: string; number: string }> {
  await page.goto('/entities')
  await page.getByRole('link', { name: `为${entity}制作文书` }).click()
  await page.getByTestId('kinds-enforcement').getByRole('link', { name: '责令限期整改指令书' }).click()
  await waitForForm(page)
  await expect(page.locator('#root_party_name')).toHaveValue(entity)
  await fillRest(page)
  return issue(page)
}

/** Clicks a download link and returns the file's name and bytes. */
export async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: button }).click()])
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) }
}

export function sm3(bytes: Buffer): string {
  return crypto.createHash('sm3').update(bytes).digest('hex')
}
