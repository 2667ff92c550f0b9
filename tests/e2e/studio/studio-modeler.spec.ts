import type { Page } from '@playwright/test'
import { test, expect } from '../fixtures.ts'

// Issue 12: the region's process administrator edits the penalty procedure on the canvas, sees the
// deploy check's Chinese problems on the elements while editing, and publishes a new version with a
// change note; a version that lets the decision be made without the case review is refused by the
// server with the path shown.
test.describe.configure({ mode: 'serial' })

const key = 'penalty-case-general'
const edit = `/admin/definitions/${key}/edit`

async function openStudio(page: Page) {
  await page.goto(edit)
  await expect(page.getByTestId('studio-problems')).toHaveAttribute('data-checked', '0', { timeout: 30_000 })
}

/** Shows a step at full size in the middle of the canvas (the procedure is too wide to read fitted). */
async function locate(page: Page, name: string) {
  await page.getByTestId('studio-locate').click()
  await page.keyboard.type(name)
  await page.locator('.ant-select-item-option', { hasText: name }).first().click()
}

async function centreOf(page: Page, elementId: string) {
  const box = (await page.locator(`.djs-element[data-element-id="${elementId}"]`).first().boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

async function activeVersion(page: Page): Promise<number> {
  await page.goto('/admin/catalog')
  const row = page.getByTestId('catalog-items').locator('tbody tr').filter({ has: page.getByRole('cell', { name: key, exact: true }) })
  return Number((await row.locator('td').nth(2).innerText()).trim().slice(1))
}

/** The shipped version (1) in force again, through the versions page: earlier studio journeys publish versions of their own. */
async function fromShippedVersion(page: Page) {
  await page.goto(`/admin/definitions/${key}`)
  if ((await page.getByTestId('versions').locator('tr[data-version="1"]').innerText()).includes('生效')) return
  await page.getByTestId('rollback-1').click()
  await page.getByRole('button', { name: /^回\s*退$/ }).click()
  await expect(page.getByText('已回退到第 1 版，新开启的事项按第 1 版办理')).toBeVisible()
}

test('the process administrator adds a second approval with the panel, sees the missing role marked, simulates it, and publishes a new active version', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  await fromShippedVersion(admin)
  const before = await activeVersion(admin)
  const studioChunks: string[] = []
  admin.on('request', (r) => { if (/modeler\.client/.test(r.url())) studioChunks.push(r.url()) })
  await admin.goto('/')
  expect(studioChunks, 'no other page loads the modeler').toEqual([])
  await openStudio(admin)
  expect(studioChunks.length, 'the studio route loads the modeler').toBeGreaterThan(0)
  await expect(admin.locator('.djs-palette')).toBeVisible()
  await expect(admin.locator('.bjs-powered-by')).toBeVisible()

  // 审批 from the palette, dropped on the flow after 案件处理审批's 同意.
  await locate(admin, '案件处理审批')
  const flow = await centreOf(admin, 'approveDispositionApproved')
  await admin.locator('.djs-palette [data-action="create.zf-approval"]').click()
  await admin.mouse.move(flow.x - 20, flow.y)
  await admin.mouse.move(flow.x, flow.y)
  await admin.mouse.click(flow.x, flow.y)
  const problems = admin.getByTestId('studio-problems')
  await expect(problems).toContainText('用户任务缺少 zf:role')
  const marked = admin.locator('.zf-problem-badge')
  await expect(marked).toHaveCount(1)
  const newStep = await marked.getAttribute('data-element-id')
  await expect(admin.locator(`.djs-element.zf-problem[data-element-id="${newStep}"]`)).toBeVisible()

  // The 执法 group of the panel: the document form and the role.
  const panel = admin.getByTestId('studio-panel')
  await expect(panel.getByText('执法', { exact: true })).toBeVisible()
  const form = panel.locator('#bio-properties-panel-zf-form')
  if (!(await form.isVisible())) await panel.getByText('执法', { exact: true }).click()
  await form.selectOption('approval')
  await panel.locator('#bio-properties-panel-zf-role').selectOption('principal-head')
  await expect(problems).toHaveAttribute('data-checked', '0')
  await expect(marked).toHaveCount(0)

  // The simulation walks the canvas as edited: the new approval is reached after 案件处理审批.
  await admin.getByTestId('simulate-current').click()
  const simulation = admin.getByTestId('simulation-panel')
  await simulation.getByTestId('simulation-start').fill('2025-09-30')
  await simulation.getByTestId('simulation-variables').evaluate((e) => (e.closest('details') as HTMLDetailsElement).open = true)
  await simulation.getByTestId('simulation-variables').fill('{"partyPeriods": {"statementDays": 3}}')
  await simulation.getByTestId('simulation-run').click()
  await expect(simulation.getByTestId('simulation-summary')).toContainText('流程结束')
  await expect(simulation.locator(`tr[data-element="${newStep}"]`).first()).toContainText('主要负责同志')

  // Publishing needs a change note.
  await admin.getByTestId('publish').click()
  await expect(admin.getByText('请填写变更说明：为什么改')).toBeVisible()
  await admin.getByTestId('publish-note').fill('案件处理增加主要负责同志审批')
  await admin.getByTestId('publish').click()
  await admin.waitForURL(`**/admin/definitions/${key}`)
  const published = await activeVersion(admin)
  expect(published).toBeGreaterThan(before)
  await admin.goto(edit)
  await expect(admin.getByText(`打开的是生效版本 v${published}`)).toBeVisible()
  await expect(admin.locator('.djs-element[data-element-id="' + newStep + '"]')).toHaveCount(1)
})

test('a version where the decision can be reached without the case review is refused with the path shown', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const admin = await desk.as('region-process-admin')
  const before = await activeVersion(admin)
  await openStudio(admin)

  // 分管负责同志审查决定 no longer marked as the case review (the 执法 panel's 法定环节): the decision's path skips it.
  await locate(admin, '分管负责同志审查决定')
  const panel = admin.getByTestId('studio-panel')
  const gate = panel.locator('#bio-properties-panel-zf-gate')
  if (!(await gate.isVisible())) await panel.getByText('执法', { exact: true }).click()
  await expect(gate).toHaveValue('case-review')
  await gate.selectOption('')
  const problems = admin.getByTestId('studio-problems')
  await expect(problems).toContainText('案件审理审查决定', { timeout: 15_000 })
  await expect(admin.locator('.djs-element.zf-gate-path[data-element-id="deputyDecision"]')).toBeVisible()

  await admin.getByTestId('publish-note').fill('分管负责同志审查不再作为案件审理')
  await admin.getByTestId('publish').click()
  const refused = admin.getByTestId('publish-refused')
  await expect(refused).toContainText('未发布')
  await expect(refused).toContainText('案件审理审查决定')
  await expect(refused).toContainText('「法制审核」(legalReview) → 「审核结果」(legalReviewed) → 「分管负责同志审查决定」(deputyDecision)')
  await expect(admin.locator('.djs-element.zf-gate-path[data-element-id="draftDisposition"]')).toBeVisible()
  await expect(admin.locator('.zf-problem-badge[data-element-id="draftDisposition"]')).toBeVisible()
  expect(await activeVersion(admin)).toBe(before)
})
