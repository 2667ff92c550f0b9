import type { Page } from '@playwright/test'
import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, openMatter, openStepNames } from '../procedures.ts'

// Issue 12, the whole journey: a penalty case is running on the version in force when the region's
// process administrator edits the penalty procedure on the canvas, sees the deploy check's Chinese
// problems on the elements while editing, simulates from 30 September 2025 (due dates across National
// Day) and publishes a new version with a change note. A case opened afterwards runs on the new
// version while the running one stays on its own; the administrator compares the two versions and
// moves the running case, its history kept. A version that lets the decision be made without the case
// review is refused by the server with the path shown.
test.describe.configure({ mode: 'serial' })

const key = 'penalty-case-general'
const edit = `/admin/definitions/${key}/edit`
const procedure = '行政处罚案件（一般程序）'
const party = '伊宁县金穗面粉加工厂'
const caseName = '粉尘爆炸危险场所未按规定安装使用监测报警装置案'

/** Shared by the journey's tests: the version in force at the start, the one published, the step added, the running case. */
const journey = { before: 0, published: 0, newStep: '', running: { id: '', number: '' } }

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

/** The version the matter's page says the case runs on, and that it still shows its steps. */
async function expectRunsOn(page: Page, matterId: string, version: number) {
  await page.goto(`/matters/${matterId}`)
  await expect(page.getByTestId('matter-diagram').locator('.ant-card-head-title')).toHaveText(`办理流程：${procedure}（第 ${version} 版）`)
}

async function openPenaltyCase(page: Page, title: string) {
  return openMatter(page, { kind: '行政处罚案件', variant: '一般程序', title: `${title}-${Date.now().toString(36)}`, party, officers: ['何磊'] })
}

test('a penalty case is running on the version in force, past its first step', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  await fromShippedVersion(admin)
  journey.before = await activeVersion(admin)
  const officer = await desk.as('yining-officer')
  journey.running = await openPenaltyCase(officer, '迁移前已开启的案件')
  await completeDocumentStep(officer, journey.running.id, '制作立案审批表', 'case-filing-approval', { caseName, briefFacts: '经查，你单位制粉车间粉尘爆炸危险场所未安装温度、火花监测报警装置。' })
  await expect(openStepNames(officer)).toHaveText(['立案审核'])
  await expectRunsOn(officer, journey.running.id, journey.before)
})

test('the process administrator adds a second approval with the panel, sees the missing role marked, simulates it, and publishes a new active version', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  const before = journey.before
  expect(await activeVersion(admin), 'the version in force is still the one the running case opened on').toBe(before)
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
  // Every zf attribute has its entry, the opinion and what happens past the deadline included.
  await expect(panel.locator('#bio-properties-panel-zf-opinion option')).toHaveText(['<默认：退回时须填写>', '须填写意见（无论同意或退回）（required）', '可不填写（optional）'])
  await expect(panel.locator('#bio-properties-panel-zf-overdue option')).toHaveText(['<默认：提醒办理人>', '提醒办理人（逾期一日报告负责同志）（remind）', '逾期即报告负责同志（report）'])
  // Chinese throughout: the panel's own tooltips, and the menu that changes the step's type.
  const english = (titles: string[]) => titles.filter((t) => /[A-Za-z]{3}/.test(t) && !/[\u4e00-\u9fff]/.test(t))
  expect(english(await panel.locator('[title]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? '')))).toEqual([])
  await admin.locator('.djs-context-pad [data-action="replace"]').click()
  const replaceMenu = admin.locator('.djs-popup')
  await expect(replaceMenu).toContainText('服务任务')
  expect(english(await replaceMenu.locator('[title], .entry').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') || n.textContent || '')))).toEqual([])
  await admin.keyboard.press('Escape')
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
  // Across National Day: the legal review (3 working days) opens on Tuesday 30 September and is due on
  // Saturday 11 October, a make-up working day after the holiday of 1–8 October; the steps after it open then.
  const legal = simulation.locator('tr[data-element="legalReview"]')
  await expect(legal).toHaveCount(1)
  await expect(legal.locator('td').nth(1)).toHaveText('2025-09-30')
  await expect(legal.getByTestId('simulation-due')).toHaveText('2025-10-11')
  const added = simulation.locator(`tr[data-element="${newStep}"]`)
  await expect(added).toHaveCount(1)
  await expect(added).toContainText('主要负责同志')
  await expect(added.locator('td').nth(1)).toHaveText('2025-10-11')

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
  journey.published = published
  journey.newStep = newStep!
})

test('a case opened after publishing runs on the new version, and the case already running stays on its own', async ({ desk }) => {
  const { before, published, running } = journey
  const officer = await desk.as('yining-officer')
  const opened = await openPenaltyCase(officer, '发布后开启的案件')
  await expect(openStepNames(officer)).toHaveText(['制作立案审批表'])
  await expectRunsOn(officer, opened.id, published)
  await expectRunsOn(officer, running.id, before)
  await expect(openStepNames(officer)).toHaveText(['立案审核'])
  // The versions page counts them: the new version runs only the case opened after it was published.
  const admin = await desk.as('region-process-admin')
  await admin.goto(`/admin/definitions/${key}`)
  await expect(admin.getByTestId(`running-v${published}`)).toHaveText('1')
})

test('the process administrator compares the two versions: the added approval coloured and listed', async ({ desk }) => {
  const { before, published, newStep } = journey
  const admin = await desk.as('region-process-admin')
  await admin.goto(`/admin/definitions/${key}`)
  await admin.getByTestId('compare-from').selectOption(String(before))
  await admin.getByTestId('compare-to').selectOption(String(published))
  await admin.getByTestId('compare-open').click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`比较第 ${before} 版与第 ${published} 版`)
  await expect(admin.getByTestId('compare-summary')).toContainText(/新增 [1-9]\d* 处/)
  const row = admin.getByTestId('compare-changes').locator(`tr[data-element="${newStep}"]`)
  await expect(row).toHaveAttribute('data-mark', 'added')
  await expect(row).toContainText('新增')
  await expect(row).toContainText('「审批」')
  // Drawn green in the new version's diagram only (it is not in the old one).
  await expect(admin.locator('[data-testid="version-diagram"][data-ready="true"]')).toHaveCount(2)
  await expect(admin.locator(`.zf-diff-added[data-element-id="${newStep}"]`)).toHaveCount(1)
})

test('the process administrator moves the running case to the new version, and its history stays', async ({ desk }) => {
  const { before, published, running } = journey
  const admin = await desk.as('region-process-admin')
  await admin.goto(`/admin/definitions/${key}/move?to=${published}`)
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`迁移进行中的事项 · ${procedure}`)
  const row = admin.getByTestId('move-row').filter({ hasText: running.number })
  await expect(row).toContainText(`现为第 ${before} 版`)
  await expect(row).toContainText('当前环节：立案审核')
  await expect(row).toContainText('可迁移')
  await row.getByRole('checkbox').check()
  await admin.getByTestId('move-choose').click()
  await expect(admin.getByTestId('move-confirm')).toContainText(running.number)
  await admin.getByTestId('move-note').fill('按增加主要负责同志审批后的流程办理')
  await admin.getByTestId('move-submit').click()
  await expect(admin.getByTestId('move-result')).toContainText(`${running.number}：v${before} → v${published}`)
  await expect(admin.getByTestId('move-row').filter({ hasText: running.number })).toHaveCount(0)

  // The case's page: the new version, the step it waited at, and what was done before the move.
  const officer = await desk.as('yining-officer')
  await expectRunsOn(officer, running.id, published)
  await expect(openStepNames(officer)).toHaveText(['立案审核'])
  const timeline = officer.getByTestId('matter-timeline')
  await expect(timeline).toContainText('办理「制作立案审批表」')
  await expect(timeline).toContainText(`办理流程由第 ${before} 版迁移到第 ${published} 版：按增加主要负责同志审批后的流程办理`)
  await admin.goto(`/admin/definitions/${key}`)
  await expect(admin.getByTestId(`running-v${published}`)).toHaveText('2')
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
