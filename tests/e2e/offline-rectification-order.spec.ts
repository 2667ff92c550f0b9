import { test, expect, signIn, openMenu } from './fixtures.ts'
import { download, draftStatus, fillParty, fillRest, issue, party, rest, sm3, waitForForm } from './documents.ts'

// Each project signs in as its own officer, so the two runs never share a draft.
const officerOf = { phone: 'yining-officer', desktop: 'yining-officer2' } as Record<string, string>

test('an officer fills a rectification order, loses the connection, closes the tab while offline, loses nothing, issues it, and its PDF verifies while a tampered copy does not', async ({ page, context, allowConsoleError }, testInfo) => {
  // Remix fetches route manifests in the background; offline, those fetches fail by design.
  allowConsoleError(/net::ERR_INTERNET_DISCONNECTED/)
  await signIn(page, officerOf[testInfo.project.name] ?? 'yining-officer')
  await openMenu(page, '制作文书')
  await page.getByTestId('kinds-enforcement').getByRole('link', { name: '责令限期整改指令书' }).click()
  await waitForForm(page)

  // Prefilled from the context the form declares: the issuing department, the officer, today.
  await expect(page.locator('#root_issuingDepartment')).toHaveValue('伊宁县应急管理局')
  await expect(page.locator('#root_officers_0_name')).not.toHaveValue('')
  await expect(page.locator('#root_issueDate')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/)
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(scroll, 'no horizontal scrolling').toBeLessThanOrEqual(0)

  await fillParty(page)
  await expect(draftStatus(page)).toContainText('已保存')

  // The connection drops; the officer keeps typing.
  await context.setOffline(true)
  await fillRest(page)
  await expect(draftStatus(page)).toContainText('离线未保存')

  await context.setOffline(false)
  await expect(draftStatus(page)).toContainText('已保存')

  // The connection drops again; one more line, and the tab is closed while offline: only this device has it.
  await context.setOffline(true)
  await page.locator('#root_interimMeasures').fill('液氨储罐区停止充装作业，安排专人24小时巡查。')
  await expect(draftStatus(page)).toContainText('离线未保存')
  const url = page.url()
  await page.close()
  await context.setOffline(false)

  const again = await context.newPage()
  await again.goto(url)
  await waitForForm(again)
  await expect(again.getByText('已恢复本机上尚未保存的内容')).toBeVisible()
  await expect(draftStatus(again)).toContainText('已保存')
  await again.reload()
  await waitForForm(again)
  await expect(again.locator('#root_party_name')).toHaveValue(party.name)
  await expect(again.locator('#root_party_creditCode')).toHaveValue(party.creditCode)
  await expect(again.locator('#root_officers_1_name')).toHaveValue(rest.officer.name)
  await expect(again.locator('#root_legalBasis_0_law')).toHaveValue(rest.law)
  await expect(again.locator('#root_appeal_court')).toHaveValue(rest.court)
  await expect(again.locator('#root_findings_0_description')).toHaveValue(rest.finding)
  await expect(again.locator('#root_findings_0_deadline')).toHaveValue(rest.deadline)
  await expect(again.locator('#root_interimMeasures')).toHaveValue('液氨储罐区停止充装作业，安排专人24小时巡查。')

  const { number } = await issue(again)
  expect(number).toMatch(/^（伊县）应急责改〔\d{4}〕\d+号$/)
  await expect(again.getByTestId('document-details')).toContainText('伊宁县应急管理局')
  await expect(again.getByTestId('document-details')).toContainText(party.name)

  const pdf = await download(again, '下载 PDF')
  expect(pdf.name).toBe(`责令限期整改指令书-${number}.pdf`)
  expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
  const docx = await download(again, '下载 DOCX')
  expect(docx.name).toBe(`责令限期整改指令书-${number}.docx`)

  // Anyone holding the paper opens the address printed on it, without signing in.
  const verifyPath = await again.getByRole('link', { name: '核验页面' }).getAttribute('href')
  const visitor = await context.browser()!.newContext({ ...testInfo.project.use })
  const stranger = await visitor.newPage()
  await stranger.goto(verifyPath!)
  const details = stranger.getByTestId('verify-details')
  await expect(details).toContainText(number)
  await expect(details).toContainText('责令限期整改指令书')
  await expect(details).toContainText('伊宁县应急管理局')
  await expect(details).toContainText(sm3(pdf.bytes))

  await stranger.locator('#file').setInputFiles({ name: 'copy.pdf', mimeType: 'application/pdf', buffer: pdf.bytes })
  await stranger.getByRole('button', { name: '核对文件' }).click()
  await expect(stranger.getByTestId('verify-match')).toContainText('完全一致')

  const tampered = Buffer.from(pdf.bytes)
  const at = Math.floor(tampered.length / 2)
  tampered[at] = tampered[at]! ^ 0x01
  await stranger.locator('#file').setInputFiles({ name: 'copy.pdf', mimeType: 'application/pdf', buffer: tampered })
  await stranger.getByRole('button', { name: '核对文件' }).click()
  await expect(stranger.getByTestId('verify-mismatch')).toContainText('不一致，可能被篡改')
  await visitor.close()
})
