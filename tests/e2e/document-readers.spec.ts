import { test, expect, signIn } from './fixtures.ts'
import { fillRest, issue, signOut, waitForForm } from './documents.ts'

// The two projects make their documents about different parties, so they never share a draft.
const entityOf = { phone: '伊宁县恒泰煤业有限公司', desktop: '伊宁县天山化工有限责任公司' } as Record<string, string>

test('a county officer’s document is seen by the officer and the county and prefecture supervisors, and is 404 to a colleague and to another county', async ({ page, allowConsoleError }, testInfo) => {
  // Five people sign in one after the other (argon2 each time) and a PDF is made: a journey's budget, not a page's.
  allowConsoleError(/status of 404/)
  const entity = entityOf[testInfo.project.name]!
  await signIn(page, 'yining-officer')
  await page.goto('/entities')
  await page.getByRole('link', { name: `为${entity}制作文书` }).click()
  await page.getByTestId('kinds-enforcement').getByRole('link', { name: '责令限期整改指令书' }).click()
  await waitForForm(page)
  // The party comes from the regulated entity the officer started from.
  await expect(page.locator('#root_party_name')).toHaveValue(entity)
  await expect(page.locator('#root_party_creditCode')).toHaveValue(/^91654021/)
  await fillRest(page)
  const { id, number } = await issue(page)
  await page.goto('/documents')
  await expect(page.getByTestId('documents-list')).toContainText(number)

  for (const outsider of ['yining-officer2', 'huocheng-officer']) {
    await signOut(page)
    await signIn(page, outsider)
    const direct = await page.goto(`/documents/${id}`)
    expect(direct?.status(), `${outsider} opens the document by its address`).toBe(404)
    await expect(page.getByRole('heading', { name: '未找到' })).toBeVisible()
    expect((await page.request.get(`/documents/${id}/pdf`)).status()).toBe(404)
    expect((await page.request.get(`/documents/${id}/docx`)).status()).toBe(404)
    await page.goto(`/documents?q=${encodeURIComponent(number)}`)
    await expect(page.getByText('暂无文书')).toBeVisible()
  }

  for (const supervisor of ['yining-supervisor', 'ili-supervisor']) {
    await signOut(page)
    await signIn(page, supervisor)
    await page.goto(`/documents?q=${encodeURIComponent(number)}`)
    await expect(page.getByTestId('documents-list')).toContainText(number)
    await page.getByRole('link', { name: number }).click()
    await expect(page.getByTestId('document-details')).toContainText(entity)
  }
})
