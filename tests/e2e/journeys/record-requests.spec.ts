import type { Page } from '@playwright/test'
import { test, expect } from '../fixtures.ts'
import { download, issueRectificationOrder, sm3 } from '../documents.ts'
import { completeDocumentStep, decide, expectClosed, goToStep, openMatter, openStepNames } from '../procedures.ts'
import { pdfText, squash } from '../../../app/services/documents/pdf-text.server.ts'

// Art. 7 and gate 3 of procedures.md: nobody changes, deletes or reads a colleague's record except by an approved request.
const suffix = () => Date.now().toString(36)

async function pdfSm3(page: Page, documentId: string) {
  await page.goto(`/documents/${documentId}`)
  return (await page.getByTestId('document-details').locator('code.zf-hash').innerText()).trim()
}

test.describe('a change request', () => {
  test.describe.configure({ mode: 'serial' })
  let document = { id: '', number: '' }
  let request = { id: '', number: '' }
  let issuedPdf: Buffer = Buffer.alloc(0)
  let verifyPath = ''

  test('an officer asks to correct the wording of a rectification order he issued; the county legal office reviews and the deputy head approves', async ({ desk }) => {
    const officer = await desk.as('yining-officer2')
    document = await issueRectificationOrder(officer, '伊宁县金穗面粉加工厂')
    issuedPdf = (await download(officer, '下载 PDF')).bytes
    verifyPath = (await officer.getByRole('link', { name: '核验页面' }).getAttribute('href'))!
    request = await openMatter(officer, { kind: '执法记录更改申请', title: `更正责令限期整改指令书的隐患部位-${suffix()}`, target: document.number, reason: '制作时将紧急切断阀误写为紧急切断装置，与现场照片不符。' })
    expect(request.number).toMatch(/^（伊县）应急更申〔2026〕\d+号$/)
    await completeDocumentStep(officer, request.id, '提出更改申请', 'change-request', {
      recordNumber: document.number, recordTitle: '责令限期整改指令书',
      changes: [{ field: '发现的问题', current: '紧急切断装置', proposed: '紧急切断阀' }],
    })
    // Reviewed where the applicant works: Yining's legal office, then its deputy head.
    await expect(openStepNames(officer)).toHaveText(['法制审核部门审核'])
    await decide(await desk.as('yining-legal'), request.id, '法制审核部门审核', 'approve', '更改内容与现场照片一致，同意。')
    const deputy = await desk.as('yining-deputy')
    await decide(deputy, request.id, '分管负责同志审批', 'approve')
    await expect(openStepNames(deputy)).toHaveText(['执行更改'])
  })

  test('the county’s system administrator applies it: same number, new wording, the earlier version kept and logged', async ({ desk, baseURL }) => {
    const admin = await desk.as('yining-admin')
    await completeDocumentStep(admin, request.id, '执行更改', 'record-operation', {
      operation: '更改', recordNumber: document.number, summary: '已按批准的更改申请将“紧急切断装置”更正为“紧急切断阀”，原版本留存。', previousVersionKept: true,
    })
    await expectClosed(admin, request.id)

    const officer = await desk.as('yining-officer2')
    await officer.goto(`/documents/${document.id}`)
    await expect(officer.getByTestId('document-details')).toContainText(document.number)
    await expect(officer.getByTestId('document-changes')).toContainText(`第 2 稿`)
    await expect(officer.getByTestId('document-changes')).toContainText(`按经批准的更改申请 ${request.number} 更改，原稿留存`)
    expect(await pdfSm3(officer, document.id), 'the document was rendered again').not.toBe(sm3(issuedPdf))
    // Rendered again by a workflow step, it prints the address this server (on its own port) is reached at.
    const revised = await download(officer, '下载 PDF')
    expect(squash(pdfText(revised.bytes))).toContain(`${baseURL}/verify/`)

    await admin.goto(`/admin/audit?action=document.change&q=${encodeURIComponent(document.number)}`)
    await expect(admin.locator('main')).toContainText('按批准的申请更改文书（原稿留存）')
  })

  test('whoever holds the paper from before the change learns at the verify page that it was genuine but is superseded', async ({ browser, baseURL }) => {
    const visitor = await browser.newContext({ baseURL })
    const page = await visitor.newPage()
    await page.goto(verifyPath)
    await expect(page.getByTestId('verify-changed')).toContainText('按经批准的更改申请更正（现行为第 2 版）')
    await page.locator('#file').setInputFiles({ name: 'old.pdf', mimeType: 'application/pdf', buffer: issuedPdf })
    await page.getByRole('button', { name: '核对文件' }).click()
    await expect(page.getByTestId('verify-earlier-version')).toContainText('与更正前的版本一致')
    await expect(page.getByTestId('verify-mismatch')).toHaveCount(0)
    await visitor.close()
  })
})

test.describe('a deletion request', () => {
  test.describe.configure({ mode: 'serial' })
  let document = { id: '', number: '' }
  let request = { id: '', number: '' }
  let verifyPath = ''

  test('a Huocheng officer asks to delete a duplicate record; it goes to the region, not to the county', async ({ desk }) => {
    const officer = await desk.as('huocheng-officer')
    document = await issueRectificationOrder(officer, '霍城县清水河建材有限公司')
    verifyPath = (await officer.getByRole('link', { name: '核验页面' }).getAttribute('href'))!
    request = await openMatter(officer, { kind: '执法记录删除申请', title: `删除重复录入的责令限期整改指令书-${suffix()}`, target: document.number, reason: '同一次检查重复制作了两份指令书，本份为重复记录。' })
    await completeDocumentStep(officer, request.id, '提出删除申请', 'deletion-request', { recordNumber: document.number, recordTitle: '责令限期整改指令书' })
    await expect(openStepNames(officer)).toHaveText(['政策法规处审核'])
    // Huocheng's own legal office and heads have nothing to do with it.
    const deputy = await desk.as('huocheng-deputy')
    await deputy.goto(`/tasks?q=${encodeURIComponent(request.number)}`)
    await expect(deputy.getByText('暂无待办事项')).toBeVisible()
  })

  test('the region’s policy office reviews, its principal head approves and its administrator deletes: the record is gone from every list, kept as a revision', async ({ desk, allowConsoleError, browser, baseURL }) => {
    allowConsoleError(/status of 404/)
    await decide(await desk.as('region-policy'), request.id, '政策法规处审核', 'approve', '确属重复录入，同意删除。')
    await decide(await desk.as('region-principal'), request.id, '主要负责同志审批', 'approve')
    const admin = await desk.as('region-admin')
    await completeDocumentStep(admin, request.id, '执行删除', 'record-operation', {
      operation: '删除', recordNumber: document.number, summary: '已按批准的删除申请删除重复记录，原版本留存。', previousVersionKept: true,
    })
    await expectClosed(admin, request.id)

    const officer = await desk.as('huocheng-officer')
    await officer.goto(`/documents?q=${encodeURIComponent(document.number)}`)
    await expect(officer.getByText('暂无文书')).toBeVisible()
    expect((await officer.goto(`/documents/${document.id}`))?.status()).toBe(404)
    await admin.goto(`/admin/audit?action=document.delete&q=${encodeURIComponent(document.number)}`)
    await expect(admin.locator('main')).toContainText('按批准的申请删除文书（原稿留存）')

    // The paper copy's verify address now says that the document is no longer in force.
    const visitor = await browser.newContext({ baseURL })
    const stranger = await visitor.newPage()
    await stranger.goto(verifyPath)
    await expect(stranger.getByTestId('verify-deleted')).toContainText('此文书已被删除，不再有效')
    await expect(stranger.getByTestId('verify-details')).toContainText(document.number)
    await visitor.close()
  })
})

test.describe('an access request', () => {
  test.describe.configure({ mode: 'serial' })

  test('an officer reads a colleague’s document only once the deputy head has approved the request', async ({ desk, allowConsoleError }) => {
    allowConsoleError(/status of 404/)
    const owner = await desk.as('yining-officer')
    const document = await issueRectificationOrder(owner, '伊宁县顺达加油站')
    const colleague = await desk.as('yining-officer2')
    expect((await colleague.goto(`/documents/${document.id}`))?.status(), 'before the request').toBe(404)

    const request = await openMatter(colleague, { kind: '执法文书查阅申请', title: `查阅顺达加油站整改指令书-${suffix()}`, target: document.number, reason: '办理该加油站的复查，需了解此前的整改要求。' })
    await completeDocumentStep(colleague, request.id, '提出查阅申请', 'access-request', {
      documents: [{ number: document.number, title: '责令限期整改指令书' }], until: '2026-03-20',
    })
    expect((await colleague.goto(`/documents/${document.id}`))?.status(), 'while it waits for approval').toBe(404)
    // The approver sees the target chosen when the request was opened: number, title, maker (issue 9).
    const deputy = await desk.as('yining-deputy')
    await goToStep(deputy, request.id, '查阅审批')
    await expect(deputy.getByTestId('request-target')).toContainText(document.number)
    await expect(deputy.getByTestId('request-target')).toContainText('责令限期整改指令书')
    await expect(deputy.getByTestId('request-target')).toContainText('买买提江·吐尔洪')
    await decide(deputy, request.id, '查阅审批', 'approve')
    await expectClosed(colleague, request.id)

    const opened = await colleague.goto(`/documents/${document.id}`)
    expect(opened?.status()).toBe(200)
    await expect(colleague.getByTestId('document-details')).toContainText(document.number)
    await expect(colleague.getByTestId('document-details')).toContainText('伊宁县顺达加油站')
  })
})
