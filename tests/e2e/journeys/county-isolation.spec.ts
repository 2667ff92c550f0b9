import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, openMatter, openSteps } from '../procedures.ts'

// Given a Yining case with an issued document and an open step (Art. 7: nobody reads another county's records).
test.describe.configure({ mode: 'serial' })

const title = `伊宁县天山化工危化品储存违法案-${Date.now().toString(36)}`
let matter = { id: '', number: '' }
let taskPath = ''
let documentPath = ''
let documentNumber = ''

test('a Yining case is filed: it has an issued filing approval and an open investigation step', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title, party: '伊宁县天山化工有限责任公司', officers: ['何磊'] })
  await completeDocumentStep(officer, matter.id, '制作立案审批表', 'case-filing-approval', { caseName: '危险化学品储存违法案' })
  await decide(await desk.as('yining-supervisor'), matter.id, '立案审核', 'approve')
  await decide(await desk.as('yining-deputy'), matter.id, '立案审批', 'approve')
  await officer.goto(`/matters/${matter.id}`)
  taskPath = (await openSteps(officer).getByRole('link', { name: '制作询问通知书', exact: true }).getAttribute('href'))!
  const item = officer.getByTestId('matter-documents').locator('.ant-list-item').filter({ hasText: '《立案审批表》' })
  documentPath = (await item.getByRole('link', { name: '查看' }).getAttribute('href'))!
  documentNumber = (await item.locator('.ant-list-item-meta-description').innerText()).split(' · ')[0]!.trim()
  expect(taskPath).toMatch(/^\/tasks\//)
  expect(documentPath).toMatch(/^\/documents\//)
})

// An officer and an administrator of the other county, in the browser; the HTTP authorization
// walk (tests/integration/authorization.test.ts) asks every route as every demo role.
for (const outsider of ['huocheng-officer', 'huocheng-admin']) {
  test(`${outsider} of Huocheng finds it in no list, search or count, and is refused at its addresses`, async ({ desk, allowConsoleError }) => {
    allowConsoleError(/status of 40[34]/)
    const page = await desk.as(outsider)
    for (const search of [matter.number, title, '伊宁县天山化工有限责任公司']) {
      await page.goto(`/matters?scope=all&q=${encodeURIComponent(search)}`)
      await expect(page.getByTestId('matter-count')).toHaveText('共 0 件')
    }
    await page.goto(`/tasks?q=${encodeURIComponent(matter.number)}`)
    await expect(page.getByText('暂无待办事项')).toBeVisible()
    // Unfiltered, nothing of Yining (（伊县）应急…) is listed anywhere.
    await page.goto('/matters?scope=all')
    await expect(page.getByTestId('matter-count')).toBeVisible()
    await expect(page.locator('main')).not.toContainText('（伊县）应急')
    await page.goto('/tasks')
    await expect(page.locator('main')).not.toContainText('（伊县）应急')
    // A system administrator reads no documents at all (the documents page is 403 to them);
    // the others search and list only their own organ's.
    const documentsSearch = await page.goto(`/documents?q=${encodeURIComponent(documentNumber)}`)
    if (outsider === 'huocheng-admin') {
      expect(documentsSearch?.status()).toBe(403)
    } else {
      await expect(page.getByText('暂无文书')).toBeVisible()
    }
    await page.goto('/documents')
    await expect(page.locator('main')).not.toContainText('（伊县）应急')

    for (const path of [`/matters/${matter.id}`, taskPath, documentPath, `${documentPath}/pdf`]) {
      const response = await page.goto(path).catch(() => null) ?? await page.request.get(path)
      expect([403, 404], `${outsider} opens ${path}`).toContain(response.status())
    }
    await page.goto('/')
    await expect(page.locator('main')).not.toContainText(matter.number)
  })
}

test('the Yining supervisor and the prefecture’s supervisor, above the county, do see it', async ({ desk }) => {
  for (const overseer of ['yining-supervisor', 'ili-supervisor']) {
    const page = await desk.as(overseer)
    await page.goto(`/matters?scope=all&q=${encodeURIComponent(matter.number)}`)
    await expect(page.getByTestId('matter-count')).toHaveText('共 1 件')
    await expect(page.getByTestId('matter-table')).toContainText(title)
    await page.getByTestId('matter-table').getByRole('link', { name: matter.number }).click()
    await expect(page.getByTestId('matter-number')).toHaveText(matter.number)
    await expect(page.getByTestId('matter-documents')).toContainText(documentNumber)
  }
})
