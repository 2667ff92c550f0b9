/**
 * Drafts in progress keep their form version; when the form studio puts a
 * newer one in force, the draft's owner is offered a migration (issue 13
 * part 1, docs/decisions/039). The form is the 整改复查意见书: version 2 adds
 * an optional 联系电话, version 3 no longer allows 部分整改 as 复查结论.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import type { JsonSchema } from '../../forms/_lib/schema-ref.ts'
import { saveFormEdit, type StudioDeps } from '../../app/services/catalog/form-studio.server.ts'
import { formsOfMatter, repinMatterFormIn, versionOf } from '../../app/services/catalog/matter-forms.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { formsOfPlace, loadDraft, saveDraft, type DraftPlace } from '../../app/services/documents/drafts.server.ts'
import { draftVersionOffer, migrateDraft } from '../../app/services/documents/draft-migration.server.ts'
import { makeDocument } from '../../app/services/documents/document-making.server.ts'
import { DraftConflict, DraftMigrationRefused } from '../../app/services/documents/errors.ts'
import { openMatter } from '../../app/services/matters/matters.server.ts'
import { httpStatusOf } from '../../app/utils/http.server.ts'
import { serviceContextFor } from '../support/actors.ts'
import { seedDemoServer, serverProcess } from '../support/catalog.ts'

const KEY = 'rectification-review-opinion'
const shipped = loadRegistry().get(KEY)
const example = () => structuredClone(validExample(shipped).payload) as Record<string, unknown>

type Editable = JsonSchema & { properties: Record<string, JsonSchema>; required: string[] }

/** Version 2: an optional 联系电话. */
function withContactPhone(schema: JsonSchema): JsonSchema {
  const next = structuredClone(schema) as Editable
  next.properties.contactPhone = { type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' }
  return next
}

/** Version 3: 部分整改 is no longer a 复查结论. */
function withoutPartly(schema: JsonSchema): JsonSchema {
  const next = structuredClone(schema) as Editable
  next.properties.result = { ...next.properties.result, enum: ['已整改完毕', '未整改'] }
  return next
}

/** What a refused call threw, and its HTTP status. */
async function refusal(work: Promise<unknown>): Promise<{ error: unknown; status: number | null }> {
  const error = await work.then(() => null, (e: unknown) => e)
  expect(error, 'the call is refused').not.toBeNull()
  return { error, status: httpStatusOf(error) }
}

describeEachDatabase('drafts keep their form version and are offered a migration', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  const setup = async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const studio: StudioDeps = { db: ctx.db, clock, catalog: server.catalog, renderer: createRenderer(noPdfConverter), documents: server.documents }
    const admin = await serviceContextFor(ctx.db, clock, 'region-process-admin')
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const colleague = await serviceContextFor(ctx.db, clock, 'yining-officer2')
    const active = () => server.catalog.forms.get(KEY)
    /** The studio saves the next version from the one in force. */
    const publish = (edit: (schema: JsonSchema) => JsonSchema, note: string) =>
      saveFormEdit(studio, admin.actor, KEY, { schema: edit(active().bundledSchema), uiSchema: active().uiSchema }, note)
    const migrations = () => ctx.db.auditEntry.findMany({ where: { action: 'draft.migrate' }, orderBy: { seq: 'asc' } })
    return { server, admin, officer, colleague, active, publish, migrations }
  }

  // Opened while version 1 is in force (the matter pins it), before any test publishes.
  let matterId = ''
  const outside: DraftPlace = { formKey: KEY }

  it('a draft made outside a matter stays on version 1 when the studio saves version 2, and is offered the migration with the change note', async () => {
    const { server, officer, colleague, publish } = await setup()
    const party = await ctx.db.regulatedEntity.findFirstOrThrow({ where: { departmentPath: { startsWith: (await ctx.db.department.findUniqueOrThrow({ where: { id: officer.actor.organId } })).path } } })
    matterId = (await openMatter({ db: ctx.db, clock, workflow: server.workflow }, officer.actor, { kind: 'inspection', title: '复查意见书迁移的检查', partyId: party.id, officerIds: [colleague.actor.id] })).matter.id

    const first = await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { result: '部分整改', opinion: '报警装置已联锁' }, 0)
    const v1 = server.catalog.forms.get(KEY).contentHash
    expect(first.formVersion).toBe(v1)
    expect(await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, outside)).toBeNull()

    expect((await publish(withContactPhone, '增加被复查单位联系电话（选填）')).version).toBe(2)
    // Saved again after version 2 is in force: still version 1, shown with version 1.
    const again = await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { result: '部分整改', opinion: '报警装置已联锁并测试' }, first.revision)
    expect(again.formVersion).toBe(v1)
    expect((await formsOfPlace(ctx.db, server.catalog.forms, outside, again.formVersion)).get(KEY).bundledSchema.properties).not.toHaveProperty('contactPhone')

    expect(await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, outside)).toMatchObject({
      revision: again.revision, fromVersion: 1, toVersion: 2, changeNote: '增加被复查单位联系电话（选填）', matterId: null,
      compatible: true, reasons: [], toFill: [], dropped: [],
    })
  }, 120_000)

  it('migrating a draft that changed meanwhile is refused with 409 and changes nothing; migrating the current one rewrites it on version 2, audited', async () => {
    const { server, officer, migrations } = await setup()
    const offer = (await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, outside))!
    // Another tab saved after this page showed the offer.
    await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { result: '部分整改', opinion: '另一个标签页的修改' }, offer.revision)
    const stale = await refusal(migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { revision: offer.revision, toVersion: 2 }))
    expect(stale.error).toBeInstanceOf(DraftConflict)
    expect(stale.status).toBe(409)
    const v1 = (await ctx.db.formVersion.findUniqueOrThrow({ where: { formKey_version: { formKey: KEY, version: 1 } } })).contentHash
    const unchanged = (await loadDraft(ctx.db, officer.actor, outside))!
    expect(unchanged).toMatchObject({ revision: offer.revision + 1, formVersion: v1 })
    expect(await migrations()).toEqual([])

    const migrated = await migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { revision: unchanged.revision, toVersion: 2 })
    expect(migrated).toMatchObject({ revision: unchanged.revision + 1, fromVersion: 1, toVersion: 2, toFill: [], dropped: [], othersMoved: 0 })
    const draft = (await loadDraft(ctx.db, officer.actor, outside))!
    expect(draft).toMatchObject({ data: { result: '部分整改', opinion: '另一个标签页的修改' }, formVersion: server.catalog.forms.get(KEY).contentHash })
    expect((await formsOfPlace(ctx.db, server.catalog.forms, outside, draft.formVersion)).get(KEY).bundledSchema.properties).toHaveProperty('contactPhone')
    const log = await migrations()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ actorId: officer.actor.id, targetType: 'FormDraft', targetId: draft.id })
    expect(JSON.parse(log[0]!.detail as string)).toMatchObject({ formKey: KEY, fromVersion: 1, toVersion: 2, matterId: null, revision: draft.revision })
    expect(await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, outside)).toBeNull()
  }, 60_000)

  it('version 3 no longer allows the draft\'s 复查结论: the offer says why, the migration is refused with 409, and the draft stays on version 2', async () => {
    const { server, officer, publish, migrations } = await setup()
    expect((await publish(withoutPartly, '复查结论不再设「部分整改」')).version).toBe(3)
    const before = (await loadDraft(ctx.db, officer.actor, outside))!
    const offer = (await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, outside))!
    expect(offer).toMatchObject({ fromVersion: 2, toVersion: 3, changeNote: '复查结论不再设「部分整改」', compatible: false, reasons: ['「复查结论」的取值「部分整改」不再允许'] })

    const logged = (await migrations()).length
    const refused = await refusal(migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { revision: before.revision, toVersion: 3 }))
    expect(refused.error).toBeInstanceOf(DraftMigrationRefused)
    expect((refused.error as DraftMigrationRefused).reasons).toEqual(['「复查结论」的取值「部分整改」不再允许'])
    expect(refused.status).toBe(409)
    expect(await loadDraft(ctx.db, officer.actor, outside)).toEqual(before)
    expect(await migrations()).toHaveLength(logged)

    // An offer for a version no longer in force is refused too (the page was older than version 3).
    expect((await refusal(migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, { revision: before.revision, toVersion: 2 }))).status).toBe(409)
  }, 120_000)

  it('a draft kept on version 2 is issued with version 2 while version 3 is in force', async () => {
    const { server, officer } = await setup()
    const issued = await makeDocument({ db: ctx.db, clock, registry: server.catalog.forms, actor: officer.actor, ability: officer.ability }, server.documents, {
      formKey: KEY, subject: null, payload: JSON.stringify({ ...example(), result: '部分整改', contactPhone: '13900001111' }),
    })
    expect(issued.formVersion).toBe(2)
    expect(await loadDraft(ctx.db, officer.actor, outside)).toBeNull()
    // The next draft starts on the version in force.
    expect((await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, outside, {}, 0)).formVersion).toBe(server.catalog.forms.get(KEY).contentHash)
  }, 60_000)

  it('a matter\'s draft is of the matter\'s version; migrating it moves the matter to the new version with every draft of the form in it', async () => {
    const { server, officer, colleague, migrations } = await setup()
    const inMatter: DraftPlace = { formKey: KEY, subject: { type: 'matter', id: matterId } }
    const v1 = (await ctx.db.formVersion.findUniqueOrThrow({ where: { formKey_version: { formKey: KEY, version: 1 } } })).contentHash
    const mine = await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, inMatter, { result: '未整改' }, 0)
    const theirs = await saveDraft(ctx.db, server.catalog.forms, clock, colleague.actor, inMatter, { result: '部分整改' }, 0)
    expect([mine.formVersion, theirs.formVersion]).toEqual([v1, v1])

    // Version 3 is in force: the colleague's 部分整改 keeps the whole matter on version 1, and says so.
    const blocked = (await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, inMatter))!
    expect(blocked).toMatchObject({ fromVersion: 1, toVersion: 3, matterId, compatible: false })
    expect(blocked.reasons).toEqual([`本事项中${colleague.actor.displayName}的「整改复查意见书」草稿不能迁移：「复查结论」的取值「部分整改」不再允许`])
    const refused = await refusal(migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, inMatter, { revision: mine.revision, toVersion: 3 }))
    expect(refused.status).toBe(409)
    expect((await formsOfMatter(ctx.db, server.catalog.forms, matterId)).get(KEY).contentHash).toBe(v1)

    // The colleague changes their mind: now both drafts move, and the matter with them.
    const changed = await saveDraft(ctx.db, server.catalog.forms, clock, colleague.actor, inMatter, { result: '已整改完毕' }, theirs.revision)
    const logged = (await migrations()).length
    const migrated = await migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, inMatter, { revision: mine.revision, toVersion: 3 })
    expect(migrated).toMatchObject({ fromVersion: 1, toVersion: 3, othersMoved: 1 })
    const v3 = server.catalog.forms.get(KEY).contentHash
    expect((await loadDraft(ctx.db, officer.actor, inMatter))).toMatchObject({ formVersion: v3, revision: mine.revision + 1 })
    expect((await loadDraft(ctx.db, colleague.actor, inMatter))).toMatchObject({ formVersion: v3, revision: changed.revision + 1, data: { result: '已整改完毕' } })
    expect((await formsOfMatter(ctx.db, server.catalog.forms, matterId)).get(KEY).contentHash).toBe(v3)
    const matter = await ctx.db.matter.findUniqueOrThrow({ where: { id: matterId }, select: { data: true } })
    expect((matter.data as { formVersions: Record<string, number> }).formVersions[KEY]).toBe(3)
    expect((await migrations()).length).toBe(logged + 2)
    const moved = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'matter.form-version', targetId: matterId } })
    expect(JSON.parse(moved.detail as string)).toMatchObject({ formKey: KEY, fromVersion: 1, toVersion: 3 })
    expect(await draftVersionOffer(ctx.db, server.catalog.forms, colleague.actor, inMatter)).toBeNull()
  }, 120_000)

  it('another server process that kept a matter\'s versions reads the moved one after its next counter check', async () => {
    const { server } = await setup()
    const other = serverProcess(ctx.db, clock)
    await other.catalog.fresh()
    const v3 = server.catalog.forms.get(KEY).contentHash
    expect((await formsOfMatter(ctx.db, other.catalog.forms, matterId)).get(KEY).contentHash).toBe(v3)
    // Moved by a process that is not this one: nothing here was told, the counter was bumped.
    await ctx.db.$transaction((tx) => repinMatterFormIn(tx, matterId, KEY, 2))
    expect((await formsOfMatter(ctx.db, other.catalog.forms, matterId)).get(KEY).contentHash).toBe(v3)
    await other.catalog.fresh()
    expect(versionOf((await formsOfMatter(ctx.db, other.catalog.forms, matterId)).get(KEY))).toBe(2)
  }, 60_000)

  it('a matter\'s submission still to be issued must fit the new version as it is, or the matter stays on its version', async () => {
    const { server, officer, colleague, publish } = await setup()
    const party = await ctx.db.regulatedEntity.findFirstOrThrow({ where: { departmentPath: { startsWith: (await ctx.db.department.findUniqueOrThrow({ where: { id: officer.actor.organId } })).path } } })
    const opened = await openMatter({ db: ctx.db, clock, workflow: server.workflow }, officer.actor, { kind: 'inspection', title: '复查意见书待审批的检查', partyId: party.id, officerIds: [colleague.actor.id] })
    const instance = await ctx.db.processInstance.findFirstOrThrow({ where: { businessKey: opened.matter.id } })
    // A step drafted the opinion (部分整改, valid on version 3's predecessor) and waits for its approval to issue it.
    const v3 = server.catalog.forms.get(KEY)
    expect((await publish((s) => {
      const next = structuredClone(s) as Editable
      next.properties.result = { ...next.properties.result, enum: ['已整改完毕', '未整改', '部分整改'] }
      return next
    }, '恢复「部分整改」，列在最后')).version).toBe(4)
    const inMatter: DraftPlace = { formKey: KEY, subject: { type: 'matter', id: opened.matter.id } }
    expect((await formsOfMatter(ctx.db, server.catalog.forms, opened.matter.id)).get(KEY).contentHash).toBe(v3.contentHash)
    await ctx.db.task.create({
      data: {
        instanceId: instance.id, executionId: 'review-draft_1', elementId: 'reviewDraft', name: '制作整改复查意见书', definitionKey: instance.definitionKey,
        businessKey: opened.matter.id, form: KEY, role: 'officer', scope: 'matter', status: 'completed', createdAt: clock.now(), completedAt: clock.now(),
        payload: JSON.stringify({ ...example(), result: '未整改', contactPhone: '13900001111' }),
      },
    })
    const mine = await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, inMatter, { result: '未整改' }, 0)
    const offer = (await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, inMatter))!
    expect(offer).toMatchObject({ fromVersion: 3, toVersion: 4, compatible: true })

    // Version 5 drops 联系电话, which the submission has: it would no longer be valid when issued.
    expect((await publish((s) => {
      const next = structuredClone(s) as Editable
      delete next.properties.contactPhone
      return next
    }, '删去联系电话')).version).toBe(5)
    const blocked = (await draftVersionOffer(ctx.db, server.catalog.forms, officer.actor, inMatter))!
    expect(blocked).toMatchObject({ fromVersion: 3, toVersion: 5, compatible: false, reasons: ['本事项中已提交、尚未制发的「制作整改复查意见书」不符合新版本：新版本不再有「联系电话」'] })
    await expect(migrateDraft(ctx.db, server.catalog.forms, clock, officer.actor, inMatter, { revision: mine.revision, toVersion: 5 })).rejects.toBeInstanceOf(DraftMigrationRefused)
    expect((await formsOfMatter(ctx.db, server.catalog.forms, opened.matter.id)).get(KEY).contentHash).toBe(v3.contentHash)
  }, 180_000)
})
