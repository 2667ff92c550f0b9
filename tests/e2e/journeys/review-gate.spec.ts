import { test, expect } from '../fixtures.ts'
import { exampleOf } from '../step-form.ts'
import { openMatter } from '../procedures.ts'

// Gate 1 of procedures.md (Art. 13): no penalty decision for a case without a case-review decision,
// whatever route the request takes.

test('a direct POST of a complete penalty decision, with a valid CSRF token, is refused 409 for a case not yet reviewed, and nothing is issued', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 40[49]/)
  const officer = await desk.as('huocheng-officer')
  const party = '霍城县果子沟石料厂'
  const matter = await openMatter(officer, { kind: '行政处罚案件', variant: '一般程序', title: `果子沟石料厂未按规定设置安全警示标志案-${Date.now().toString(36)}`, party, officers: ['曹阳'] })
  await officer.goto(`/entities`)
  await officer.getByRole('link', { name: `为${party}制作文书` }).click()
  await expect(officer).toHaveURL(/subject=regulated-entity/)
  const subject = new URL(officer.url()).searchParams.get('subject')!
  expect(subject).toMatch(/^regulated-entity:/)
  // The documents page does not even offer it: decisions are made in their procedure, after the gate.
  await expect(officer.getByTestId('kinds-enforcement')).toContainText('责令限期整改指令书')
  await expect(officer.getByTestId('kinds-enforcement')).not.toContainText('行政处罚决定书')
  // A valid CSRF token, as any signed-in page carries it.
  await officer.goto(`/matters/${matter.id}`)
  const csrf = await officer.locator('input[name="csrf"]').first().inputValue()
  expect(csrf).not.toBe('')

  const payload = exampleOf('penalty-decision')
  payload.party = { ...(payload.party as object), name: party }
  payload.caseName = '未按规定设置安全警示标志案'
  const attempt = (subjectParam: string) => officer.request.post(`/documents/new/penalty-decision?subject=${subjectParam}`, {
    form: { csrf, subject: subjectParam, payload: JSON.stringify(payload) }, maxRedirects: 0,
  })

  // About the party, outside any case: no case, so no review decision.
  const outsideCase = await attempt(subject)
  expect(outsideCase.status()).toBe(409)
  expect(await outsideCase.text()).toContain('案件审理审查决定')
  // Named against the case itself: documents of a case are made by its steps only.
  const againstCase = await attempt(`matter:${matter.id}`)
  expect([403, 404, 409]).toContain(againstCase.status())

  // The officer's documents (other journeys may have issued some to them) hold no penalty decision.
  await officer.goto('/documents')
  await expect(officer.getByRole('heading', { level: 1 })).toBeVisible()
  // The list, not the page: the kind filter above it names every kind, 行政处罚决定书 among them.
  await expect(officer.getByTestId('documents-list').locator('li').filter({ hasText: '行政处罚决定书' })).toHaveCount(0)
  await officer.goto(`/matters/${matter.id}`)
  await expect(officer.getByTestId('matter-documents')).toContainText('尚未制发文书')
  await expect(officer.getByTestId('open-tasks')).toContainText('制作立案审批表')
})
