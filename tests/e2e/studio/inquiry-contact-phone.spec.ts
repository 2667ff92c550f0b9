import { bodyText } from '../../../forms/_lib/template-tags.ts'
import type { Page } from '@playwright/test'
import { test, expect, openMenu } from '../fixtures.ts'
import { exampleOf } from '../step-form.ts'
import { templateWithLine } from '../../support/docx-edit.ts'

// Issue 13: a process administrator adds a required 联系电话 to the 询问笔录 in the form studio, sees it in the
// preview, saves; new documents need it and documents issued before keep theirs; a template printing it is
// uploaded, previewed and activated. The form in force changes for the whole server, so this runs in its own
// project after the others (playwright.config.ts) and puts the shipped version back in force at the end.
test.describe.configure({ mode: 'serial' })

const KEY = 'inquiry-record'
const PHONE = '13900001111'

/** Issues an inquiry record with the form page's own request (CSRF token, origin): the document's id, or the refusal. */
async function issue(page: Page, payload: Record<string, unknown>): Promise<{ status: number; id: string | null; body: string }> {
  await page.goto(`/documents/new/${KEY}`)
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.content())?.[1] ?? ''
  const response = await page.request.post(`/documents/new/${KEY}`, {
    form: { csrf, payload: JSON.stringify(payload) }, headers: { origin: new URL(page.url()).origin }, maxRedirects: 0,
  })
  const id = /\/documents\/([^/?]+)$/.exec(response.headers().location ?? '')?.[1] ?? null
  return { status: response.status(), id, body: response.status() === 302 ? '' : await response.text() }
}

async function docxOf(page: Page, id: string): Promise<Buffer> {
  const response = await page.request.get(`/documents/${id}/docx`)
  expect(response.status()).toBe(200)
  return Buffer.from(await response.body())
}

let shippedVersion = 0
let earlierId = ''
let earlierText = ''

test('a document issued before the change', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const issued = await issue(officer, exampleOf(KEY))
  expect(issued.status, issued.body).toBe(302)
  earlierId = issued.id!
  earlierText = bodyText(await docxOf(officer, earlierId))
})

test('a process administrator adds a required 联系电话 with a pattern, sees it in the preview and saves a new version', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const admin = await desk.as('region-process-admin')
  await admin.goto('/')
  await openMenu(admin, '表单与模板')
  await admin.getByTestId('forms-list').getByRole('link', { name: '询问笔录' }).click()
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('表单设计：询问笔录')
  shippedVersion = Number(/生效版本 v(\d+)/.exec(await admin.getByText(/生效版本 v\d+/).innerText())![1])

  await admin.getByRole('button', { name: '添加字段' }).click()
  const editor = admin.getByTestId('field-editor')
  await editor.getByLabel('字段键').fill('contactPhone')
  await editor.getByLabel('字段名称').fill('联系电话')
  await editor.getByText('必填').click()
  await editor.getByLabel('格式', { exact: true }).fill('^1\\d{10}$')
  await editor.getByLabel('格式提示').fill('请填写11位手机号码')
  await editor.getByRole('button', { name: /^确\s*定$/ }).click()
  await expect(admin.getByTestId('field-list')).toContainText('contactPhone')

  // The live preview shows the field at both widths.
  const preview = admin.getByTestId('studio-preview')
  await expect(preview.locator('#root_contactPhone')).toBeVisible()
  await preview.getByText('手机', { exact: true }).click()
  await expect(admin.getByTestId('preview-phone').locator('#root_contactPhone')).toBeVisible()

  // The valid example (the preview's data) has no 联系电话 yet: refused, naming the field.
  await admin.getByLabel('变更说明').fill('询问笔录增加被询问人联系电话')
  await admin.getByRole('button', { name: '保存为新版本' }).click()
  await expect(admin.getByTestId('studio-problems')).toContainText('联系电话')
  await admin.getByTestId('preview-phone').locator('#root_contactPhone').fill(PHONE)
  await admin.getByRole('button', { name: '保存为新版本' }).click()
  const saved = admin.getByText(`已保存为第 ${shippedVersion + 1} 版并生效`)
  // A refusal would stay on the page: say what it was.
  await expect(saved).toBeVisible({ timeout: 20_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await admin.getByTestId('studio-problems').innerText().catch(() => '')}`)
  })
  await expect(admin.getByTestId('field-list')).toContainText('contactPhone')

  // Every check passes on what is in force, documents issued before included.
  await admin.getByRole('button', { name: /^检\s*查$/ }).click()
  await expect(admin.getByTestId('studio-check')).toContainText('检查通过')
})

test('a new document needs the field; the document issued earlier is as it was', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await officer.goto(`/documents/new/${KEY}`)
  await expect(officer.locator('#root_contactPhone')).toBeVisible()
  const refused = await issue(officer, { ...exampleOf(KEY), contactPhone: '123' })
  expect(refused.status).toBe(400)
  expect(refused.body).toContain('请填写11位手机号码')
  const issued = await issue(officer, { ...exampleOf(KEY), contactPhone: PHONE })
  expect(issued.status, issued.body).toBe(302)
  expect(bodyText(await docxOf(officer, earlierId))).toBe(earlierText)
})

test('a template printing 联系电话 is uploaded, previewed with the example and activated; one naming an unknown field is refused', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400/)
  const admin = await desk.as('region-process-admin')
  await admin.goto(`/admin/forms/${KEY}`)
  await expect(admin.getByRole('link', { name: '文书模板' })).toHaveAttribute('href', `/admin/forms/${KEY}/template`)
  await admin.goto(`/admin/forms/${KEY}/template`)
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('文书模板：询问笔录')
  const href = await admin.getByTestId('active-template').getByRole('link', { name: '下载模板' }).getAttribute('href')
  const current = Buffer.from(await (await admin.request.get(href!)).body())

  const upload = async (tag: string) => {
    await admin.getByTestId('template-file').setInputFiles({ name: '询问笔录.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: templateWithLine(current, '被询问人联系电话：', tag) })
    await admin.getByLabel('模板变更说明').fill('模板打印被询问人联系电话')
    await admin.getByRole('button', { name: '检查并上传' }).click()
  }
  await upload('{contactPhon}')
  await expect(admin.getByTestId('template-problems')).toContainText('模板中的占位符「{contactPhon}」引用了表单中没有的字段「contactPhon」')

  await upload('{contactPhone}')
  const version = shippedVersion + 2
  await expect(admin.getByText(`模板已上传为第 ${version} 版（尚未生效）`)).toBeVisible()
  const docx = await admin.request.get((await admin.getByTestId(`preview-docx-${version}`).first().getAttribute('href'))!)
  expect(bodyText(Buffer.from(await docx.body()))).toContain(`被询问人联系电话：${PHONE}`)
  const pdfLink = admin.getByTestId(`preview-pdf-${version}`).first()
  if (await pdfLink.count()) {
    const pdf = await admin.request.get((await pdfLink.getAttribute('href'))!)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
  }
  await admin.getByLabel(`启用第 ${version} 版的说明`).fill('启用打印联系电话的模板')
  await admin.getByTestId(`activate-${version}`).click()
  await expect(admin.getByText(`第 ${version} 版已生效`)).toBeVisible()

  const officer = await desk.as('yining-officer')
  const issued = await issue(officer, { ...exampleOf(KEY), contactPhone: PHONE })
  expect(issued.status, issued.body).toBe(302)
  expect(bodyText(await docxOf(officer, issued.id!))).toContain(`被询问人联系电话：${PHONE}`)

  // The shipped version back in force for whatever runs next on this server.
  await admin.getByLabel(`启用第 ${shippedVersion} 版的说明`).fill('恢复随版本发布的询问笔录')
  await admin.getByTestId(`activate-${shippedVersion}`).click()
  await expect(admin.getByText(`第 ${shippedVersion} 版已生效`)).toBeVisible()
})
