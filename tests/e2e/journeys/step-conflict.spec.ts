import { test, expect } from '../fixtures.ts'
import { issueRectificationOrder } from '../documents.ts'
import { completeDocumentStep, decide, goToStep, openMatter, openStepNames } from '../procedures.ts'

// A review step waits in the pool of Yining's legal office (高原 and 罗佳). Both open it;
// 高原 approves first. 罗佳's approval from the page still open must not count twice.
test.describe.configure({ mode: 'serial' })

test('罗佳 approves a review 高原 has already approved: 409 with a Chinese explanation, and the request moves on once', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 409/)
  const officer = await desk.as('yining-officer')
  const document = await issueRectificationOrder(officer, '伊宁县恒泰煤业有限公司')
  const request = await openMatter(officer, {
    kind: '执法记录更改申请', title: `更正整改期限的表述-${Date.now().toString(36)}`, target: document.number, reason: '整改措施中的设备名称写错。',
  })
  await completeDocumentStep(officer, request.id, '提出更改申请', 'change-request', {
    recordNumber: document.number, recordTitle: '责令限期整改指令书',
    changes: [{ field: '发现的问题', current: '紧急切断装置', proposed: '紧急切断阀' }],
  })

  const late = await desk.as('yining-legal2')
  await goToStep(late, request.id, '法制审核部门审核')
  const stalePage = late.url()
  await decide(await desk.as('yining-legal'), request.id, '法制审核部门审核', 'approve', '同意更改。')

  await late.locator('#comment').fill('同意。')
  const [response] = await Promise.all([
    late.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith(new URL(stalePage).pathname)),
    late.getByTestId('outcome-approve').click(),
  ])
  expect(response.status()).toBe(409)
  await expect(late.getByRole('alert')).toContainText('操作冲突')
  await expect(late.getByRole('alert')).toContainText('该环节已经办理完毕')
  // 查看最新状态 reloads the step: done, by 高原.
  await late.getByTestId('reload-after-conflict').click()
  await expect(late.locator('main')).toContainText('已办理')
  await expect(late.locator('main')).toContainText('高原 · ')

  // Nothing of 罗佳's was recorded: one legal approval (高原's), and the request waits for the deputy head.
  await late.goto(`/matters/${request.id}`)
  await expect(openStepNames(late)).toHaveText(['分管负责同志审批'])
  const timeline = late.getByTestId('matter-timeline')
  await expect(timeline).toContainText('同意更改。')
  await expect(timeline).toContainText('高原')
  await expect(timeline).not.toContainText('罗佳')
})
