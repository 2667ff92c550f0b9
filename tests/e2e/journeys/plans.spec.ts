import { test, expect } from '../fixtures.ts'
import { completeDocumentStep, decide, documentNumber, documentStep, expectClosed, expectDocuments, openMatter, openStepNames } from '../procedures.ts'

// Given Monday 2 March 2026, in Yining county (Art. 8). One serial journey per plan; the three run side by side.
const suffix = () => Date.now().toString(36)

test.describe('the annual plan', () => {
  test.describe.configure({ mode: 'serial' })
  let plan = { id: '', number: '' }

  test('the system administrator drafts the year’s plan and the principal head returns it with a reason; nothing is issued', async ({ desk }) => {
    const admin = await desk.as('yining-admin')
    plan = await openMatter(admin, { kind: '年度执法计划', title: `2026年度安全生产监督检查计划-${suffix()}`, year: '2026' })
    expect(plan.number).toMatch(/^（伊县）应急年计〔2026〕\d+号$/)
    await completeDocumentStep(admin, plan.id, '编制年度执法计划', 'annual-plan', { year: 2026 })
    const principal = await desk.as('yining-principal')
    await decide(principal, plan.id, '主要负责同志审批', 'return', '请增加粉尘涉爆企业的检查频次。')
    await expect(principal.getByTestId('matter-documents')).toContainText('尚未制发文书')
  })

  test('revised, it is approved and issued with a number, reported to the county government and published', async ({ desk }) => {
    const admin = await desk.as('yining-admin')
    const principal = await desk.as('yining-principal')
    await completeDocumentStep(admin, plan.id, '编制年度执法计划', 'annual-plan', {
      inspections: [{ type: '重点检查', scope: '危险化学品生产经营单位', count: 60, months: '3月至10月' }, { type: '专项检查', scope: '粉尘涉爆企业', count: 30, months: '4月至9月' }],
    })
    await decide(principal, plan.id, '主要负责同志审批', 'approve')
    const number = await documentNumber(principal, plan.id, '年度执法计划')
    await completeDocumentStep(admin, plan.id, '报告本级人民政府', 'publication-record', {
      subjectTitle: '年度执法计划', subjectNumber: number, entries: [{ target: '本级人民政府（报告）', date: '2026-03-02', reference: '（伊县）应急报〔2026〕3号' }],
    })
    await completeDocumentStep(admin, plan.id, '录入“互联网+监管”并公开', 'publication-record', {
      subjectTitle: '年度执法计划', subjectNumber: number, entries: [{ target: '“互联网+监管”系统', date: '2026-03-02' }, { target: '本部门网站', date: '2026-03-02' }],
    })
    await expectClosed(admin, plan.id)
    // Administrators read no document's content (ADR 023), not even the plan they drafted: the head who approved it does.
    await expectDocuments(principal, plan.id, ['年度执法计划'])
    await expect(admin.getByTestId('matter-timeline')).toContainText('请增加粉尘涉爆企业的检查频次。')
  })
})

test.describe('a random-inspection scheme', () => {
  test.describe.configure({ mode: 'serial' })
  let scheme = { id: '', number: '' }
  let schemeNumber = ''
  const period = { start: '2026-03-09', end: '2026-04-30' }

  test('a supervisor drafts the scheme and the deputy head approves it: the scheme is issued with a number', async ({ desk }) => {
    const supervisor = await desk.as('yining-supervisor')
    scheme = await openMatter(supervisor, { kind: '执法检查方案', variant: '随机抽查', title: `2026年第一季度“双随机”抽查-${suffix()}`, year: '2026' })
    await completeDocumentStep(supervisor, scheme.id, '编制执法检查方案', 'inspection-scheme', {
      schemeKind: '随机抽查', randomRatio: 50, period, items: ['粉尘防爆安全管理', '危险化学品储存管理'],
    })
    await decide(await desk.as('yining-deputy'), scheme.id, '分管负责同志审批', 'approve')
    schemeNumber = await documentNumber(supervisor, scheme.id, '执法检查方案')
  })

  test('the system draws officers and entities from the county’s pools; the administrator records the draw and can neither redraw nor change it', async ({ desk }) => {
    const admin = await desk.as('yining-admin')
    const draw = await documentStep(admin, scheme.id, '随机抽取执法人员和检查对象', 'random-draw')
    const seed = await admin.locator('#root_seed').inputValue()
    expect(seed).toMatch(/^[0-9A-F]{16}$/)
    await expect(admin.locator('#root_seed')).toBeDisabled()
    await expect(admin.locator('#root_entitiesDrawn_0_name')).toBeDisabled()
    await expect(admin.locator('#root_schemeNumber')).toHaveValue(schemeNumber)
    await expect(admin.locator('#root_entityPool_0')).toHaveValue(/^伊宁县/)
    await expect(admin.locator('#root_checklistItems_1')).toHaveValue('危险化学品储存管理')
    const drawn = await admin.locator('#root_entitiesDrawn_0_name').inputValue()
    // Opening the step again shows the same draw: nobody draws until they like the result.
    await admin.reload()
    await draw.ready()
    await expect(admin.locator('#root_seed')).toHaveValue(seed)
    await expect(admin.locator('#root_entitiesDrawn_0_name')).toHaveValue(drawn)
    await draw.fill({ witness: '许婷' })
    await draw.submit()
  })

  test('the scheme is published, and its summary is due ten working days after the inspection period, over the May Day holiday', async ({ desk }) => {
    const supervisor = await desk.as('yining-supervisor')
    await completeDocumentStep(supervisor, scheme.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '执法检查方案', subjectNumber: schemeNumber })
    // 30 April + 10 working days: 1–5 May off, Saturday 9 May worked.
    await expect(openStepNames(supervisor)).toHaveText(['形成检查总结'])
    await expect(supervisor.getByTestId('open-tasks')).toContainText('期限 2026-05-18')
    await completeDocumentStep(supervisor, scheme.id, '形成检查总结', 'inspection-summary', { schemeNumber, period })
    const summary = await documentNumber(supervisor, scheme.id, '检查总结')
    await completeDocumentStep(supervisor, scheme.id, '检查总结录入并公开', 'publication-record', { subjectTitle: '检查总结', subjectNumber: summary })
    await expectClosed(supervisor, scheme.id)
    await expectDocuments(supervisor, scheme.id, ['执法检查方案', '检查总结'])
  })
})

test.describe('a temporary plan', () => {
  test('after a complaint, an officer’s temporary plan is approved by the deputy head, issued with a number and published', async ({ desk }) => {
    const officer = await desk.as('yining-officer')
    const plan = await openMatter(officer, { kind: '临时检查计划', title: `群众举报金穗面粉加工厂粉尘隐患临时检查-${suffix()}`, year: '2026' })
    await completeDocumentStep(officer, plan.id, '编制临时检查计划', 'temporary-plan', {
      trigger: '举报投诉', triggerDetail: '12350热线举报金穗面粉加工厂制粉车间粉尘积聚严重。', targets: '伊宁县金穗面粉加工厂',
      period: { start: '2026-03-04', end: '2026-03-04' },
    })
    await decide(await desk.as('yining-deputy'), plan.id, '分管负责同志审批', 'approve')
    const number = await documentNumber(officer, plan.id, '临时检查计划')
    await completeDocumentStep(officer, plan.id, '录入“互联网+监管”并公开', 'publication-record', { subjectTitle: '临时检查计划', subjectNumber: number })
    await expectClosed(officer, plan.id)
    await expectDocuments(officer, plan.id, ['临时检查计划'])
  })
})
