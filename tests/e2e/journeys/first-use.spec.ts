import { test, expect } from '../fixtures.ts'
import { openMatter, pick } from '../procedures.ts'

// The rough edges a new user met (issue 14): an empty 新建事项, the 我的文书 filter, the inbox on a phone.
test.describe.configure({ mode: 'serial', timeout: 120_000 })

const party = '伊宁县金穗面粉加工厂'

test('an empty 新建事项 for a penalty case marks the procedure type, the party, the officers and the name at once', async ({ desk, allowConsoleError }) => {
  // The refused submit answers 400, which the browser logs.
  allowConsoleError(/status of 400/)
  const officer = await desk.as('yining-officer')
  await officer.goto('/matters/new')
  await pick(officer, 'select-kind', '行政处罚案件')
  await officer.getByRole('button', { name: '开启事项' }).click()
  const form = officer.locator('main form')
  for (const message of ['请选择程序类型', '请选择管理相对人（生产经营单位）', '执法人员不得少于两人', '事项名称']) {
    await expect(form, message).toContainText(message)
  }
  await expect(officer).toHaveURL(/\/matters\/new/)
})

test('the inbox on a phone shows each step’s number and due date with no sideways swipe', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const matter = await openMatter(officer, { kind: '监督检查', title: `收件箱手机显示检查-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  const phone = await desk.as('yining-officer', { phone: true })
  await phone.goto('/tasks')
  const row = phone.getByTestId('task-table').locator('tbody tr.ant-table-row').filter({ hasText: matter.number })
  await expect(row).toHaveCount(1)
  const width = phone.viewportSize()!.width
  // The last column is the due date (a date, or — for a step without a time limit, as this first one).
  for (const cell of [row.getByText(matter.number), row.locator('td').last()]) {
    const box = (await cell.first().boundingBox())!
    expect(box.x + box.width, 'on the screen without scrolling').toBeLessThanOrEqual(width)
  }
  const sideways = await phone.evaluate(() => [...document.querySelectorAll('[data-testid="task-table"] *')].some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && getComputedStyle(e).overflowX !== 'hidden'))
  expect(sideways, 'nothing in the inbox scrolls sideways').toBe(false)
})

test('the 我的文书 filter offers the 行政处罚决定书 and the other kinds issued at a step', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await officer.goto('/documents')
  const kinds = officer.getByLabel('文书种类')
  for (const title of ['行政处罚决定书', '行政（当场）处罚决定书', '责令限期整改指令书']) {
    await expect(kinds.locator('option', { hasText: title }).first()).toHaveCount(1)
  }
})
