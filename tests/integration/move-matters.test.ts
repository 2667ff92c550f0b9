/**
 * Issue 12 part 5 in the app: a process administrator moves running
 * inspections to a newer version of the shipped on-site inspection
 * procedure. The matter at the plan's draft cannot move to a version whose
 * draft step takes another form; the matter past the plan approval can, and
 * then runs on the new version. Nothing moves unless every chosen matter
 * can; other users get 403 from the service and the page.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it, vi } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { serviceContextFor } from '../support/actors.ts'
import { definitionsDir, example, prepareProcedures, type Procedures } from '../support/workflow.ts'
import { ManualClock, MoveRefused } from '../../engine/index.ts'
import { openSession } from '../../app/services/session.server.ts'
import { systemClock } from '../../engine/clock.ts'
import { listMoves, moveMatters } from '../../app/services/studio/move-matters.server.ts'
import { matterView } from '../../app/services/matters/matter-view.server.ts'
import { Forbidden } from '../../app/services/errors.ts'

process.env.ZHIFA_PDF = 'off'

const shipped = fs.readFileSync(path.join(definitionsDir, 'onsite-inspection', 'process.bpmn'), 'utf8')
/** Version 2: the plan's approval step renamed — every step and form as before. */
const renamed = shipped.replace('name="审批现场检查方案"', 'name="审批现场检查方案（分管负责同志）"')
/** Version 3: the plan is drafted on another form. */
const otherForm = renamed.replace('<userTask id="draftPlan" name="编制现场检查方案" zf:form="onsite-inspection-plan"', '<userTask id="draftPlan" name="编制现场检查方案" zf:form="inspection-scheme"')

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>

describeEachDatabase('a process administrator moves running inspections to a new version of the procedure', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  const ids = { atDraft: '', atDraftMatter: '', atRecord: '', atRecordMatter: '' }
  const admin = () => serviceContextFor(ctx.db, clock, 'region-process-admin')

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
    const first = await p.open('yining-officer', { kind: 'inspection', title: '对恒泰煤业的现场检查', party: '伊宁县恒泰煤业有限公司' })
    ids.atDraft = first.instanceId
    ids.atDraftMatter = first.matterId
    const second = await p.open('yining-officer', { kind: 'inspection', title: '对天山化工的现场检查', party: '伊宁县天山化工有限责任公司' })
    ids.atRecord = second.instanceId
    ids.atRecordMatter = second.matterId
    await p.act('yining-officer', ids.atRecord, 'draftPlan', { payload: example('onsite-inspection-plan', { plannedDate: '2026-03-05' }) })
    await p.act('yining-supervisor', ids.atRecord, 'reviewPlan', { outcome: 'approve' })
    await p.act('yining-deputy', ids.atRecord, 'approvePlan', { outcome: 'approve' })
    expect((await p.openTasks(ids.atRecord)).map(([elementId]) => elementId)).toEqual(['record'])
    const processAdmin = (await admin()).actor
    await p.workflow.deploy(renamed, processAdmin, { changeNote: '审批环节改名' })
    await p.workflow.deploy(otherForm, processAdmin, { changeNote: '方案改用另一表单' })
  }, 240_000)

  it('lists both running matters by number with whether each can move to version 3 and why not', async () => {
    const { ability } = await admin()
    const listing = await listMoves(ctx.db, p.workflow, ability, 'onsite-inspection', 3)
    const numbers = new Map((await ctx.db.matter.findMany({ select: { id: true, number: true } })).map((m) => [m.id, m.number]))
    expect(listing.versions.map((v) => [v.version, v.active])).toEqual([[3, true], [2, false], [1, false]])
    expect(listing.rows.map((r) => [r.label, r.fromVersion, r.waiting, r.movable, r.reasons])).toEqual([
      [numbers.get(ids.atDraftMatter), 1, ['编制现场检查方案'], false, ['待办「编制现场检查方案」的表单在新版本中由「onsite-inspection-plan」改为「inspection-scheme」，已填写的内容不能沿用']],
      [numbers.get(ids.atRecordMatter), 1, ['制作现场检查记录'], true, []],
    ])
    expect(listing.rows[0]!.departmentName).toBe('伊宁县应急管理局')
  })

  it('refuses a move that includes a matter that cannot move, and moves nothing', async () => {
    const { ability, actor } = await admin()
    const error = await moveMatters(ctx.db, p.workflow, ability, clock, actor, { key: 'onsite-inspection', toVersion: 3, instanceIds: [ids.atRecord, ids.atDraft], note: null }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MoveRefused)
    expect(await ctx.db.processInstance.count({ where: { definitionKey: 'onsite-inspection', definitionVersion: { not: 1 } } })).toBe(0)
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.move' } })).toBe(0)
  })

  it('moves the matter past the plan approval in one audited operation, records the version on the matter, and the matter carries on on the new version', async () => {
    const { ability, actor } = await admin()
    const tasksBefore = await ctx.db.task.findMany({ where: { instanceId: ids.atRecord }, orderBy: { createdAt: 'asc' } })
    const documentsBefore = await ctx.db.document.count({ where: { matterId: ids.atRecordMatter } })
    const moved = await moveMatters(ctx.db, p.workflow, ability, clock, actor, { key: 'onsite-inspection', toVersion: 3, instanceIds: [ids.atRecord], note: '按新版本办理' })
    expect(moved).toEqual([{ instanceId: ids.atRecord, businessKey: ids.atRecordMatter, label: (await ctx.db.matter.findUniqueOrThrow({ where: { id: ids.atRecordMatter } })).number, fromVersion: 1, toVersion: 3 }])
    expect(await ctx.db.processInstance.findUniqueOrThrow({ where: { id: ids.atRecord }, select: { definitionVersion: true } })).toEqual({ definitionVersion: 3 })
    expect(await ctx.db.task.findMany({ where: { instanceId: ids.atRecord }, orderBy: { createdAt: 'asc' } })).toEqual(tasksBefore)
    expect(await ctx.db.document.count({ where: { matterId: ids.atRecordMatter } })).toBe(documentsBefore)
    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: ids.atRecordMatter }, select: { data: true } })
    expect(matter.data).toMatchObject({ definitionVersion: 3, definitionMoves: [{ from: 1, to: 3, byName: actor.displayName, note: '按新版本办理' }] })
    const audit = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'process.move', targetId: ids.atRecord } })
    expect(audit.actorId).toBe(actor.id)
    // The matter's page: the diagram of version 3, the steps done before the move, and the move itself on the timeline.
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const view = await matterView(ctx.db, clock, officer.ability, officer.actor, ids.atRecordMatter)
    expect(view.diagram?.version).toBe(3)
    const timeline = view.timeline.map((e) => e.text)
    expect(timeline).toEqual(expect.arrayContaining(['办理「审批现场检查方案」：同意', '办理流程由第 1 版迁移到第 3 版：按新版本办理']))
    expect(view.timeline.find((e) => e.kind === 'moved')).toMatchObject({ who: actor.displayName })
    // The next step runs on version 3: the record is made and the matter moves on to what the inspection found.
    await p.act('yining-officer', ids.atRecord, 'record', { outcome: 'close' })
    expect(await ctx.db.processInstance.findUniqueOrThrow({ where: { id: ids.atRecord }, select: { status: true, definitionVersion: true } })).toEqual({ status: 'completed', definitionVersion: 3 })
    // The other matter stays on version 1 and is still listed.
    expect((await listMoves(ctx.db, p.workflow, ability, 'onsite-inspection', 3)).rows.map((r) => r.instanceId)).toEqual([ids.atDraft])
  })

  it('refuses everyone but process administrators: the service with 403 Forbidden, the page with 403', async () => {
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    await expect(listMoves(ctx.db, p.workflow, officer.ability, 'onsite-inspection', 3)).rejects.toBeInstanceOf(Forbidden)
    await expect(moveMatters(ctx.db, p.workflow, officer.ability, clock, officer.actor, { key: 'onsite-inspection', toVersion: 3, instanceIds: [ids.atDraft], note: null })).rejects.toBeInstanceOf(Forbidden)

    const holder = globalThis as unknown as { __zhifaDb?: unknown; __zhifaWorkflow?: unknown }
    holder.__zhifaDb = ctx.db
    holder.__zhifaWorkflow = p.workflow
    vi.resetModules()
    const { loader } = (await import('../../app/routes/_app.admin.definitions.$key.move.tsx')) as unknown as { loader: Loader }
    const { sessionCookie } = await import('../../app/utils/auth.server.ts')
    const pageAs = async (login: string) => {
      const user = await ctx.db.user.findUniqueOrThrow({ where: { loginName: login }, select: { id: true } })
      const session = await openSession(ctx.db, systemClock, { userId: user.id })
      const cookie = (await sessionCookie.serialize(session.id)).split(';')[0]!
      const request = new Request('http://127.0.0.1/admin/definitions/onsite-inspection/move?to=3', { headers: { cookie } })
      try {
        const result = await loader({ request, params: { key: 'onsite-inspection' }, context: {} })
        return { status: 200, body: JSON.stringify(result) }
      } catch (thrown) {
        if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() }
        throw thrown
      }
    }
    for (const login of ['yining-officer', 'yining-admin', 'region-admin', 'yining-deputy']) {
      const page = await pageAs(login)
      expect(page.status, login).toBe(403)
      expect(page.body).not.toContain('制作现场检查记录')
    }
    const page = await pageAs('region-process-admin')
    expect(page.status).toBe(200)
    expect(page.body).toContain('编制现场检查方案')
    delete holder.__zhifaWorkflow
  })
})
