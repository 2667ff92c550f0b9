import type { Page } from '@playwright/test'
import { test, expect } from '../fixtures.ts'
import { draftStatus, waitForForm } from '../documents.ts'
import { goToStep, openMatter } from '../procedures.ts'

// Issue 13 part 1: a draft in progress keeps its form version when the form studio saves a new one, and its
// owner, on a phone, is offered the migration: kept for one version, migrated to the next (the text typed
// stays), and told why a version that no longer allows the draft's 复查结论 cannot be taken; a step's draft in
// a matter is offered it on the step and moves the matter's version. The forms in force change for the whole
// server, so this runs in the studio project (playwright.config.ts) on forms no other studio journey edits,
// and puts the shipped versions back in force at the end.
test.describe.configure({ mode: 'serial' })

const KEY = 'rectification-review-opinion'
const PLAN = 'onsite-inspection-plan'
const OPINION = '可燃气体报警装置已与紧急切断装置联锁，尚有两名特种作业人员未取得资格证书。'

/** The version of each form in force before this journey changed it. */
const shipped: Record<string, number> = {}

/** The administrator saves the form as edited in the field list: the version number it got. */
async function saveVersion(admin: Page, key: string, note: string, edit: () => Promise<void>): Promise<number> {
  await admin.goto(`/admin/forms/${key}`)
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(/^表单设计：/)
  const active = Number(/生效版本 v(\d+)/.exec(await admin.getByText(/生效版本 v\d+/).innerText())![1])
  shipped[key] ??= active
  await edit()
  await admin.getByLabel('变更说明').fill(note)
  await admin.getByRole('button', { name: '保存为新版本' }).click()
  const saved = admin.getByText(new RegExp(`已保存为第 (\\d+) 版并生效`))
  await expect(saved).toBeVisible({ timeout: 20_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await admin.getByTestId('studio-problems').innerText().catch(() => '')}`)
  })
  const version = Number(/第 (\d+) 版/.exec(await saved.innerText())![1])
  expect(version).toBeGreaterThan(active)
  return version
}

async function addOptionalField(admin: Page, key: string, title: string) {
  await admin.getByRole('button', { name: '添加字段' }).click()
  const editor = admin.getByTestId('field-editor')
  await editor.getByLabel('字段键').fill(key)
  await editor.getByLabel('字段名称').fill(title)
  await editor.getByRole('button', { name: /^确\s*定$/ }).click()
  await expect(admin.getByTestId('field-list')).toContainText(key)
}

async function openDraft(officer: Page) {
  await officer.goto(`/documents/new/${KEY}`)
  await waitForForm(officer)
}

const notice = (officer: Page) => officer.getByTestId('draft-version-notice')

test('an officer\'s draft on a phone keeps its version when 联系电话 is added, and the notice can be kept for that version', async ({ desk }) => {
  const officer = await desk.as('ili-officer2', { phone: true })
  await openDraft(officer)
  await expect(notice(officer)).toHaveCount(0)
  await officer.locator('#root_result').click()
  await officer.locator('.ant-select-dropdown:visible').getByTitle('部分整改', { exact: true }).click()
  await officer.locator('#root_opinion').fill(OPINION)
  await expect(draftStatus(officer)).toContainText('已保存')

  const admin = await desk.as('region-process-admin')
  const phoneVersion = await saveVersion(admin, KEY, '增加被复查单位联系电话（选填）', () => addOptionalField(admin, 'contactPhone', '联系电话'))

  await openDraft(officer)
  await expect(notice(officer)).toContainText(`表单已有新版本（第 ${phoneVersion} 版，变更说明：增加被复查单位联系电话（选填））`)
  await expect(notice(officer)).toContainText('草稿内容可原样迁移')
  // Still the version it was started on, with what was typed.
  await expect(officer.locator('#root_contactPhone')).toHaveCount(0)
  await expect(officer.locator('#root_opinion')).toHaveValue(OPINION)
  await notice(officer).getByRole('button', { name: `保持第 ${shipped[KEY]} 版` }).click()
  await expect(notice(officer)).toHaveCount(0)
  await openDraft(officer)
  await expect(officer.locator('#root_opinion')).toHaveValue(OPINION)
  await expect(notice(officer)).toHaveCount(0)
  await expect(officer.locator('#root_contactPhone')).toHaveCount(0)
})

test('offered the next version, the officer migrates the draft: the form shows the new fields and keeps the text', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  const next = await saveVersion(admin, KEY, '增加复查人员意见', () => addOptionalField(admin, 'reviewerNote', '复查人员意见'))
  const officer = await desk.as('ili-officer2', { phone: true })
  await openDraft(officer)
  await expect(notice(officer)).toContainText(`表单已有新版本（第 ${next} 版，变更说明：增加复查人员意见）`)
  // Typed after the page loaded: saved before the draft moves.
  await officer.locator('#root_opinion').fill(`${OPINION}已责令限期补证。`)
  await notice(officer).getByRole('button', { name: '迁移到新版本' }).click()
  await expect(officer.getByText(`草稿已迁移到第 ${next} 版`)).toBeVisible()
  await waitForForm(officer)
  await expect(notice(officer)).toHaveCount(0)
  await expect(officer.locator('#root_contactPhone')).toBeVisible()
  await expect(officer.locator('#root_reviewerNote')).toBeVisible()
  await expect(officer.locator('#root_opinion')).toHaveValue(`${OPINION}已责令限期补证。`)
  await officer.locator('#root_reviewerNote').fill('同意复查结论')
  await expect(draftStatus(officer)).toContainText('已保存')
})

test('a version that no longer allows 部分整改 is shown with the reason and the draft stays on its version', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  const narrower = await saveVersion(admin, KEY, '复查结论不再设「部分整改」', async () => {
    await admin.getByRole('button', { name: '编辑 result' }).click()
    const editor = admin.getByTestId('field-editor')
    await editor.getByLabel('选项').fill('已整改完毕、未整改')
    await editor.getByRole('button', { name: /^确\s*定$/ }).click()
  })
  const officer = await desk.as('ili-officer2', { phone: true })
  await openDraft(officer)
  await expect(notice(officer)).toContainText(`表单已有新版本（第 ${narrower} 版，变更说明：复查结论不再设「部分整改」）`)
  await expect(officer.getByTestId('draft-version-reasons')).toHaveText('「复查结论」的取值「部分整改」不再允许')
  await expect(notice(officer).getByRole('button', { name: '迁移到新版本' })).toHaveCount(0)
  await expect(officer.locator('#root_reviewerNote')).toHaveValue('同意复查结论')
})

test('a step\'s draft in an inspection opened before the plan form changed is offered the new version on the step; migrating moves the inspection to it', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const inspection = await openMatter(officer, { kind: '监督检查', title: `检查方案迁移-${Date.now().toString(36)}`, party: '伊宁县天山化工有限责任公司', officers: ['何磊'] })
  await goToStep(officer, inspection.id, '编制现场检查方案')
  await waitForForm(officer)
  await officer.locator('#root_methods').fill('现场查看、查阅资料、询问有关人员')
  await expect(draftStatus(officer)).toContainText('已保存')

  const admin = await desk.as('region-process-admin')
  const version = await saveVersion(admin, PLAN, '增加现场联系人（选填）', () => addOptionalField(admin, 'siteContact', '现场联系人'))
  await officer.reload()
  await waitForForm(officer)
  await expect(notice(officer)).toContainText(`表单已有新版本（第 ${version} 版，变更说明：增加现场联系人（选填））`)
  await expect(notice(officer)).toContainText(`迁移后，本事项此后制作的「现场检查方案」都使用第 ${version} 版。`)
  await expect(officer.locator('#root_siteContact')).toHaveCount(0)
  await notice(officer).getByRole('button', { name: '迁移到新版本' }).click()
  await expect(officer.getByText(`草稿已迁移到第 ${version} 版`)).toBeVisible()
  await waitForForm(officer)
  await expect(notice(officer)).toHaveCount(0)
  await expect(officer.locator('#root_siteContact')).toBeVisible()
  await expect(officer.locator('#root_methods')).toHaveValue('现场查看、查阅资料、询问有关人员')
})

test('the shipped versions are put back in force for whatever runs next on this server', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  for (const [key, version] of Object.entries(shipped)) {
    await admin.goto(`/admin/forms/${key}/template`)
    await admin.getByLabel(`启用第 ${version} 版的说明`).fill('恢复随版本发布的版本')
    await admin.getByTestId(`activate-${version}`).click()
    await expect(admin.getByText(`第 ${version} 版已生效`)).toBeVisible()
  }
  expect(Object.keys(shipped).sort()).toEqual([PLAN, KEY])
})
