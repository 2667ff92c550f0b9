import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, goToStep, openMatter } from '../procedures.ts'
import { acted } from '../matter-page.ts'

// Issue 9: an approval step shows the draft being approved, read-only, and
// after a return what changed; an administrator cannot grant itself a role.
const suffix = () => Date.now().toString(36)

test.describe('approving with the draft in front of you', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 })
  let plan = { id: '', number: '' }

  test('the principal head sees the annual plan being approved, read-only, and returns it', async ({ desk }) => {
    const admin = await desk.as('yining-admin')
    plan = await openMatter(admin, { kind: '年度执法计划', title: `2026年度检查计划（审批见稿）-${suffix()}`, year: '2026' })
    await completeDocumentStep(admin, plan.id, '编制年度执法计划', 'annual-plan', { year: 2026 })
    const principal = await desk.as('yining-principal')
    await goToStep(principal, plan.id, '主要负责同志审批')
    const draft = principal.getByTestId('draft-under-review')
    await expect(draft).toContainText('年度执法计划')
    await expect(draft.getByTestId('readonly-form')).toBeVisible()
    await expect(draft.locator('input:not([type=hidden])').first()).toBeDisabled()
    await expect(principal.getByTestId('draft-changes')).toHaveCount(0)
    await principal.locator('#comment').fill('请增加粉尘涉爆企业的检查频次。')
    await principal.getByTestId('outcome-return').click()
    await expect(principal).toHaveURL(new RegExp(`/matters/${plan.id}$`))
    acted(principal)
  })

  test('on a phone, after the revision, the principal head reads what changed field by field and the earlier opinion', async ({ desk }) => {
    const admin = await desk.as('yining-admin')
    await completeDocumentStep(admin, plan.id, '编制年度执法计划', 'annual-plan', {
      inspections: [{ type: '重点检查', scope: '危险化学品生产经营单位', count: 60, months: '3月至10月' }, { type: '专项检查', scope: '粉尘涉爆企业', count: 30, months: '4月至9月' }],
    })
    const principal = await desk.as('yining-principal', { phone: true })
    await goToStep(principal, plan.id, '主要负责同志审批')
    await expect(principal.getByTestId('draft-changes')).toContainText('与退回前相比，修改了')
    await expect(principal.getByTestId('draft-changes')).toContainText('粉尘涉爆企业')
    await expect(principal.getByTestId('earlier-opinions')).toContainText('请增加粉尘涉爆企业的检查频次。')
    await expect(principal.getByTestId('readonly-form')).toBeVisible()
  })
})

test('an administrator cannot grant itself a role: its own page offers no role form', async ({ desk }) => {
  const admin = await desk.as('yining-admin')
  await admin.goto('/admin/users')
  await admin.getByRole('link', { name: '杨帆' }).first().click()
  await expect(admin.getByTestId('no-self-grant')).toContainText('不能为自己分配角色')
  await expect(admin.getByRole('button', { name: '分配角色' })).toHaveCount(0)
})
