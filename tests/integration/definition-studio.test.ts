/**
 * The process studio's server side (issue 12 parts 1 to 4), through the
 * route modules' own loaders and actions with real sessions: the procedures
 * and a procedure's versions with the instances running on each, a roll
 * back through the catalog (audited, new matters start the older version),
 * the comparison of two versions as JSON, the simulation with the
 * database's working-day calendar, publishing the modeler's XML with a
 * change note (re-checked on the server: a bypassed gate is refused with
 * its path), a new procedure from a template, and 403 for everyone else on
 * every route, with nothing changed.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it, vi } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { openSession } from '../../app/services/session.server.ts'
import { systemClock } from '../../engine/clock.ts'
import { importBundle } from '../../app/services/catalog/import.server.ts'
import { serviceContextFor } from '../support/actors.ts'
import { repoRoot, seedDemoServer, serverProcess } from '../support/catalog.ts'

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown
interface Module { loader?: Handler; action?: Handler }

const KEY = 'penalty-case-general'
const shipped = fs.readFileSync(path.join(repoRoot, 'definitions', KEY, 'process.bpmn'), 'utf8')
/** The second version: the legal review gets 5 working days and a new name. */
const second = shipped.replace('name="法制审核" zf:form="legal-review-opinion" zf:role="legal-reviewer" zf:scope="legal-office" zf:due="3 working days"',
  'name="法制审核（含合法性审查）" zf:form="legal-review-opinion" zf:role="legal-reviewer" zf:scope="legal-office" zf:due="5 working days"')

describeEachDatabase('the process studio: versions, roll back, compare, simulate', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  const modules = new Map<string, Module>()
  const cookies = new Map<string, string>()
  const csrf = new Map<string, string>()
  let adminName = ''
  const LOGINS = ['region-process-admin', 'region-admin', 'region-officer', 'yining-admin', 'region-deputy']

  async function respond(work: () => unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
    let result: unknown
    try {
      result = await work()
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown
      result = thrown
    }
    if (result instanceof Response) {
      const text = await result.text()
      let body: unknown = text
      try { body = JSON.parse(text) } catch { /* text */ }
      return { status: result.status, body, headers: result.headers }
    }
    const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } }
    if (wrapped?.type === 'DataWithResponseInit') return { status: wrapped.init?.status ?? 200, body: wrapped.data, headers: new Headers() }
    return { status: 200, body: result, headers: new Headers() }
  }

  function get(login: string, route: string, url: string, params: Record<string, string> = {}) {
    const request = new Request(`http://127.0.0.1${url}`, { headers: { cookie: cookies.get(login)! } })
    return respond(() => modules.get(route)!.loader!({ request, params, context: {} }))
  }

  function post(login: string, route: string, url: string, body: Record<string, string> | object, params: Record<string, string> = {}, json = false) {
    const headers: Record<string, string> = { cookie: cookies.get(login)!, 'x-csrf-token': csrf.get(login)! }
    const request = json
      ? new Request(`http://127.0.0.1${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      : new Request(`http://127.0.0.1${url}`, { method: 'POST', headers, body: new URLSearchParams(body as Record<string, string>) })
    return respond(() => modules.get(route)!.action!({ request, params, context: {} }))
  }

  beforeAll(async () => {
    await seedDemoServer(ctx.db, clock)
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    // Two cases on the first version, then a second version published through the catalog, one case on it.
    const officer = (await serviceContextFor(ctx.db, clock, 'yining-officer')).actor
    const admin = (await serviceContextFor(ctx.db, clock, 'region-process-admin')).actor
    adminName = admin.displayName
    for (let i = 0; i < 2; i++) await server.workflow.start(KEY, { departmentId: officer.departmentId }, officer)
    const published = await importBundle(server, { definitions: [{ key: KEY, xml: second }], forms: [], entries: [], gates: undefined, problems: [] }, { note: '法制审核期限延长至5个工作日', actor: admin })
    expect(published).toMatchObject({ ok: true, activated: [`definition:${KEY} v2`] })
    await server.workflow.start(KEY, { departmentId: officer.departmentId }, officer)

    // The app's modules over this test's database.
    const holder = globalThis as unknown as Record<string, unknown>
    holder.__zhifaDb = ctx.db
    delete holder.__zhifaWorkflow
    delete holder.__zhifaCatalog
    vi.resetModules()
    const routes = path.join(repoRoot, 'app', 'routes')
    for (const name of ['_app.admin.definitions._index', '_app.admin.definitions.$key._index', '_app.admin.definitions.$key.compare', 'admin.definitions.$key.compare[.json]', 'admin.definitions.simulate', '_app.admin.definitions.$key.edit', '_app.admin.definitions.new']) {
      modules.set(name, (await import(path.join(routes, `${name}.tsx`))) as Module)
    }
    const { sessionCookie } = await import('../../app/utils/auth.server.ts')
    const { csrfToken } = await import('../../app/utils/csrf.server.ts')
    for (const login of LOGINS) {
      const user = await ctx.db.user.findUniqueOrThrow({ where: { loginName: login }, select: { id: true } })
      const session = await openSession(ctx.db, systemClock, { userId: user.id })
      cookies.set(login, (await sessionCookie.serialize(session.id)).split(';')[0]!)
      csrf.set(login, (await csrfToken(new Request('http://127.0.0.1/', { headers: { cookie: cookies.get(login)! } }))).token)
    }
  }, 240_000)

  it('lists the procedures with the version in force and the instances running, and a procedure’s versions with the instances on each', async () => {
    const list = await get('region-process-admin', '_app.admin.definitions._index', '/admin/definitions')
    expect(list.status).toBe(200)
    const procedures = (list.body as { procedures: Array<{ key: string; activeVersion: number; running: number; name: string }> }).procedures
    expect(procedures.find((p) => p.key === KEY)).toMatchObject({ activeVersion: 2, running: 3, name: '行政处罚案件（一般程序）' })
    expect(procedures.length).toBeGreaterThan(10)

    const versions = await get('region-process-admin', '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { key: KEY })
    expect(versions.status).toBe(200)
    const body = versions.body as { versions: Array<{ version: number; active: boolean; running: number; changeNote: string | null; createdByName: string | null; source: string }> }
    expect(body.versions.map((v) => [v.version, v.active, v.running])).toEqual([[2, true, 1], [1, false, 2]])
    expect(body.versions[0]).toMatchObject({ changeNote: '法制审核期限延长至5个工作日', createdByName: adminName, source: 'import' })
    expect((await get('region-process-admin', '_app.admin.definitions.$key._index', '/admin/definitions/no-such', { key: 'no-such' })).status).toBe(404)
  })

  it('compares two versions as JSON: the changed step with its zf attribute and name, layout ignored', async () => {
    const answer = await get('region-process-admin', 'admin.definitions.$key.compare[.json]', `/admin/definitions/${KEY}/compare.json?from=1&to=2`, { key: KEY })
    expect(answer.status).toBe(200)
    const diff = answer.body as { from: { version: number }; to: { version: number; xml: string }; added: unknown[]; removed: unknown[]; changed: Array<{ id: string; typeTitle: string; changes: Array<{ name: string; title: string; before: string; after: string }> }> }
    expect([diff.from.version, diff.to.version, diff.added, diff.removed]).toEqual([1, 2, [], []])
    expect(diff.changed).toEqual([expect.objectContaining({
      id: 'legalReview', typeTitle: '环节',
      changes: [
        { name: 'name', title: '名称', before: '法制审核', after: '法制审核（含合法性审查）' },
        { name: 'due', title: '期限（zf:due）', before: '3 working days', after: '5 working days' },
      ],
    })])
    expect(diff.to.xml).toBe(second)
    const page = await get('region-process-admin', '_app.admin.definitions.$key.compare', `/admin/definitions/${KEY}/compare?from=2&to=1`, { key: KEY })
    expect(page.status).toBe(200)
    expect((await get('region-process-admin', 'admin.definitions.$key.compare[.json]', `/admin/definitions/${KEY}/compare.json?from=1&to=9`, { key: KEY })).status).toBe(404)
    const bad = await get('region-process-admin', 'admin.definitions.$key.compare[.json]', `/admin/definitions/${KEY}/compare.json?from=x&to=2`, { key: KEY })
    expect(bad).toMatchObject({ status: 400, body: { fieldErrors: { from: ['版本应为正整数'] } } })
    expect((await get('region-process-admin', '_app.admin.definitions.$key.compare', `/admin/definitions/${KEY}/compare?from=2&to=2`, { key: KEY })).status).toBe(400)
  })

  it('simulates a stored version from 30 September 2025 with the database’s calendar: the legal review is due on 11 October, across National Day', async () => {
    const answer = await post('region-process-admin', 'admin.definitions.simulate', '/admin/definitions/simulate',
      { key: KEY, version: 1, start: '2025-09-30', outcomes: { inquiryRecord: 'done' }, variables: { partyPeriods: { statementDays: 3 } } }, {}, true)
    expect(answer.status).toBe(200)
    const result = answer.body as { ok: true; ended: boolean; steps: Array<Record<string, unknown>> }
    expect(result.ended).toBe(true)
    expect(result.steps.find((s) => s.elementId === 'legalReview')).toMatchObject({
      name: '法制审核', roleTitle: '法制审核人员', scopeTitle: '本机关法制审核部门', opened: '2025-09-30', dueDate: '2025-10-11', provisional: false,
      documentTitles: ['法制审核（审理）意见'],
    })
    expect(result.steps.find((s) => s.elementId === 'deputyDecision')).toMatchObject({ gatePassed: 'case-review', gateTitle: '案件审理审查决定' })
    expect(result.steps.find((s) => s.elementId === 'approveFiling')).toMatchObject({ documentTitles: ['立案审批表'], outcomeTitle: '同意' })

    // The same XML posted from the modeler (version 2's 5 working days); a year not entered is counted on the statutory holidays alone, provisional.
    const edited = await post('region-process-admin', 'admin.definitions.simulate', '/admin/definitions/simulate', { xml: second, start: '2027-09-30', outcomes: { inquiryRecord: 'done' } }, {}, true)
    expect((edited.body as { steps: Array<Record<string, unknown>> }).steps.find((s) => s.elementId === 'legalReview')).toMatchObject({ dueDate: '2027-10-12', provisional: true })

    // Bad input: a clear Chinese message; a definition that would not deploy: its problems.
    const bad = await post('region-process-admin', 'admin.definitions.simulate', '/admin/definitions/simulate', { key: KEY, version: 1, start: '2025-9-30' }, {}, true)
    expect(bad).toMatchObject({ status: 400, body: { message: 'start：开始日期应为 YYYY-MM-DD 格式的日期' } })
    const scripted = shipped.replace('<userTask id="legalReview"', '<scriptTask id="steal" scriptFormat="javascript"><script>process.exit(1)</script></scriptTask><userTask id="legalReview"')
    const refused = await post('region-process-admin', 'admin.definitions.simulate', '/admin/definitions/simulate', { xml: scripted, start: '2025-09-30' }, {}, true)
    expect(refused.status).toBe(200)
    expect((refused.body as { ok: boolean; problems: Array<{ code: string }> }).problems.map((p) => p.code)).toContain('SCRIPT_TASK_FORBIDDEN')
  })

  it('rolls back to version 1: it is in force again, with the note 回退到第 1 版 in the operation log, and new cases start it', async () => {
    const audits = await ctx.db.auditEntry.count()
    const answer = await post('region-process-admin', '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { intent: 'rollback', version: '1' }, { key: KEY })
    expect(answer.status).toBe(302)
    expect(await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } })).toMatchObject({ activeVersion: 1, updatedByName: adminName })
    // Content-addressed: the older version itself is in force again, not a copy (ADR 025).
    expect(await ctx.db.processDefinition.count({ where: { key: KEY } })).toBe(2)
    const entry = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.activate', seq: { gt: audits } } })
    expect(JSON.parse(entry.detail!)).toMatchObject({ key: KEY, version: 1, previous: 2, changeNote: '回退到第 1 版' })
    expect(entry.actorName).toBe(adminName)
    const versions = (await get('region-process-admin', '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { key: KEY })).body as { versions: Array<{ version: number; active: boolean }>; activations: Array<{ version: number; note: string }> }
    expect(versions.versions.map((v) => [v.version, v.active])).toEqual([[2, false], [1, true]])
    expect(versions.activations[0]).toMatchObject({ version: 1, note: '回退到第 1 版' })

    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const officer = (await serviceContextFor(ctx.db, clock, 'yining-officer')).actor
    const id = await server.workflow.start(KEY, { departmentId: officer.departmentId }, officer)
    expect((await ctx.db.processInstance.findUniqueOrThrow({ where: { id } })).definitionVersion).toBe(1)

    // Rolling back to the version in force is refused; to a version that does not exist, 404; both change nothing.
    const before = await ctx.db.auditEntry.count()
    await expect(post('region-process-admin', '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { intent: 'rollback', version: '1' }, { key: KEY })).resolves.toMatchObject({ status: 409 })
    await expect(post('region-process-admin', '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { intent: 'rollback', version: '7' }, { key: KEY })).resolves.toMatchObject({ status: 404 })
    expect(await ctx.db.auditEntry.count()).toBe(before)
  }, 60_000)

  it('answers 403 on every studio route to anyone who does not manage definitions, and changes nothing', async () => {
    const before = { audit: await ctx.db.auditEntry.count(), item: await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } }) }
    for (const login of ['region-admin', 'region-officer', 'yining-admin', 'region-deputy']) {
      const statuses = [
        (await get(login, '_app.admin.definitions._index', '/admin/definitions')).status,
        (await get(login, '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { key: KEY })).status,
        (await get(login, '_app.admin.definitions.$key.compare', `/admin/definitions/${KEY}/compare?from=1&to=2`, { key: KEY })).status,
        (await get(login, 'admin.definitions.$key.compare[.json]', `/admin/definitions/${KEY}/compare.json?from=1&to=2`, { key: KEY })).status,
        (await post(login, '_app.admin.definitions.$key._index', `/admin/definitions/${KEY}`, { intent: 'rollback', version: '2' }, { key: KEY })).status,
        (await post(login, 'admin.definitions.simulate', '/admin/definitions/simulate', { key: KEY, version: 1, start: '2025-09-30' }, {}, true)).status,
      ]
      expect(statuses, login).toEqual([403, 403, 403, 403, 403, 403])
      const page = await get(login, 'admin.definitions.$key.compare[.json]', `/admin/definitions/${KEY}/compare.json?from=1&to=2`, { key: KEY })
      expect(JSON.stringify(page.body)).not.toContain('legalReview')
    }
    // Without the CSRF token even the administrator's roll back is refused.
    const request = new Request(`http://127.0.0.1/admin/definitions/${KEY}`, { method: 'POST', headers: { cookie: cookies.get('region-process-admin')! }, body: new URLSearchParams({ intent: 'rollback', version: '2' }) })
    expect((await respond(() => modules.get('_app.admin.definitions.$key._index')!.action!({ request, params: { key: KEY }, context: {} }))).status).toBe(403)
    expect(await ctx.db.auditEntry.count()).toBe(before.audit)
    expect(await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } })).toEqual(before.item)
  })

  it('uses the calendar as entered in the database: a day an administrator marks as a holiday moves the simulated due date', async () => {
    await ctx.db.calendarDay.update({ where: { date: '2025-10-11' }, data: { kind: 'holiday' } })
    await ctx.db.calendarVersion.create({ data: { year: 2025, note: '测试：调整 10 月 11 日', changes: '[]', moved: '[]', createdById: null, createdByName: 'test', createdAt: clock.now() } })
    const answer = await post('region-process-admin', 'admin.definitions.simulate', '/admin/definitions/simulate', { key: KEY, version: 1, start: '2025-09-30', outcomes: { inquiryRecord: 'done' } }, {}, true)
    expect((answer.body as { steps: Array<Record<string, unknown>> }).steps.find((s) => s.elementId === 'legalReview')).toMatchObject({ dueDate: '2025-10-13' })
  })

  it('publishes the modeler’s XML with its change note as the version in force, audited; a running case stays on its own version', async () => {
    const server = serverProcess(ctx.db, clock)
    const officer = (await serviceContextFor(ctx.db, clock, 'yining-officer')).actor
    const running = await server.workflow.start(KEY, { departmentId: officer.departmentId }, officer)
    const before = (await ctx.db.processInstance.findUniqueOrThrow({ where: { id: running } })).definitionVersion
    const edited = shipped.replace('name="法制审核" zf:form="legal-review-opinion"', 'name="法制审核（两日内）" zf:form="legal-review-opinion"')
    const audits = await ctx.db.auditEntry.count()
    const answer = await post('region-process-admin', '_app.admin.definitions.$key.edit', `/admin/definitions/${KEY}/edit`, { intent: 'publish', xml: edited, note: '法制审核改名' }, { key: KEY })
    expect(answer.status).toBe(302)
    expect(answer.headers.get('location')).toBe(`/admin/definitions/${KEY}`)
    const item = await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } })
    const published = await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: KEY, version: item.activeVersion } } })
    expect([published.xml, published.changeNote, published.deployedByName]).toEqual([edited, '法制审核改名', adminName])
    const activation = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.activate', seq: { gt: audits } } })
    expect(JSON.parse(activation.detail!)).toMatchObject({ key: KEY, version: item.activeVersion, changeNote: '法制审核改名' })

    await server.catalog.reload()
    const opened = await server.workflow.start(KEY, { departmentId: officer.departmentId }, officer)
    expect((await ctx.db.processInstance.findUniqueOrThrow({ where: { id: opened } })).definitionVersion).toBe(item.activeVersion)
    expect((await ctx.db.processInstance.findUniqueOrThrow({ where: { id: running } })).definitionVersion).toBe(before)

    // The same XML again changes nothing and says so.
    const again = await post('region-process-admin', '_app.admin.definitions.$key.edit', `/admin/definitions/${KEY}/edit`, { intent: 'publish', xml: edited, note: '再次发布' }, { key: KEY })
    expect(again.status).toBe(302)
    expect((await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } })).activeVersion).toBe(item.activeVersion)
  }, 60_000)

  it('refuses to publish without a change note, a version whose decision bypasses the case review (with the path), or a process renamed to another key, and changes nothing', async () => {
    const state = async () => ({ audit: await ctx.db.auditEntry.count(), versions: await ctx.db.processDefinition.count({ where: { key: KEY } }), item: await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: KEY } } }) })
    const before = await state()
    const publish = (xml: string, note: string) => post('region-process-admin', '_app.admin.definitions.$key.edit', `/admin/definitions/${KEY}/edit`, { intent: 'publish', xml, note }, { key: KEY })

    const noNote = await publish(shipped, '  ')
    expect(noNote).toMatchObject({ status: 400, body: { fieldErrors: { note: ['请填写变更说明：为什么改'] } } })

    const bypass = await publish(shipped.replace('zf:role="deputy-head" zf:scope="organ" zf:gate="case-review"', 'zf:role="deputy-head" zf:scope="organ"'), '分管负责同志审查不再作为案件审理')
    expect(bypass.status).toBe(400)
    const problems = (bypass.body as { problems: Array<{ code: string; elementId: string | null; message: string; path?: string[] }> }).problems
    const bypassed = problems.find((p) => p.code === 'GATE_BYPASSED')
    expect(bypassed?.message).toContain('案件审理审查决定')
    expect(bypassed?.path).toEqual(expect.arrayContaining(['legalReview', 'deputyDecision']))

    const other = await publish(shipped.replaceAll(`"${KEY}"`, '"penalty-case-other"'), '换个键')
    expect(other.status).toBe(400)
    expect((other.body as { problems: Array<{ code: string; message: string }> }).problems).toEqual([expect.objectContaining({ code: 'KEY_MISMATCH' })])

    expect(await state()).toEqual(before)
  }, 60_000)

  it('starts a new procedure from a shipped template: the key checked, the template opened without a version, published as version 1 of the new key', async () => {
    const create = (body: Record<string, string>) => post('region-process-admin', '_app.admin.definitions.new', '/admin/definitions/new', body)
    expect(await create({ key: KEY, name: '重复', template: KEY })).toMatchObject({ status: 400, body: { fieldErrors: { key: [`流程「${KEY}」已存在，请在其版本页编辑`] } } })
    expect(await create({ key: 'Penalty Special', name: '专项', template: KEY })).toMatchObject({ status: 400, body: { fieldErrors: { key: [expect.stringContaining('流程键只能用小写字母')] } } })
    expect(await create({ key: 'penalty-case-special', name: '专项', template: 'no-such-template' })).toMatchObject({ status: 400, body: { fieldErrors: { template: ['模板不存在'] } } })
    const created = await create({ key: 'penalty-case-special', name: '行政处罚案件（专项执法）', template: KEY })
    expect(created.status).toBe(302)
    const location = created.headers.get('location')!
    expect(location).toBe(`/admin/definitions/penalty-case-special/edit?${new URLSearchParams({ template: KEY, name: '行政处罚案件（专项执法）' })}`)

    const opened = await get('region-process-admin', '_app.admin.definitions.$key.edit', location, { key: 'penalty-case-special' })
    expect(opened.status).toBe(200)
    const source = opened.body as { key: string; name: string; version: number | null; template: string | null; xml: string }
    expect(source).toMatchObject({ key: 'penalty-case-special', name: '行政处罚案件（专项执法）', version: null, template: KEY })
    expect(source.xml).toContain(`<process id="${KEY}"`)

    // The modeler renames the process (and so its diagram's reference to it) to the new key before publishing.
    const xml = source.xml.replaceAll(`"${KEY}"`, '"penalty-case-special"').replace(/(<process id="penalty-case-special" name=")[^"]*"/, '$1行政处罚案件（专项执法）"')
    const published = await post('region-process-admin', '_app.admin.definitions.$key.edit', '/admin/definitions/penalty-case-special/edit', { intent: 'publish', xml, note: '专项执法行动使用' }, { key: 'penalty-case-special' })
    expect(published.status).toBe(302)
    expect(await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'definition', key: 'penalty-case-special' } } })).toMatchObject({ activeVersion: 1 })
    expect(await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: 'penalty-case-special', version: 1 } } })).toMatchObject({ name: '行政处罚案件（专项执法）', changeNote: '专项执法行动使用' })
  }, 60_000)

  it('answers 403 to the modeler and the new-procedure page for anyone who does not manage definitions, and publishes nothing', async () => {
    const before = { audit: await ctx.db.auditEntry.count(), definitions: await ctx.db.processDefinition.count() }
    for (const login of ['region-admin', 'region-officer', 'yining-admin', 'region-deputy']) {
      const statuses = [
        (await get(login, '_app.admin.definitions.$key.edit', `/admin/definitions/${KEY}/edit`, { key: KEY })).status,
        (await post(login, '_app.admin.definitions.$key.edit', `/admin/definitions/${KEY}/edit`, { intent: 'publish', xml: shipped, note: '越权发布' }, { key: KEY })).status,
        (await get(login, '_app.admin.definitions.new', '/admin/definitions/new')).status,
        (await post(login, '_app.admin.definitions.new', '/admin/definitions/new', { key: 'penalty-case-x', name: '越权', template: KEY })).status,
      ]
      expect(statuses, login).toEqual([403, 403, 403, 403])
    }
    expect({ audit: await ctx.db.auditEntry.count(), definitions: await ctx.db.processDefinition.count() }).toEqual(before)
  })
})
