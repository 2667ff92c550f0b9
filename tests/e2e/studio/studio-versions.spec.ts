import fs from 'node:fs'
import path from 'node:path'
import PizZip from 'pizzip'
import { test, expect } from '../fixtures.ts'

// Issue 12 parts 3–4: the region's process administrator opens the procedures from the home card, the
// penalty procedure's versions, simulates a case from 30 September 2025 (due dates across National Day),
// compares the version in force with a second one published through the catalog (the changed step coloured
// and listed), and rolls back.
test.describe.configure({ mode: 'serial' })

const key = 'penalty-case-general'
const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'definitions', key, 'process.bpmn'), 'utf8')
// A step no other journey reaches, so the second version changes nothing they see while it is in force.
const second = shipped.replace('<userTask id="sampling" name="制作抽样取证凭证" zf:form="sampling-evidence-voucher"',
  '<userTask id="sampling" name="制作抽样取证凭证（附现场照片）" zf:due="5 working days" zf:form="sampling-evidence-voucher"')

test('the process administrator simulates, compares two versions of the penalty procedure and rolls back', async ({ desk }) => {
  expect(second).not.toBe(shipped)
  const admin = await desk.as('region-process-admin')
  await admin.goto('/')
  // The home card 编辑和发布流程定义、表单和模板 leads to the procedures.
  await admin.getByTestId('role-panel-process-admin').getByRole('link', { name: '流程定义', exact: true }).click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('流程定义')
  const row = admin.getByTestId('procedures').locator('tbody tr').filter({ hasText: key })
  await expect(row).toContainText('第 1 版')

  // A second version, published through the catalog with its change note.
  const zip = new PizZip()
  zip.file(`export/definitions/${key}/process.bpmn`, second)
  await admin.goto('/admin/catalog')
  await admin.getByTestId('catalog-zip').setInputFiles({ name: 'penalty.zip', mimeType: 'application/zip', buffer: zip.generate({ type: 'nodebuffer' }) })
  await expect(admin.getByText('已选 1 个文件')).toBeVisible()
  await admin.getByTestId('catalog-note').fill('抽样取证须附现场照片，5个工作日内完成')
  await admin.getByRole('button', { name: '检查并导入' }).click()
  await expect(admin.getByText(/导入完成：1 项生效/)).toBeVisible()

  await admin.goto('/admin/definitions')
  await row.getByRole('link', { name: '行政处罚案件（一般程序）', exact: true }).click()
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('行政处罚案件（一般程序）')
  const versions = admin.getByTestId('versions')
  await expect(versions.locator('tr[data-version="2"]')).toContainText('生效')
  await expect(versions.locator('tr[data-version="2"]')).toContainText('抽样取证须附现场照片')

  // Simulation from 30 September 2025: the legal review opens that day and is due on Saturday 11 October,
  // a make-up working day after the National Day holiday; the case review gate is passed on the way.
  const panel = admin.getByTestId('simulation-panel')
  await panel.getByTestId('simulation-start').fill('2025-09-30')
  await panel.getByTestId('simulation-variables').evaluate((e) => (e.closest('details') as HTMLDetailsElement).open = true)
  await panel.getByTestId('simulation-variables').fill('{"partyPeriods": {"statementDays": 3}}')
  await panel.getByTestId('simulation-run').click()
  await expect(panel.getByTestId('simulation-summary')).toContainText('流程结束')
  // Unguided, the investigation takes each of its outcomes in turn; the administrator ends it after the first inquiry.
  await panel.locator('tr[data-element="inquiryRecord"]').first().getByRole('combobox', { name: '「制作询问笔录」的结果' }).selectOption({ label: '调查终结，提请审查' })
  await expect(panel.locator('tr[data-element="inquiryRecord"]')).toHaveCount(1)
  const legal = panel.locator('tr[data-element="legalReview"]')
  await expect(legal).toContainText('2025-09-30')
  await expect(legal).toContainText('2025-10-11')
  await expect(legal).toContainText('法制审核人员')
  await expect(legal).toContainText('本机关法制审核部门')
  await expect(panel.locator('tr[data-element="deputyDecision"]')).toContainText('通过「案件审理审查决定」')
  await expect(panel.locator('tr[data-element="approveFiling"]').first()).toContainText('制发《立案审批表》')

  // Compare the first version with the second.
  await admin.getByTestId('compare-from').selectOption('1')
  await admin.getByTestId('compare-to').selectOption('2')
  await admin.getByTestId('compare-open').click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('比较第 1 版与第 2 版')
  await expect(admin.getByTestId('compare-summary')).toContainText('修改 1 处')
  const changed = admin.getByTestId('compare-changes').locator('tr[data-element="sampling"]')
  await expect(changed).toContainText('修改')
  await expect(changed).toContainText('名称：制作抽样取证凭证 → 制作抽样取证凭证（附现场照片）')
  await expect(changed).toContainText('期限（zf:due）：（无） → 5 working days')
  // Both diagrams drawn, the changed step amber in each.
  await expect(admin.locator('[data-testid="version-diagram"][data-ready="true"]')).toHaveCount(2)
  await expect(admin.locator('.zf-diff-changed[data-element-id="sampling"]')).toHaveCount(2)

  // Roll back to the first version.
  await admin.getByRole('link', { name: /的版本$/ }).click()
  await admin.getByTestId('rollback-1').click()
  await admin.getByRole('button', { name: /^回\s*退$/ }).click()
  await expect(admin.getByText('已回退到第 1 版，新开启的事项按第 1 版办理')).toBeVisible()
  await expect(versions.locator('tr[data-version="1"]')).toContainText('生效')
  await expect(admin.getByTestId('activations')).toContainText('第 1 版生效（此前第 2 版）——回退到第 1 版')
})
