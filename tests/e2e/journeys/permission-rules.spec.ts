import { test, expect, openMenu } from '../fixtures.ts'
import { openMatter, pick } from '../procedures.ts'

// Issue 11 part 5 (ADR 026): the region's administrator edits a role's rules on a phone.
test.describe('permission rules edited in the browser', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 })

  test('a region administrator is refused a rule letting anyone change an issued document, in Chinese; a harmless rule takes effect at the next request; 权限说明 names the rule', async ({ desk, allowConsoleError }) => {
    allowConsoleError(/status of 400/)
    const officer = await desk.as('yining-officer')
    const plan = await openMatter(officer, { kind: '临时检查计划', title: `举报核查-${Date.now().toString(36)}` })

    const processAdmin = await desk.as('region-process-admin')
    const nav = processAdmin.getByRole('navigation', { name: '主菜单' })
    await expect(nav.getByRole('link', { name: '工作日历' })).toHaveCount(0)

    const admin = await desk.as('region-admin', { phone: true })
    await openMenu(admin, '权限规则')
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('权限规则')
    await expect(admin.getByTestId('rule-officer-read-own-documents')).toContainText('监管执法人员 · 可以查看 · 执法文书 · 条件：删除时间为空，并且 制作人是本人')
    await admin.getByRole('link', { name: '修改「流程配置管理员」的规则' }).click()
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('修改权限规则：流程配置管理员')

    const rules = admin.getByTestId('rules-json')
    const original = JSON.parse(await rules.inputValue()) as unknown[]
    await rules.fill(JSON.stringify([...original, { id: 'fix-documents', title: '修正文书', action: 'update', subject: 'Document' }], null, 2))
    await admin.locator('#note').fill('允许修正文书')
    await admin.getByTestId('save-rules').click()
    await expect(admin.locator('#rules-error')).toContainText('规则「fix-documents」：已制发的文书不得修改或删除：更正须提出更改申请，删除须提出删除申请并经审批（第七条）')

    await rules.fill(JSON.stringify([...original, { id: 'keep-calendar', title: '协助维护工作日历', action: 'manage', subject: 'Calendar' }], null, 2))
    await admin.locator('#note').fill('流程配置管理员协助维护工作日历')
    await admin.getByTestId('save-rules').click()
    await expect(admin).toHaveURL('/admin/permissions')
    await expect(admin.getByTestId('rule-process-admin-keep-calendar')).toContainText('流程配置管理员 · 可以管理（全部操作） · 工作日历 · 不限条件')

    // The process administrator's next request is built from the new version.
    await processAdmin.reload()
    await expect(nav.getByRole('link', { name: '工作日历' })).toHaveCount(1)

    await admin.goto('/admin/permissions/explain')
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('权限说明')
    await pick(admin, 'select-user', 'yining-officer')
    await pick(admin, 'select-kind', '事项')
    await admin.locator('#ref').fill(plan.number)
    await admin.getByTestId('explain-submit').click()
    await expect(admin.getByTestId('explain-read')).toContainText('可以查看')
    await expect(admin.getByTestId('explain-read')).toContainText(/依据规则「所有在岗人员（持有任一角色） · 查看本人(开启|参与办理)的事项」/)
    await expect(admin.getByTestId('explain-create')).toContainText('监管执法人员 · 开启检查、案件和记录申请')
  })
})
