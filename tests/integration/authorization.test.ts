/**
 * Issue 9: no page shows what its reader may not read. Every route of the
 * app is called as every demo user, through the route modules' own loaders
 * (the same code the Remix request handler runs, with a real session cookie
 * and the real guard), against records other people created in two
 * counties. Content carries markers; the test fails when a marker reaches a
 * user outside the readers this file names by hand (not computed from the
 * rule under test), or when a document's page or file answers 200 to them.
 * Each leak found by probing main is a named case below.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { ManualClock } from '../../engine/index.ts'
import { openSession } from '../../app/services/session.server.ts'
import { systemClock } from '../../engine/clock.ts'
import { registry } from '../support/workflow.ts'
import { completeStep } from '../../app/services/workflow/tasks.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'

process.env.ZHIFA_PDF = 'off'

const routesDir = path.resolve(import.meta.dirname, '..', '..', 'app', 'routes')

/** Everyone in the demo data: each role in the region, a prefecture and two counties. */
const LOGINS = [
  'region-admin', 'region-process-admin', 'region-officer', 'region-supervisor', 'region-legal', 'region-policy', 'region-committee', 'region-deputy', 'region-principal',
  'ili-admin', 'ili-officer', 'ili-officer2', 'ili-supervisor', 'ili-legal', 'ili-deputy', 'ili-principal',
  'yining-admin', 'yining-officer', 'yining-officer2', 'yining-supervisor', 'yining-legal', 'yining-legal2', 'yining-committee', 'yining-deputy', 'yining-principal',
  'huocheng-admin', 'huocheng-officer', 'huocheng-officer2', 'huocheng-supervisor', 'huocheng-legal', 'huocheng-deputy', 'huocheng-principal',
] as const

/** Those above a county who oversee its documents (第七条: supervisors and heads over subordinate departments). */
const ABOVE = ['ili-supervisor', 'ili-deputy', 'ili-principal', 'region-supervisor', 'region-deputy', 'region-principal']
/**
 * Who may read the Yining inspection's documents, written out by hand: the
 * officer who drafted them and the matter's other officer (the county
 * supervisor), the county's heads, legal reviewers and committee, and those
 * above. Not the county administrator, not the county's other officer (not
 * on the matter), not Huocheng, not the prefecture's officers or legal office.
 */
const YINING_READERS = new Set(['yining-officer', 'yining-supervisor', 'yining-deputy', 'yining-principal', 'yining-legal', 'yining-legal2', 'yining-committee', ...ABOVE])
const HUOCHENG_READERS = new Set(['huocheng-officer', 'huocheng-officer2', 'huocheng-supervisor', 'huocheng-deputy', 'huocheng-principal', 'huocheng-legal', ...ABOVE])

interface Outcome { status: number; text: string; binary: boolean }

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown

function stringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? '[bytes]' : v)) ?? ''
}

async function outcomeOf(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const type = result.headers.get('content-type') ?? ''
    const binary = /pdf|officedocument|octet/.test(type)
    return { status: result.status, text: binary ? '' : await result.text(), binary }
  }
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } } | null
  if (wrapped && wrapped.type === 'DataWithResponseInit') return { status: wrapped.init?.status ?? 200, text: stringify(wrapped.data), binary: false }
  return { status: 200, text: stringify(result), binary: false }
}

describeEachDatabase('every route as every demo user shows only what the read rule allows (issue 9)', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  const loaders = new Map<string, Loader>()
  const cookies = new Map<string, string>()
  const ids = {
    yMatter: '', yInstance: '', hMatter: '', hInstance: '', userId: '',
    yPlanTask: '', yRecordTask: '', yOrderTask: '', yMeasuresTask: '', yPlanApproval: '', hPlanTask: '',
    yPlanDoc: '', yRecordDoc: '', yOrderDoc: '', hPlanDoc: '', yOrderNumber: '', verifyCode: '', proposal: '', huocheng: '',
  }
  /** Each marker and who may read the content it sits in. */
  const MARKERS: Array<{ marker: string; readers: Set<string>; what: string }> = [
    { marker: '【伊宁方案标记】', readers: YINING_READERS, what: 'the Yining inspection plan' },
    { marker: '【伊宁笔录标记】', readers: YINING_READERS, what: 'the Yining inspection record' },
    { marker: '【伊宁整改标记】', readers: YINING_READERS, what: 'the Yining rectification order' },
    { marker: '【霍城方案标记】', readers: HUOCHENG_READERS, what: 'the Huocheng inspection plan' },
    // ADR 041: a proposed form change is read by its proposer and the process administrators who decide it.
    { marker: '【伊宁表单提议标记】', readers: new Set(['yining-legal', 'region-process-admin']), what: 'the Yining legal office’s form proposal' },
  ]

  async function call(login: string, route: string, url: string, params: Record<string, string> = {}): Promise<Outcome> {
    const loader = loaders.get(route)
    if (!loader) throw new Error(`no loader for ${route}`)
    const request = new Request(`http://127.0.0.1${url}`, { headers: { cookie: cookies.get(login) ?? '' } })
    try {
      return await outcomeOf(await loader({ request, params, context: {} }))
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown)
      const status = (thrown as { status?: number }).status
      if (typeof status === 'number') return { status, text: String((thrown as Error).message), binary: false }
      throw thrown
    }
  }

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
    // Yining: an inspection by yining-officer with the county supervisor; yining-officer2 is not on it.
    const supervisor = await p.as('yining-supervisor')
    ;({ matterId: ids.yMatter, instanceId: ids.yInstance } = await p.open('yining-officer', { kind: 'inspection', title: '天山化工危险化学品专项检查', party: '伊宁县天山化工有限责任公司', officerIds: [supervisor.id] }))
    const plan = await p.act('yining-officer', ids.yInstance, 'draftPlan', { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-05', safetyNotes: '进入罐区穿戴防静电服【伊宁方案标记】' }) })
    ids.yPlanTask = plan.id
    await p.act('yining-supervisor', ids.yInstance, 'reviewPlan', { outcome: 'approve' })
    ids.yPlanApproval = (await p.act('yining-deputy', ids.yInstance, 'approvePlan', { outcome: 'approve' })).id
    clock.set('2026-03-05T10:00:00+08:00')
    const record = example('onsite-inspection-record')
    ids.yRecordTask = (await p.act('yining-officer', ids.yInstance, 'record', { outcome: 'rectify-measures', payload: { ...record, situation: `${String(record.situation)}【伊宁笔录标记】` } })).id
    ids.yOrderTask = (await p.act('yining-officer', ids.yInstance, 'order', { payload: example('rectification-order', { interimMeasures: '液氨储罐区停止充装作业【伊宁整改标记】' }) })).id
    ids.yMeasuresTask = (await p.taskOf('yining-officer', ids.yInstance, 'measures')).id

    // Huocheng: an inspection plan by the county's two officers, approved.
    ;({ matterId: ids.hMatter, instanceId: ids.hInstance } = await p.open('huocheng-officer', { kind: 'inspection', title: '霍城县危险货物仓储检查', party: '霍尔果斯口岸危险货物仓储有限公司' }))
    ids.hPlanTask = (await p.act('huocheng-officer', ids.hInstance, 'draftPlan', { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-10', safetyNotes: '进入罐区穿戴防静电服【霍城方案标记】' }) })).id
    await p.act('huocheng-supervisor', ids.hInstance, 'reviewPlan', { outcome: 'approve' })
    await p.act('huocheng-deputy', ids.hInstance, 'approvePlan', { outcome: 'approve' })

    // The files are made after the steps' transactions, as the server's render loop does.
    await p.renderPending()
    const docs = await ctx.db.document.findMany({ select: { id: true, formKey: true, number: true, matterId: true, verificationCode: true } })
    const doc = (matter: string, form: string) => docs.find((d) => d.matterId === matter && d.formKey === form)!
    ids.yPlanDoc = doc(ids.yMatter, 'onsite-inspection-plan').id
    ids.yRecordDoc = doc(ids.yMatter, 'onsite-inspection-record').id
    ids.yOrderDoc = doc(ids.yMatter, 'rectification-order').id
    ids.yOrderNumber = doc(ids.yMatter, 'rectification-order').number!
    ids.verifyCode = doc(ids.yMatter, 'rectification-order').verificationCode
    ids.hPlanDoc = doc(ids.hMatter, 'onsite-inspection-plan').id
    ids.userId = (await p.as('yining-officer')).id
    ids.huocheng = (await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.huocheng-county' }, select: { id: true } })).id

    // A proposed change to the 询问笔录 by the county legal office, waiting for a process administrator (ADR 041).
    const legal = await p.as('yining-legal')
    const region = await ctx.db.department.findUniqueOrThrow({ where: { code: 'region' } })
    const inquiry = registry.get('inquiry-record')
    const proposed = structuredClone(inquiry.bundledSchema) as { properties: Record<string, unknown> }
    proposed.properties.contactPhone = { type: 'string', title: '联系电话【伊宁表单提议标记】' }
    ids.proposal = (await ctx.db.catalogProposal.create({
      data: {
        kind: 'form', key: 'inquiry-record', baseVersion: 1, content: { schema: proposed, uiSchema: inquiry.uiSchema } as object, contentHash: 'proposal', changeNote: '增加联系电话【伊宁表单提议标记】',
        ownerOrganId: region.id, status: 'pending', proposedById: legal.id, proposedByName: legal.displayName, proposerDepartmentId: legal.departmentId,
        proposerOrganId: legal.organId, createdAt: clock.now(),
      },
    })).id

    // The app's modules over this test's database: a fresh module graph per provider.
    const holder = globalThis as unknown as { __zhifaDb?: unknown; __zhifaWorkflow?: unknown; __zhifaCatalog?: unknown }
    holder.__zhifaDb = ctx.db
    delete holder.__zhifaWorkflow
    // The catalog read the previous provider's database (the studio pages load it).
    delete holder.__zhifaCatalog
    vi.resetModules()
    for (const file of fs.readdirSync(routesDir).filter((f) => f.endsWith('.tsx'))) {
      const mod = (await import(path.join(routesDir, file))) as { loader?: Loader }
      if (mod.loader) loaders.set(file.replace(/\.tsx$/, ''), mod.loader)
    }
    loaders.set('root', ((await import('../../app/root.tsx')) as unknown as { loader: Loader }).loader)
    const { sessionCookie } = await import('../../app/utils/auth.server.ts')
    for (const login of LOGINS) {
      const user = await ctx.db.user.findUniqueOrThrow({ where: { loginName: login }, select: { id: true } })
      const session = await openSession(ctx.db, systemClock, { userId: user.id })
      cookies.set(login, (await sessionCookie.serialize(session.id)).split(';')[0]!)
    }
  }, 240_000)

  /** Every route with a loader, with its parameters filled from the records above. */
  function routeTable(): Array<{ route: string; url: string; params?: Record<string, string>; document?: { id: string; readers: Set<string> } }> {
    const documents = [
      { id: ids.yPlanDoc, readers: YINING_READERS }, { id: ids.yRecordDoc, readers: YINING_READERS },
      { id: ids.yOrderDoc, readers: YINING_READERS }, { id: ids.hPlanDoc, readers: HUOCHENG_READERS },
    ]
    const tasks = [ids.yPlanTask, ids.yPlanApproval, ids.yRecordTask, ids.yOrderTask, ids.yMeasuresTask, ids.hPlanTask]
    return [
      { route: 'root', url: '/' },
      { route: '_app', url: '/' },
      { route: '_app._index', url: '/' },
      { route: '_app.admin.audit', url: '/admin/audit' },
      { route: '_app.admin.calendar', url: '/admin/calendar' },
      { route: '_app.admin.catalog', url: '/admin/catalog' },
      { route: '_app.admin.departments', url: '/admin/departments' },
      { route: '_app.admin.definitions._index', url: '/admin/definitions' },
      { route: '_app.admin.definitions.$key._index', url: '/admin/definitions/inspection', params: { key: 'inspection' } },
      { route: '_app.admin.definitions.$key.compare', url: '/admin/definitions/inspection/compare?from=1&to=2', params: { key: 'inspection' } },
      { route: 'admin.definitions.$key.compare[.json]', url: '/admin/definitions/inspection/compare.json?from=1&to=2', params: { key: 'inspection' } },
      { route: 'admin.definitions.simulate', url: '/admin/definitions/simulate' },
      // Issue 12 part 5: moving running matters (process administrators only; matters by number, never content).
      { route: '_app.admin.definitions.$key.move', url: '/admin/definitions/onsite-inspection/move', params: { key: 'onsite-inspection' } },
      // Issue 12 parts 1-2: the modeler, a new procedure from a template, a definition's XML for the checks (process administrators only).
      { route: '_app.admin.definitions.$key.edit', url: '/admin/definitions/penalty-case-general/edit', params: { key: 'penalty-case-general' } },
      { route: '_app.admin.definitions.new', url: '/admin/definitions/new' },
      { route: 'admin.definitions.$key.bpmn', url: '/admin/definitions/penalty-case-general/bpmn', params: { key: 'penalty-case-general' } },
      // Issue 13: the form studio, template manager and placeholders (process administrators), the review steps (legal reviewers, region process administrators).
      { route: '_app.admin.forms._index', url: '/admin/forms' },
      { route: '_app.admin.forms.$key._index', url: '/admin/forms/inquiry-record', params: { key: 'inquiry-record' } },
      { route: '_app.admin.forms.$key.template', url: '/admin/forms/inquiry-record/template', params: { key: 'inquiry-record' } },
      { route: '_app.admin.forms.$key.placeholders', url: '/admin/forms/inquiry-record/placeholders', params: { key: 'inquiry-record' } },
      // ADR 041: a proposed form change (its proposer and the process administrators).
      { route: '_app.admin.forms.$key.proposals.$proposalId', url: `/admin/forms/inquiry-record/proposals/${ids.proposal}`, params: { key: 'inquiry-record', proposalId: ids.proposal } },
      { route: 'admin.forms.$key.v.$version.$file', url: '/admin/forms/inquiry-record/v/1/template.docx', params: { key: 'inquiry-record', version: '1', file: 'template.docx' } },
      { route: '_app.admin.review-steps._index', url: '/admin/review-steps' },
      { route: '_app.admin.review-steps.$procedure', url: '/admin/review-steps/penalty-case-general', params: { procedure: 'penalty-case-general' } },
      // ADR 040: one county's review steps (its legal reviewers, those above it; another county's reviewers get 403).
      { route: '_app.admin.review-steps._index', url: `/admin/review-steps?department=${ids.huocheng}` },
      { route: '_app.admin.review-steps.$procedure', url: `/admin/review-steps/penalty-case-general?department=${ids.huocheng}`, params: { procedure: 'penalty-case-general' } },
      // ADR 042: the review groups of the departments one manages (legal reviewers of the organ and those above; everyone else 403).
      { route: '_app.admin.review-groups', url: '/admin/review-groups' },
      // Issue 11 part 5: the permission pages (region administrators only; the explanation names rules, never content).
      { route: '_app.admin.permissions._index', url: '/admin/permissions' },
      { route: '_app.admin.permissions.$roleKey', url: '/admin/permissions/officer', params: { roleKey: 'officer' } },
      { route: '_app.admin.permissions.explain', url: `/admin/permissions/explain?user=yining-officer&kind=document&ref=${encodeURIComponent(ids.yOrderNumber)}` },
      { route: '_app.admin.users._index', url: '/admin/users' },
      { route: '_app.admin.users.$userId', url: `/admin/users/${ids.userId}`, params: { userId: ids.userId } },
      { route: '_app.admin.users.new', url: '/admin/users/new' },
      { route: '_app.documents._index', url: '/documents' },
      { route: '_app.documents._index', url: `/documents?q=${encodeURIComponent('应急')}` },
      { route: '_app.documents.new._index', url: '/documents/new' },
      { route: '_app.documents.new.$formKey', url: '/documents/new/rectification-order', params: { formKey: 'rectification-order' } },
      { route: '_app.entities._index', url: '/entities' },
      { route: '_app.matters._index', url: '/matters' },
      { route: '_app.matters._index', url: `/matters?q=${encodeURIComponent('检查')}` },
      { route: '_app.matters.new', url: '/matters/new' },
      { route: '_app.matters.new', url: '/matters/new?kind=access-request' },
      { route: '_app.notifications', url: '/notifications' },
      { route: '_app.tasks._index', url: '/tasks' },
      { route: '_app.tasks._index', url: '/tasks?view=done' },
      ...[ids.yMatter, ids.hMatter].map((id) => ({ route: '_app.matters.$matterId', url: `/matters/${id}`, params: { matterId: id } })),
      ...tasks.map((id) => ({ route: '_app.tasks.$taskId', url: `/tasks/${id}`, params: { taskId: id } })),
      ...tasks.map((id) => ({ route: 'tasks.$taskId.preview[.pdf]', url: `/tasks/${id}/preview.pdf`, params: { taskId: id } })),
      ...tasks.map((id) => ({ route: 'tasks.$taskId.draft', url: `/tasks/${id}/draft`, params: { taskId: id } })),
      ...documents.map((d) => ({ route: '_app.documents.$documentId', url: `/documents/${d.id}`, params: { documentId: d.id }, document: d })),
      ...documents.map((d) => ({ route: 'documents.$documentId.$format', url: `/documents/${d.id}/docx`, params: { documentId: d.id, format: 'docx' }, document: d })),
      ...documents.map((d) => ({ route: 'documents.$documentId.$format', url: `/documents/${d.id}/pdf`, params: { documentId: d.id, format: 'pdf' }, document: d })),
      { route: 'documents.new.$formKey.draft', url: '/documents/new/rectification-order/draft', params: { formKey: 'rectification-order' } },
      { route: 'health', url: '/health' },
      { route: 'login', url: '/login' },
      { route: 'logout', url: '/logout' },
      { route: 'verify._index', url: '/verify' },
      { route: 'verify.$code', url: `/verify/${ids.verifyCode}`, params: { code: ids.verifyCode } },
    ]
  }

  it('walks every route module that has a loader', () => {
    const covered = new Set(routeTable().map((r) => r.route))
    expect([...loaders.keys()].filter((r) => !covered.has(r)).sort()).toEqual([])
  })

  const seen = new Map<string, Set<string>>()
  let checks = 0
  describe('shows no marked content, and answers no document page or file, to anyone the read rule refuses', () => {
    for (const login of LOGINS) {
      it(`as ${login}`, async () => {
        const leaks: string[] = []
        for (const entry of routeTable()) {
          const result = await call(login, entry.route, entry.url, entry.params)
          checks++
          // 503: no LibreOffice here; the preview answers it only after the read rule let the user through.
          if (result.status === 503 && entry.route === 'tasks.$taskId.preview[.pdf]') result.status = 200
          if (result.status >= 500) leaks.push(`${entry.url}: ${result.status} ${result.text.slice(0, 200)}`)
          for (const m of MARKERS) {
            if (!result.text.includes(m.marker)) continue
            if (!seen.has(m.marker)) seen.set(m.marker, new Set())
            seen.get(m.marker)!.add(login)
            if (!m.readers.has(login)) leaks.push(`${entry.url} shows ${m.what}`)
          }
          if (entry.document && result.status === 200 && !entry.document.readers.has(login)) leaks.push(`${entry.url} answers 200`)
          if (entry.document && entry.route === '_app.documents.$documentId' && entry.document.readers.has(login) && result.status !== 200) {
            leaks.push(`${entry.url} answers ${result.status} to a reader`)
          }
        }
        expect(leaks).toEqual([])
      }, 120_000)
    }

    it('reaches each marker’s readers, so a leak would be seen', () => {
      console.info(`authorization walk: ${routeTable().length} route URLs × ${LOGINS.length} users = ${checks} requests`)
      expect(checks).toBe(routeTable().length * LOGINS.length)
      expect([...(seen.get('【伊宁方案标记】') ?? [])]).toEqual(expect.arrayContaining(['yining-officer', 'yining-deputy', 'yining-legal']))
      expect([...(seen.get('【伊宁整改标记】') ?? [])]).toEqual(expect.arrayContaining(['yining-officer', 'yining-supervisor']))
      expect([...(seen.get('【霍城方案标记】') ?? [])]).toEqual(expect.arrayContaining(['huocheng-officer', 'huocheng-deputy']))
      expect([...(seen.get('【伊宁表单提议标记】') ?? [])].sort()).toEqual(['region-process-admin', 'yining-legal'])
    })
  })

  describe('the leaks found on main, each a named case', () => {
    it('a proposed form change answers 403 to an officer and to another county’s legal office, and their form pages list no proposal', async () => {
      const route = '_app.admin.forms.$key.proposals.$proposalId'
      const url = `/admin/forms/inquiry-record/proposals/${ids.proposal}`
      const params = { key: 'inquiry-record', proposalId: ids.proposal }
      expect((await call('yining-officer', route, url, params)).status).toBe(403)
      expect((await call('huocheng-legal', route, url, params)).status).toBe(403)
      expect((await call('yining-legal', route, url, params)).status).toBe(200)
      expect((await call('region-process-admin', route, url, params)).status).toBe(200)
      expect((await call('yining-officer', '_app.admin.forms._index', '/admin/forms')).status).toBe(403)
      const other = await call('huocheng-legal', '_app.admin.forms._index', '/admin/forms')
      expect(other.status).toBe(200)
      expect(other.text).toContain('"proposals":[]')
      const studio = await call('huocheng-legal', '_app.admin.forms.$key._index', '/admin/forms/inquiry-record', { key: 'inquiry-record' })
      expect(studio.text).toContain('"mode":"propose"')
      expect(studio.text).toContain('"proposals":[]')
    })

    it('a county administrator reads no document content on a completed task page (plan, inspection record, rectification order)', async () => {
      for (const [task, marker] of [[ids.yPlanTask, '【伊宁方案标记】'], [ids.yRecordTask, '【伊宁笔录标记】'], [ids.yOrderTask, '【伊宁整改标记】']] as const) {
        const page = await call('yining-admin', '_app.tasks.$taskId', `/tasks/${task}`, { taskId: task })
        expect(page.status).toBe(200)
        expect(page.text).not.toContain(marker)
        expect(page.text).toContain('"contentHidden":true')
      }
      expect((await call('yining-admin', '_app.documents.$documentId', `/documents/${ids.yOrderDoc}`, { documentId: ids.yOrderDoc })).status).toBe(404)
    })

    it('an officer of the same department who is not on the inspection gets 403 on its open task, cannot complete it, and the attempt is logged', async () => {
      const page = await call('yining-officer2', '_app.tasks.$taskId', `/tasks/${ids.yMeasuresTask}`, { taskId: ids.yMeasuresTask })
      expect(page.status).toBe(403)
      expect(page.text).not.toContain('天山化工')
      const outsider = await p.as('yining-officer2')
      await expect(p.workflow.complete(ids.yMeasuresTask, { payload: example('onsite-measures-decision'), outcome: 'close' }, outsider)).rejects.toThrow()
      expect((await ctx.db.task.findUniqueOrThrow({ where: { id: ids.yMeasuresTask } })).status).toBe('open')
      expect(await ctx.db.auditEntry.count({ where: { actorId: outsider.id, action: 'task.read', outcome: 'denied', targetId: ids.yMeasuresTask } })).toBeGreaterThan(0)
    })

    it('a colleague not on the inspection reads none of its documents on completed task pages, while the co-officer named on a matter reads its plan on both pages', async () => {
      for (const [task, doc, marker] of [[ids.yPlanTask, ids.yPlanDoc, '【伊宁方案标记】'], [ids.yRecordTask, ids.yRecordDoc, '【伊宁笔录标记】'], [ids.yOrderTask, ids.yOrderDoc, '【伊宁整改标记】']] as const) {
        const taskPage = await call('yining-officer2', '_app.tasks.$taskId', `/tasks/${task}`, { taskId: task })
        expect(taskPage.text).not.toContain(marker)
        expect((await call('yining-officer2', '_app.documents.$documentId', `/documents/${doc}`, { documentId: doc })).status).toBe(404)
      }
      const named = await call('huocheng-officer2', '_app.tasks.$taskId', `/tasks/${ids.hPlanTask}`, { taskId: ids.hPlanTask })
      expect(named.text).toContain('【霍城方案标记】')
      expect((await call('huocheng-officer2', '_app.documents.$documentId', `/documents/${ids.hPlanDoc}`, { documentId: ids.hPlanDoc })).status).toBe(200)
    })

    it('the officer who drafted a document is its maker and reads it, though the deputy head’s approval issued it', async () => {
      const plan = await ctx.db.document.findUniqueOrThrow({ where: { id: ids.yPlanDoc }, select: { madeByName: true, issuedByName: true } })
      expect(plan).toEqual({ madeByName: (await p.as('yining-officer')).displayName, issuedByName: (await p.as('yining-deputy')).displayName })
      for (const id of [ids.yPlanDoc, ids.yRecordDoc, ids.yOrderDoc]) {
        expect((await call('yining-supervisor', '_app.documents.$documentId', `/documents/${id}`, { documentId: id })).status).toBe(200)
        expect((await call('yining-officer', 'documents.$documentId.$format', `/documents/${id}/docx`, { documentId: id, format: 'docx' })).status).toBe(200)
      }
    })

    it('an approver sees the draft being approved, read-only, with the earlier opinions', async () => {
      const page = await call('yining-deputy', '_app.tasks.$taskId', `/tasks/${ids.yPlanApproval}`, { taskId: ids.yPlanApproval })
      expect(page.status).toBe(200)
      expect(page.text).toContain('【伊宁方案标记】')
      expect(page.text).toContain('"review":{')
    })

    it('an access request binds the document chosen when it was opened: another number in its form is refused, and the approver sees the target', async () => {
      const { instanceId } = await p.open('yining-officer2', { kind: 'access-request', title: '查阅整改指令书', data: { targetDocumentId: ids.yOrderDoc, reason: '办理复查需要查阅' } })
      const applicant = await p.as('yining-officer2')
      const apply = await p.taskOf('yining-officer2', instanceId, 'apply')
      const services = { db: ctx.db, clock, workflow: p.workflow, registry }
      const named = (number: string) => JSON.stringify(example('access-request', { documents: [{ number, title: '责令限期整改指令书' }], until: '2026-03-31', date: '2026-03-05' }))
      await expect(completeStep(services, applicant, apply.id, { payload: named('（伊县）应急检方〔2026〕1号') })).rejects.toBeInstanceOf(InvalidInput)
      expect((await ctx.db.task.findUniqueOrThrow({ where: { id: apply.id } })).status).toBe('open')
      await completeStep(services, applicant, apply.id, { payload: named(ids.yOrderNumber) })
      const approval = (await p.taskOf('yining-deputy', instanceId, 'approval')).id
      const page = await call('yining-deputy', '_app.tasks.$taskId', `/tasks/${approval}`, { taskId: approval })
      expect(page.status).toBe(200)
      expect(page.text).toContain(`"requestTarget":{"id":"${ids.yOrderDoc}","number":"${ids.yOrderNumber}"`)
      expect(page.text).toContain('"readable":true')
    })

    it('a county legal reviewer gets 403 on another county’s review steps and is offered only their own county; the prefecture’s reviewer and the region’s process administrator may open it', async () => {
      const url = `/admin/review-steps/penalty-case-general?department=${ids.huocheng}`
      const params = { procedure: 'penalty-case-general' }
      const refused = await call('yining-legal', '_app.admin.review-steps.$procedure', url, params)
      expect(refused.status).toBe(403)
      expect(refused.text).not.toContain('霍城县')
      expect((await call('yining-legal', '_app.admin.review-steps._index', `/admin/review-steps?department=${ids.huocheng}`)).status).toBe(403)
      const own = await call('yining-legal', '_app.admin.review-steps.$procedure', '/admin/review-steps/penalty-case-general', params)
      expect(own.status).toBe(200)
      expect(own.text).toContain('伊宁县应急管理局')
      expect(own.text).not.toContain('霍城县')
      for (const login of ['huocheng-legal', 'ili-legal', 'region-process-admin']) {
        const page = await call(login, '_app.admin.review-steps.$procedure', url, params)
        expect(page.status, login).toBe(200)
        expect(page.text, login).toContain('"name":"霍城县应急管理局"')
      }
      expect((await call('huocheng-officer', '_app.admin.review-steps.$procedure', url, params)).status).toBe(403)
    })

    it('the review-group page is a legal reviewer’s, offering only the departments of their own organ and below; an officer and a system administrator get 403', async () => {
      const own = await call('yining-legal', '_app.admin.review-groups', '/admin/review-groups')
      expect(own.status).toBe(200)
      expect(own.text).toContain('伊宁县应急管理局法制审核部门')
      expect(own.text).not.toContain('霍城县')
      expect((await call('ili-legal', '_app.admin.review-groups', '/admin/review-groups')).text).toContain('霍城县应急管理局')
      for (const login of ['yining-officer', 'yining-admin', 'huocheng-supervisor']) {
        expect((await call(login, '_app.admin.review-groups', '/admin/review-groups')).status, login).toBe(403)
      }
    })

    it('reading a document and being refused are both logged', async () => {
      await call('yining-legal', '_app.documents.$documentId', `/documents/${ids.yOrderDoc}`, { documentId: ids.yOrderDoc })
      await call('huocheng-officer', '_app.documents.$documentId', `/documents/${ids.yOrderDoc}`, { documentId: ids.yOrderDoc })
      const legal = await p.as('yining-legal')
      const outsider = await p.as('huocheng-officer')
      expect(await ctx.db.auditEntry.count({ where: { actorId: legal.id, action: 'document.read', outcome: 'success', targetId: ids.yOrderDoc } })).toBeGreaterThan(0)
      expect(await ctx.db.auditEntry.count({ where: { actorId: outsider.id, action: 'document.read', outcome: 'denied', targetId: ids.yOrderDoc } })).toBeGreaterThan(0)
    })
  })
})
