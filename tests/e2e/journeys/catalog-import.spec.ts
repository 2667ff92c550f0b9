import fs from 'node:fs'
import path from 'node:path'
import PizZip from 'pizzip'
import type { Page } from '@playwright/test'
import { test, expect, openMenu } from '../fixtures.ts'

// Issue 11: the region's process administrator changes a procedure in the browser, with a change note,
// through the same checked import as `catalog import`; a definition that would run code changes nothing.
test.describe.configure({ mode: 'serial' })

const key = 'case-extension'
const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'definitions', key, 'process.bpmn'), 'utf8')

function zipOf(xml: string): { name: string; mimeType: string; buffer: Buffer } {
  const zip = new PizZip()
  zip.file(`export/definitions/${key}/process.bpmn`, xml)
  return { name: 'catalog-export.zip', mimeType: 'application/zip', buffer: zip.generate({ type: 'nodebuffer' }) }
}

function definitionRow(page: Page) {
  return page.getByTestId('catalog-items').locator('tbody tr').filter({ has: page.getByRole('cell', { name: key, exact: true }) })
}

test('a definition with a script task is refused whole, in Chinese, and the version in force stays', async ({ desk }) => {
  const admin = await desk.as('region-process-admin')
  await admin.goto('/')
  await openMenu(admin, '配置目录')
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('配置目录')
  const before = (await definitionRow(admin).locator('td').nth(2).innerText()).trim()

  const hostile = shipped.replace('</process>', '<scriptTask id="runs-code" name="执行代码" scriptFormat="javascript"><script>while (true) {}</script></scriptTask></process>')
  await admin.getByTestId('catalog-zip').setInputFiles(zipOf(hostile))
  await expect(admin.getByText('已选 1 个文件')).toBeVisible()
  await admin.getByTestId('catalog-note').fill('试图加入脚本任务')
  await admin.getByRole('button', { name: '检查并导入' }).click()
  const problems = admin.getByTestId('catalog-problems')
  await expect(problems).toContainText('未导入任何内容')
  await expect(problems).toContainText('runs-code')
  await admin.goto('/admin/catalog')
  await expect(definitionRow(admin).locator('td').nth(2)).toHaveText(before)
})

test('a renamed definition with its change note becomes the version in force, in the administrator’s name', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const admin = await desk.as('region-process-admin')
  await admin.goto('/admin/catalog')
  const before = Number((await definitionRow(admin).locator('td').nth(2).innerText()).trim().slice(1))
  const renamed = shipped.replace(/(<process id="[^"]+" name=")([^"]*)"/, '$1$2（本厅修订）"')
  await admin.getByTestId('catalog-zip').setInputFiles(zipOf(renamed))
  await expect(admin.getByText('已选 1 个文件')).toBeVisible()
  // The note is required: without it nothing is imported.
  await admin.getByRole('button', { name: '检查并导入' }).click()
  await expect(admin.getByText('请填写变更说明')).toBeVisible()
  await admin.getByTestId('catalog-zip').setInputFiles(zipOf(renamed))
  await expect(admin.getByText('已选 1 个文件')).toBeVisible()
  await admin.getByTestId('catalog-note').fill('流程名称注明本厅修订')
  await admin.getByRole('button', { name: '检查并导入' }).click()
  await expect(admin.getByText(/导入完成：1 项生效/)).toBeVisible()
  const row = definitionRow(admin)
  await expect(row.locator('td').nth(2)).toHaveText(`v${before + 1}`)
  await expect(row).toContainText('王建华')
})
