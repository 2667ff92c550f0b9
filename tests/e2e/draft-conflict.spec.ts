import { test, expect, signIn } from './fixtures.ts'
import { draftStatus, waitForForm } from './documents.ts'

const officerOf = { phone: 'huocheng-officer', desktop: 'huocheng-officer2' } as Record<string, string>

test('an officer with the same form open in two tabs is told that the draft changed elsewhere and chooses which text to keep', async ({ page, context, allowConsoleError }, testInfo) => {
  allowConsoleError(/status of 409/)
  await signIn(page, officerOf[testInfo.project.name]!)
  await page.goto('/documents/new/rectification-order')
  await waitForForm(page)
  const other = await context.newPage()
  await other.goto('/documents/new/rectification-order')
  await waitForForm(other)

  await page.locator('#root_party_name').fill('霍城县惠远烟花爆竹批发有限公司')
  await expect(draftStatus(page)).toContainText('已保存')

  // The second tab still holds the old draft; its save is refused, not written over the first tab's text.
  await other.locator('#root_party_name').fill('霍城县清水河建材有限公司')
  const conflict = other.getByTestId('draft-conflict')
  await expect(conflict).toContainText('草稿已在其他标签页或设备上修改')
  await expect(conflict).toContainText('本页已暂停自动保存')
  await expect(draftStatus(other)).toContainText('已暂停自动保存')

  await page.reload()
  await waitForForm(page)
  await expect(page.locator('#root_party_name')).toHaveValue('霍城县惠远烟花爆竹批发有限公司')

  // The officer keeps what the second tab says.
  await conflict.getByRole('button', { name: '保留本页内容' }).click()
  await expect(draftStatus(other)).toContainText('已保存')
  await expect(conflict).toBeHidden()
  await page.reload()
  await waitForForm(page)
  await expect(page.locator('#root_party_name')).toHaveValue('霍城县清水河建材有限公司')
})
