import { test, expect } from '../fixtures.ts'
import { StepForm } from '../step-form.ts'
import { completeDocumentStep, decide, documentNumber, documentStep, expectClosed, expectDocuments, goToStep, openMatter, openStepNames, openSteps, pick } from '../procedures.ts'

// Given Monday 2 March 2026 (tests/e2e/clock.json), a Yining officer inspects a chemical plant with a colleague.
test.describe.configure({ mode: 'serial' })

const party = '伊宁县天山化工有限责任公司'
const hazard = '液氨储罐区可燃气体报警装置失效且未与紧急切断装置联锁'
const returnReason = '检查人员须有危化品专业背景，请在检查事项中写明重大危险源的检查内容。'
let inspection = { id: '', number: '' }
let coercion = { id: '', number: '' }
const numbers: Record<string, string> = {}

test('a Yining officer opens an inspection of the chemical plant with a colleague, and drafting its plan is the first step', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  inspection = await openMatter(officer, { kind: '监督检查', title: `天山化工危险化学品专项检查-${Date.now().toString(36)}`, party, officers: ['何磊'] })
  expect(inspection.number).toMatch(/^（伊县）应急检〔2026〕\d+号$/)
  await expect(officer.getByText(`${party}（`)).toBeVisible()
  await expect(openStepNames(officer)).toHaveText(['编制现场检查方案'])
  // What follows is said in words too (a phone shows the diagram small).
  await expect(officer.getByTestId('next-steps')).toHaveText('下一步：审核现场检查方案')
  // The diagram opens at a readable size on the current step; it zooms, fits the frame and comes back.
  const diagram = officer.getByTestId('bpmn-diagram')
  await expect(diagram).toHaveAttribute('data-zoom-ready', 'true')
  const scale = async () => Number(/matrix\(([\d.]+)/.exec((await diagram.locator('g.viewport').first().getAttribute('transform')) ?? '')?.[1])
  const currentInView = async () => {
    const frame = (await diagram.boundingBox())!
    const step = (await diagram.locator('.zf-active').first().boundingBox())!
    return step.x >= frame.x && step.x + step.width <= frame.x + frame.width && step.y >= frame.y && step.y + step.height <= frame.y + frame.height
  }
  expect(await scale()).toBe(1)
  expect(await currentInView()).toBe(true)
  await officer.getByRole('button', { name: '适应画布' }).click()
  const fitted = await scale()
  expect(fitted).toBeLessThan(1)
  await officer.getByRole('button', { name: '放大' }).click()
  expect(await scale()).toBeCloseTo(fitted * 1.25, 2)
  await officer.getByRole('button', { name: '当前环节' }).click()
  expect(await scale()).toBeGreaterThanOrEqual(1)
  expect(await currentInView()).toBe(true)
  const minimap = diagram.locator('.djs-minimap .toggle')
  await expect(minimap).toHaveAttribute('title', '打开缩略图')
  await minimap.click()
  await expect(minimap).toHaveAttribute('title', '关闭缩略图')
})

test('a plan for an inspection the next day is refused: it must be submitted two working days ahead (Art. 9)', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 400 \(Bad Request\)/)
  const officer = await desk.as('yining-officer')
  const plan = await documentStep(officer, inspection.id, '编制现场检查方案', 'onsite-inspection-plan')
  // Prefilled from the matter: the department, the party and both officers with their certificates.
  await expect(officer.locator('#root_issuingDepartment')).toHaveValue('伊宁县应急管理局')
  await expect(officer.locator('#root_party_name')).toHaveValue(party)
  await expect(officer.locator('#root_officers_1_name')).toHaveValue('何磊')
  await plan.fill({ plannedDate: '2026-03-03' })
  await officer.getByTestId('submit-step').click()
  await expect(officer.getByTestId('form-error')).toBeVisible()
  await expect(officer.locator('.ant-form-item-explain-error')).toContainText(['2 个工作日'])
  await expect(officer).toHaveURL(/\/tasks\//)
})

test('moved to Thursday, the plan goes to the supervisor, who returns it with a reason the officer reads when redrafting', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const plan = await new StepForm(officer, 'onsite-inspection-plan').ready()
  await plan.fill({ plannedDate: '2026-03-05' })
  await plan.submit()
  await expect(openSteps(officer)).toContainText('审核现场检查方案')
  await expect(openSteps(officer)).toContainText('期限 2026-03-04')

  const supervisor = await desk.as('yining-supervisor')
  await decide(supervisor, inspection.id, '审核现场检查方案', 'return', returnReason)
  await expect(supervisor.getByTestId('matter-timeline')).toContainText(returnReason)

  await goToStep(officer, inspection.id, '编制现场检查方案')
  await expect(officer.getByTestId('returned-reason')).toContainText(returnReason)
  await expect(officer.getByTestId('returned-reason')).toContainText('许婷')
  // What was submitted comes back to be corrected, not a blank form.
  await expect(officer.locator('#root_plannedDate')).toHaveValue('2026-03-05')
})

test('corrected, reviewed and approved by the deputy head, the plan is issued with a number and the plan-approval gate is recorded', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  const plan = await new StepForm(officer, 'onsite-inspection-plan').ready()
  await plan.fill({ inspectionItems: ['重大危险源监测监控', '液氨储罐区可燃气体报警与紧急切断联锁'] })
  await plan.submit()

  await decide(await desk.as('yining-supervisor'), inspection.id, '审核现场检查方案', 'approve')
  const deputy = await desk.as('yining-deputy')
  await decide(deputy, inspection.id, '审批现场检查方案', 'approve', '同意，按方案实施。')
  numbers.plan = await documentNumber(deputy, inspection.id, '现场检查方案')
  expect(numbers.plan).toMatch(/^（伊县）应急检方〔2026〕\d+号$/)
  await expect(deputy.getByTestId('matter-timeline')).toContainText('现场检查方案审批通过')
})

test('at the plant, on a phone, the officer records the inspection against the approved plan and orders rectification', async ({ desk }) => {
  const phone = await desk.as('yining-officer', { phone: true })
  const record = await documentStep(phone, inspection.id, '制作现场检查记录', 'onsite-inspection-record')
  await record.fill({
    planNumber: numbers.plan,
    inspectionStart: '2026-03-05T09:30:00+08:00',
    inspectionEnd: '2026-03-05T11:45:00+08:00',
    findings: [{ description: hazard, location: '液氨储罐区', majorHazard: true }],
  })
  const scroll = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(scroll, 'no horizontal scrolling on the phone').toBeLessThanOrEqual(0)
  await record.submit('rectify')
  numbers.record = await documentNumber(phone, inspection.id, '现场检查记录')
  expect(numbers.record).toMatch(/^（伊县）应急检记〔2026〕\d+号$/)
})

test('the rectification order gives each item its own deadline, and the re-inspection is due ten days after the latest', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, inspection.id, '制作责令限期整改指令书', 'rectification-order', {
    findings: [
      { description: hazard, location: '液氨储罐区', majorHazard: true, deadline: '2026-03-16' },
      { description: '特种作业人员未持证上岗', location: '制冷车间', majorHazard: false, deadline: '2026-03-09' },
    ],
  })
  numbers.order = await documentNumber(officer, inspection.id, '责令限期整改指令书')
  expect(numbers.order).toMatch(/^（伊县）应急责改〔2026〕\d+号$/)
  await expect(openSteps(officer)).toContainText('整改复查')
  await expect(openSteps(officer)).toContainText('期限 2026-03-26')
})

test('the re-inspection finds the major hazard not remedied and hands the inspection over; it closes with its four documents', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, inspection.id, '整改复查', 'rectification-review-opinion', {
    orderNumber: numbers.order, orderDate: '2026-03-02', reviewDate: '2026-03-05', result: '未整改',
    opinion: `${hazard}，仍未整改，排除前无法保证安全，移送立案查处。`,
  }, 'handover')
  await expectClosed(officer, inspection.id)
  const issued = await expectDocuments(officer, inspection.id, ['现场检查方案', '现场检查记录', '责令限期整改指令书', '整改复查意见书'])
  expect(issued['现场检查方案']).toBe(numbers.plan)
  await expect(officer.getByTestId('matter-timeline')).toContainText('移送立案查处')
})

test('the officer opens an immediate coercion case from the inspection, which brings its party and officers', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await officer.goto(`/matters/${inspection.id}`)
  await officer.getByTestId('hand-over').getByRole('link', { name: '行政强制' }).click()
  await expect(officer.getByTestId('hand-over-source')).toContainText(inspection.number)
  await pick(officer, 'select-variant', '即时强制')
  await officer.locator('#title').fill(`天山化工液氨储罐区重大事故隐患即时强制-${Date.now().toString(36)}`)
  await officer.getByRole('button', { name: '开启事项' }).click()
  await expect(officer).toHaveURL(/\/matters\/[a-z0-9]{20,}$/)
  coercion = { id: new URL(officer.url()).pathname.split('/').pop()!, number: (await officer.getByTestId('matter-number').innerText()).trim() }
  expect(coercion.number).toMatch(/^（伊县）应急强案〔2026〕\d+号$/)
  await expect(officer.getByText(`${party}（`)).toBeVisible()
  await expect(officer.getByText('何磊')).toBeVisible()
  await expect(officer.getByRole('link', { name: new RegExp(inspection.number.replace(/[〔〕]/g, '.')) })).toBeVisible()
  await officer.goto(`/matters/${inspection.id}`)
  await expect(officer.getByText('后续事项')).toContainText(coercion.number)
})

test('the proposal goes to the county legal office, whose review opinion the deputy head decides on (case review, Art. 11)', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, coercion.id, '提出即时强制措施', 'case-review-request', {
    caseName: '液氨储罐区重大事故隐患案',
    facts: `2026年3月5日复查发现，${hazard}，排除前无法保证安全。`,
    proposal: '立即责令液氨储罐区暂时停产停业。',
  })
  // Not a legal reviewer of another county, nor the region's: Yining's legal office.
  await expect(openSteps(officer)).toContainText('法制审核')
  const legal = await desk.as('yining-legal')
  await completeDocumentStep(legal, coercion.id, '法制审核', 'legal-review-opinion', {
    caseName: '液氨储罐区重大事故隐患案', receivedDate: '2026-03-05',
    opinion: '重大事故隐患排除前无法保证安全，采取即时强制措施事实清楚、依据充分、程序合法。',
  }, 'approve')
  const deputy = await desk.as('yining-deputy')
  await decide(deputy, coercion.id, '分管负责同志审查决定', 'approve', '同意立即责令暂时停产停业。')
  await expect(deputy.getByTestId('matter-timeline')).toContainText('作出案件审理审查决定')
})

test('the coercion is approved, decided and published: the case closes with its numbered documents', async ({ desk }) => {
  const officer = await desk.as('yining-officer')
  await completeDocumentStep(officer, coercion.id, '制作行政强制审批表', 'coercion-approval', {
    caseName: '液氨储罐区重大事故隐患案', hazard: `${hazard}，排除前无法保证安全。`,
  })
  await decide(await desk.as('yining-deputy'), coercion.id, '行政强制审批', 'approve')
  await completeDocumentStep(officer, coercion.id, '制作行政强制决定书', 'coercion-decision', { startDate: '2026-03-05' })
  numbers.decision = await documentNumber(officer, coercion.id, '行政强制决定书')
  await completeDocumentStep(officer, coercion.id, '录入“互联网+监管”并公开', 'publication-record', {
    subjectTitle: '行政强制决定书', subjectNumber: numbers.decision,
  })
  await expectClosed(officer, coercion.id)
  const issued = await expectDocuments(officer, coercion.id, ['法制审核（审理）意见', '行政强制审批表', '行政强制决定书'])
  expect(issued['行政强制决定书']).toMatch(/^（伊县）应急强决〔2026〕\d+号$/)
})
