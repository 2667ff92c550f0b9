/**
 * The legal office proposes form changes (issue 13 part 1, ADR 041): a
 * county legal reviewer edits the 询问通知书 in the studio and submits a
 * proposal after the save's checks; a process administrator reads it field by
 * field and accepts it (a new version in force, through the catalog, the checks
 * run again) or rejects it with a reason (nothing changes); the proposer is
 * told. Officers can neither propose nor see proposals.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import type { JsonSchema } from '../../forms/_lib/schema-ref.ts'
import type { StudioDeps } from '../../app/services/catalog/form-studio.server.ts'
import { acceptFormProposal, formOwner, formProposals, mayPropose, proposalView, proposeFormEdit, rejectFormProposal } from '../../app/services/catalog/form-proposals.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { Conflict, Forbidden, InvalidInput } from '../../app/services/errors.ts'
import { serviceContextFor } from '../support/actors.ts'
import { seedDemoServer, serverProcess } from '../support/catalog.ts'

const KEY = 'inquiry-notice'
const shipped = loadRegistry().get(KEY)
const example = () => structuredClone(validExample(shipped).payload)

/** The 询问通知书 with one more field, as the studio sends it. */
function withField(schema: JsonSchema, key: string, field: JsonSchema, required = false): JsonSchema {
  const next = structuredClone(schema) as JsonSchema & { properties: Record<string, unknown>; required: string[] }
  next.properties[key] = field
  if (required) next.required.push(key)
  return next
}

const parkingNote = { type: 'string', title: '停车须知', maxLength: 100 }

describeEachDatabase('the legal office proposes form changes, a process administrator decides', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  let deps: StudioDeps
  let server: ReturnType<typeof serverProcess>
  const as = (login: string) => serviceContextFor(ctx.db, clock, login)
  const titleOf = (key: string) => deps.catalog.forms.get(key).manifest.title
  const activeVersion = async () => (await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'form', key: KEY } } })).activeVersion
  const versions = () => ctx.db.formVersion.count({ where: { formKey: KEY } })
  const proposal = (schema: JsonSchema, validExample?: Record<string, unknown>) => ({ schema, uiSchema: shipped.uiSchema, ...(validExample ? { validExample } : {}) })
  let accepted = ''
  let stale = ''

  beforeAll(async () => {
    await seedDemoServer(ctx.db, clock)
    server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    deps = { db: ctx.db, clock, catalog: server.catalog, renderer: createRenderer(noPdfConverter), documents: server.documents }
  }, 120_000)

  it('a shipped form is owned by the region, so every legal office below it may propose and an officer may not', async () => {
    const owner = await formOwner(ctx.db, KEY)
    expect(owner.organName).toBe('自治区应急管理厅')
    for (const login of ['yining-legal', 'huocheng-legal', 'ili-legal', 'region-legal']) expect(mayPropose((await as(login)).ability, KEY, owner), login).toBe(true)
    for (const login of ['yining-officer', 'yining-deputy', 'region-admin', 'region-process-admin']) expect(mayPropose((await as(login)).ability, KEY, owner), login).toBe(false)
  })

  it('an officer’s proposal is refused (403) and nothing is stored', async () => {
    const officer = await as('yining-officer')
    const refused = await proposeFormEdit(deps, officer, KEY, proposal(withField(shipped.bundledSchema, 'parkingNote', parkingNote)), '加停车须知').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Forbidden)
    expect(await ctx.db.catalogProposal.count()).toBe(0)
  })

  it('a proposal that fails the save’s checks is refused at submission with the messages, and nothing is stored', async () => {
    const legal = await as('yining-legal')
    const required = withField(shipped.bundledSchema, 'contactEmail', { type: 'string', title: '联系邮箱', format: 'email' }, true)
    const refused = await proposeFormEdit(deps, legal, KEY, proposal(required), '加联系邮箱').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidInput)
    expect((refused as InvalidInput).message).toBe('未提交：1 处问题')
    expect((refused as InvalidInput).fieldErrors.form!.join('')).toMatch(/示例 valid\.json 应通过却被拒绝：.*联系邮箱/)
    const noNote = await proposeFormEdit(deps, legal, KEY, proposal(withField(shipped.bundledSchema, 'parkingNote', parkingNote)), ' ').catch((e: unknown) => e)
    expect((noNote as InvalidInput).fieldErrors.changeNote).toEqual(['请填写变更说明：为什么改'])
    const unchanged = await proposeFormEdit(deps, legal, KEY, proposal(shipped.bundledSchema), '没改').catch((e: unknown) => e)
    expect((unchanged as InvalidInput).fieldErrors.form).toEqual(['与生效版本相同，没有可提议的修改'])
    expect(await ctx.db.catalogProposal.count()).toBe(0)
    expect(await ctx.db.auditEntry.count({ where: { action: { startsWith: 'catalog.proposal' } } })).toBe(0)
  }, 60_000)

  it('the county legal reviewer’s proposal is stored pending, logged, and the process administrators are told', async () => {
    const legal = await as('yining-legal')
    const schema = withField(shipped.bundledSchema, 'parkingNote', parkingNote)
    const { id } = await proposeFormEdit(deps, legal, KEY, proposal(schema, { ...example(), parkingNote: '请在东门停车' }), '来访人常问停车位置，通知书中写明')
    accepted = id
    const row = await ctx.db.catalogProposal.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ status: 'pending', baseVersion: 1, proposedByName: legal.actor.displayName, proposerOrganId: legal.actor.organId })
    const log = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.proposal.submit', targetId: id } })
    expect(log.actorId).toBe(legal.actor.id)
    const admin = await as('region-process-admin')
    const told = await ctx.db.notification.findMany({ where: { kind: 'catalog-proposal-submitted' }, select: { userId: true, link: true } })
    expect(told).toEqual([{ userId: admin.actor.id, link: `/admin/forms/${KEY}/proposals/${id}` }])
    // Same content again while it waits: refused.
    const again = await proposeFormEdit(deps, await as('huocheng-legal'), KEY, proposal(schema, { ...example(), parkingNote: '请在东门停车' }), '同上').catch((e: unknown) => e)
    expect((again as InvalidInput).fieldErrors.form![0]).toContain('已提出内容相同的修改')
    // Nothing is in force yet.
    expect(await activeVersion()).toBe(1)
    expect(await versions()).toBe(1)
  }, 60_000)

  it('the process administrator sees it with a field-level diff; the proposer sees only their own; officers and other legal offices see none (403)', async () => {
    const admin = await as('region-process-admin')
    const list = await formProposals(ctx.db, admin.ability, titleOf)
    expect(list.map((p) => [p.id, p.status, p.title])).toEqual([[accepted, 'pending', '询问通知书']])
    const view = await proposalView(deps, admin.ability, KEY, accepted)
    expect(view.mayDecide).toBe(true)
    expect(view.changes.fields).toEqual([{ path: 'parkingNote', label: '停车须知', change: 'added', details: ['选填；类型：string；最多字数：100'] }])
    expect(view.exampleChanges).toEqual([{ path: 'parkingNote', label: '停车须知', before: null, after: '请在东门停车' }])
    expect(view.schemaDiff).toContain('+ ')

    const legal = await as('yining-legal')
    expect((await formProposals(ctx.db, legal.ability, titleOf)).map((p) => p.id)).toEqual([accepted])
    expect((await proposalView(deps, legal.ability, KEY, accepted)).mayDecide).toBe(false)
    for (const login of ['yining-officer', 'huocheng-legal', 'yining-deputy', 'region-admin']) {
      const other = await as(login)
      expect(await formProposals(ctx.db, other.ability, titleOf), login).toEqual([])
      await expect(proposalView(deps, other.ability, KEY, accepted), login).rejects.toBeInstanceOf(Forbidden)
    }
  }, 60_000)

  it('neither the proposer nor an officer may accept or reject it (403), and it stays pending', async () => {
    for (const login of ['yining-legal', 'yining-officer']) {
      const who = await as(login)
      await expect(acceptFormProposal(deps, who, KEY, accepted), login).rejects.toBeInstanceOf(Forbidden)
      await expect(rejectFormProposal(deps, who, KEY, accepted, '不要'), login).rejects.toBeInstanceOf(Forbidden)
    }
    expect((await ctx.db.catalogProposal.findUniqueOrThrow({ where: { id: accepted } })).status).toBe('pending')
  })

  it('a rejection needs a reason; rejected, nothing changes but the proposal, logged, and the proposer is told why', async () => {
    const legal = await as('huocheng-legal')
    const admin = await as('region-process-admin')
    const { id } = await proposeFormEdit(deps, legal, KEY, proposal(withField(shipped.bundledSchema, 'dressCode', { type: 'string', title: '着装要求' })), '写明着装要求')
    await expect(rejectFormProposal(deps, admin, KEY, id, '  ')).rejects.toBeInstanceOf(InvalidInput)
    await rejectFormProposal(deps, admin, KEY, id, '询问通知书不宜规定着装')
    expect(await ctx.db.catalogProposal.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'rejected', decisionNote: '询问通知书不宜规定着装', decidedById: admin.actor.id, acceptedVersion: null })
    expect(await activeVersion()).toBe(1)
    expect(await versions()).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'catalog.proposal.reject', targetId: id, actorId: admin.actor.id } })).toBe(1)
    const told = await ctx.db.notification.findFirstOrThrow({ where: { userId: legal.actor.id, kind: 'catalog-proposal-rejected' } })
    expect(told.body).toContain('理由：询问通知书不宜规定着装')
    await expect(rejectFormProposal(deps, admin, KEY, id, '再驳回')).rejects.toBeInstanceOf(Conflict)
  }, 60_000)

  it('accepted, it becomes the new version in force through the catalog, recorded as proposed by the reviewer and accepted by the administrator', async () => {
    // Another proposal on the same version, decided after this one.
    stale = (await proposeFormEdit(deps, await as('ili-legal'), KEY, proposal(withField(shipped.bundledSchema, 'interpreter', { type: 'string', title: '翻译人员' })), '少数民族当事人需要翻译')).id
    const admin = await as('region-process-admin')
    const legal = await as('yining-legal')
    const { version } = await acceptFormProposal(deps, admin, KEY, accepted, '同意')
    expect(version).toBe(2)
    expect(await activeVersion()).toBe(2)
    expect(deps.catalog.forms.get(KEY).bundledSchema.properties).toHaveProperty('parkingNote')
    const row = await ctx.db.formVersion.findUniqueOrThrow({ where: { formKey_version: { formKey: KEY, version: 2 } } })
    expect(row).toMatchObject({ source: 'admin', createdById: admin.actor.id, changeNote: `来访人常问停车位置，通知书中写明（${legal.actor.displayName}提议，${admin.actor.displayName}采纳：同意）` })
    expect(await ctx.db.catalogProposal.findUniqueOrThrow({ where: { id: accepted } })).toMatchObject({ status: 'accepted', acceptedVersion: 2, decidedByName: admin.actor.displayName })
    const log = await ctx.db.auditEntry.findMany({ where: { actorId: admin.actor.id, action: { in: ['form.version', 'catalog.activate', 'catalog.proposal.accept'] } }, orderBy: { seq: 'asc' } })
    expect(log.map((e) => e.action)).toEqual(['form.version', 'catalog.activate', 'catalog.proposal.accept'])
    expect(JSON.parse(log[2]!.detail as string)).toMatchObject({ version: 2, proposedById: legal.actor.id, acceptedBy: admin.actor.displayName })
    const told = await ctx.db.notification.findFirstOrThrow({ where: { userId: legal.actor.id, kind: 'catalog-proposal-accepted' } })
    expect(told.body).toContain('已作为第 2 版生效')
    // A new document of the form has the field.
    const officer = await as('yining-officer')
    const doc = await server.documents.issue(officer.actor, { formKey: KEY, data: { ...example(), parkingNote: '东门' }, departmentId: officer.actor.departmentId })
    expect(doc.formVersion).toBe(2)
    await expect(acceptFormProposal(deps, admin, KEY, accepted)).rejects.toBeInstanceOf(Conflict)
    // Decided: its page compares it with the version it was made on.
    expect((await proposalView(deps, legal.ability, KEY, accepted)).changes.fields.map((f) => f.path)).toEqual(['parkingNote'])
  }, 60_000)

  it('a proposal made on an earlier version is not accepted over the newer one (409), and nothing changes', async () => {
    const admin = await as('region-process-admin')
    const refused = await acceptFormProposal(deps, admin, KEY, stale).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Conflict)
    expect((refused as Conflict).message).toContain('该提议基于第 1 版，现在生效的是第 2 版')
    expect(await activeVersion()).toBe(2)
    expect((await ctx.db.catalogProposal.findUniqueOrThrow({ where: { id: stale } })).status).toBe('pending')
  }, 60_000)

  it('a form put in force by a county is owned by that county: only the legal offices of that county may propose', async () => {
    // As if a county's process administrator had activated the version (the shipped roles keep them at the region).
    const county = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-admin' } })
    await ctx.db.catalogItem.update({ where: { kind_key: { kind: 'form', key: 'hearing-request' } }, data: { updatedById: county.id } })
    const owner = await formOwner(ctx.db, 'hearing-request')
    expect(owner.organName).toBe('伊宁县应急管理局')
    expect(mayPropose((await as('yining-legal')).ability, 'hearing-request', owner)).toBe(true)
    for (const login of ['huocheng-legal', 'ili-legal', 'region-legal']) expect(mayPropose((await as(login)).ability, 'hearing-request', owner), login).toBe(false)
  })
})
