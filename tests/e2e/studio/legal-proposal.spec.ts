import { test, expect, openMenu } from '../fixtures.ts'

// ADR 041: the county legal office proposes a change to the 询问通知书 in the form studio; the process
// administrator reads it field by field on a phone and accepts it (a new version in force) or rejects one
// with a reason; the proposer is told. The form in force changes for the whole server, so this runs in the
// studio project after the others and puts the shipped version back at the end.
test.describe.configure({ mode: 'serial' })

const KEY = 'inquiry-notice'
let shippedVersion = 0
let proposalUrl = ''

test('an officer is refused the form studio and the list of forms', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 403/)
  const officer = await desk.as('yining-officer')
  for (const url of [`/admin/forms/${KEY}`, '/admin/forms']) {
    const response = await officer.goto(url)
    expect(response?.status(), url).toBe(403)
  }
})

test('the county legal reviewer adds a required 停车须知 in the studio, is refused until the example has it, and submits the proposal', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const legal = await desk.as('yining-legal')
  await legal.goto('/')
  await openMenu(legal, '表单与模板')
  await legal.getByTestId('forms-list').getByRole('link', { name: '询问通知书' }).click()
  await expect(legal.getByRole('heading', { level: 1 })).toHaveText('提出表单修改：询问通知书')
  await expect(legal.getByTestId('propose-mode')).toBeVisible()
  await expect(legal.getByRole('button', { name: '保存为新版本' })).toHaveCount(0)
  shippedVersion = Number(/生效版本 v(\d+)/.exec(await legal.getByText(/生效版本 v\d+/).innerText())![1])

  await legal.getByRole('button', { name: '添加字段' }).click()
  const editor = legal.getByTestId('field-editor')
  await editor.getByLabel('字段键').fill('parkingNote')
  await editor.getByLabel('字段名称').fill('停车须知')
  await editor.getByText('必填').click()
  await editor.getByRole('button', { name: /^确\s*定$/ }).click()
  await expect(legal.getByTestId('field-list')).toContainText('parkingNote')

  await legal.getByLabel('变更说明').fill('来访人常问停车位置，通知书中写明')
  await legal.getByRole('button', { name: '提交修改提议' }).click()
  await expect(legal.getByTestId('studio-problems')).toContainText('未提交')
  await expect(legal.getByTestId('studio-problems')).toContainText('停车须知')

  await legal.getByTestId('preview-desktop').locator('#root_parkingNote').fill('请在东门停车')
  await legal.getByRole('button', { name: '提交修改提议' }).click()
  await expect(legal.getByText('已提交修改提议，等待流程配置管理员采纳')).toBeVisible({ timeout: 20_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await legal.getByTestId('studio-problems').innerText().catch(() => '')}`)
  })
  await expect(legal.getByRole('heading', { level: 1 })).toHaveText('修改提议：询问通知书')
  await expect(legal.getByTestId('proposal-decision')).toHaveCount(0)
  proposalUrl = new URL(legal.url()).pathname
})

test('the process administrator reads the change field by field on a phone and accepts it: a new version in force', async ({ desk }) => {
  const admin = await desk.as('region-process-admin', { phone: true })
  await admin.goto('/')
  await openMenu(admin, '表单与模板')
  const listed = admin.getByTestId('proposals').getByRole('link', { name: /来访人常问停车位置/ })
  await expect(listed).toBeVisible()
  await listed.click()
  await expect(admin).toHaveURL(new RegExp(`${proposalUrl}$`))
  await expect(admin.getByTestId('proposal-summary')).toContainText('待处理')
  await expect(admin.getByTestId('proposal-summary')).toContainText('高原')
  const change = admin.getByTestId('change-parkingNote')
  await expect(change).toContainText('新增')
  await expect(change).toContainText('停车须知')
  await expect(change).toContainText('必填')
  await admin.getByLabel('采纳说明').fill('同意')
  await admin.getByRole('button', { name: '采纳并生效' }).click()
  await expect(admin.getByText(`已采纳：第 ${shippedVersion + 1} 版已生效`)).toBeVisible({ timeout: 20_000 })
  await expect(admin.getByTestId('proposal-summary')).toContainText('已采纳')

  const officer = await desk.as('yining-officer')
  await officer.goto(`/documents/new/${KEY}`)
  await expect(officer.locator('#root_parkingNote')).toBeVisible()
})

test('the proposer is told; a second proposal is rejected with a reason and changes nothing', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const legal = await desk.as('yining-legal', { phone: true })
  await legal.goto('/notifications')
  await expect(legal.getByTestId('notification-list')).toContainText('您对「询问通知书」的修改提议已采纳')

  // Proposed again over the new version: move the new field up one place.
  const reviewer = await desk.as('yining-legal')
  await reviewer.goto(`/admin/forms/${KEY}`)
  await reviewer.getByRole('button', { name: '上移 parkingNote' }).click()
  await reviewer.getByLabel('变更说明').fill('停车须知放到联系人前面')
  await reviewer.getByRole('button', { name: '提交修改提议' }).click()
  await expect(reviewer.getByText('已提交修改提议，等待流程配置管理员采纳')).toBeVisible({ timeout: 20_000 })
  const second = new URL(reviewer.url()).pathname

  const admin = await desk.as('region-process-admin', { phone: true })
  await admin.goto(second)
  await expect(admin.getByTestId('proposal-changes')).toContainText('字段顺序')
  await admin.getByRole('button', { name: /^驳\s*回$/ }).click()
  await expect(admin.getByTestId('proposal-problems')).toContainText('请填写驳回理由')
  await admin.getByLabel('驳回理由').fill('字段顺序按全国文书式样，不调整')
  await admin.getByRole('button', { name: /^驳\s*回$/ }).click()
  await expect(admin.getByText('已驳回，已通知提议人')).toBeVisible()
  await admin.goto(`/admin/forms/${KEY}`)
  await expect(admin.getByText(`生效版本 v${shippedVersion + 1}`)).toBeVisible()

  await legal.goto('/notifications')
  await expect(legal.getByTestId('notification-list')).toContainText('字段顺序按全国文书式样，不调整')
})

test('the shipped 询问通知书 back in force for whatever runs next on this server', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  await admin.goto(`/admin/forms/${KEY}/template`)
  await admin.getByLabel(`启用第 ${shippedVersion} 版的说明`).fill('恢复随版本发布的询问通知书')
  await admin.getByTestId(`activate-${shippedVersion}`).click()
  await expect(admin.getByText(`第 ${shippedVersion} 版已生效`)).toBeVisible()
})
