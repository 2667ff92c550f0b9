import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import PizZip from 'pizzip'
import { test, expect } from './fixtures.ts'
import { openMatter } from './procedures.ts'

// Issue 12 part 5: after a new version of a procedure is published, the region's process administrator
// moves a running matter onto it from 迁移进行中的事项, choosing it, confirming, and seeing the result.
const key = 'temporary-plan'
const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'definitions', key, 'process.bpmn'), 'utf8')

function zipOf(xml: string): { name: string; mimeType: string; buffer: Buffer } {
  const zip = new PizZip()
  zip.file(`export/definitions/${key}/process.bpmn`, xml)
  return { name: 'catalog-export.zip', mimeType: 'application/zip', buffer: zip.generate({ type: 'nodebuffer' }) }
}

test('a process administrator moves a running temporary plan to the newly published version, and an officer may not open the page', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 403/)
  const officer = await desk.as('yining-officer')
  const plan = await openMatter(officer, { kind: '临时检查计划', title: `迁移测试临时检查计划-${crypto.randomBytes(3).toString('hex')}`, year: '2026' })

  const admin = await desk.as('region-process-admin')
  await admin.goto('/admin/catalog')
  // A new version that changes nothing a matter waits at (each run its own, so the content is new).
  const revised = shipped.replace('</process>', `<!-- 修订 ${plan.number} --></process>`)
  await admin.getByTestId('catalog-zip').setInputFiles(zipOf(revised))
  await expect(admin.getByText('已选 1 个文件')).toBeVisible()
  await admin.getByTestId('catalog-note').fill('临时检查计划流程修订')
  await admin.getByRole('button', { name: '检查并导入' }).click()
  await expect(admin.getByText(/导入完成：1 项生效/)).toBeVisible()

  await admin.getByTestId('catalog-items').locator('tbody tr').filter({ has: admin.getByRole('cell', { name: key, exact: true }) }).getByRole('link', { name: '迁移到生效版本' }).click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(/迁移进行中的事项/)
  const row = admin.getByTestId('move-row').filter({ hasText: plan.number })
  await expect(row).toContainText('当前环节：编制临时检查计划')
  await expect(row).toContainText('可迁移')
  await row.getByRole('checkbox').check()
  await admin.getByTestId('move-choose').click()
  await expect(admin.getByTestId('move-confirm')).toContainText(plan.number)
  await admin.getByTestId('move-note').fill('按修订后的流程办理')
  await admin.getByTestId('move-submit').click()
  await expect(admin.getByTestId('move-result')).toContainText(new RegExp(`${plan.number.replace(/[()（）〔〕[\]]/g, '.')}：v\\d+ → v\\d+`))
  // Moved: it no longer runs on a version before the one it moved to (the phone's run of this test may publish a newer one meanwhile).
  const to = /迁移到第 (\d+) 版/.exec(await admin.getByTestId('move-result').innerText())![1]
  await admin.goto(`/admin/definitions/${key}/move?to=${to}`)
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(/迁移进行中的事项/)
  await expect(admin.getByTestId('move-row').filter({ hasText: plan.number })).toHaveCount(0)

  const response = await officer.goto(`/admin/definitions/${key}/move`)
  expect(response?.status()).toBe(403)
})
