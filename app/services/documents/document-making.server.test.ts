import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { documentService } from '../../../tests/support/documents.ts'
import { serviceContextFor } from '../../../tests/support/actors.ts'
import { ManualClock } from '../../../engine/clock.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { seedDemo } from '../demo-seed.server.ts'
import { accessibleWhere } from '../permissions.server.ts'
import { NotFound } from '../errors.ts'
import { noPdfConverter } from './converter.server.ts'
import { loadDraft } from './drafts.server.ts'
import { makeDocument, parsePayload, saveFormDraft } from './document-making.server.ts'
import { GateNotPassed } from '../workflow/gates.server.ts'
import { documentKinds, issuableForm, issuedKinds, listDocuments, readableDocument } from './documents-query.server.ts'
import { issuingOrganOf, prefillContextFor, resolveSubject } from './form-context.server.ts'
import { documentFile } from './document-files.server.ts'
import { DocumentNotFound, InvalidForm, NotIssuable } from './errors.ts'

const registry = loadRegistry()
const valid = () => structuredClone(validExample(registry.get('rectification-order')).payload) as Record<string, unknown>

describeEachDatabase('making documents in the browser and reading them back', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const as = (login: string) => serviceContextFor(ctx.db, clock, login)
  const making = async (login: string) => ({ ...(await as(login)), registry })
  const service = () => documentService(ctx.db, noPdfConverter, clock, registry)
  let yiningDocument: { id: string; number: string }

  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
    const issued = await makeDocument(await making('yining-officer'), service(), { formKey: 'rectification-order', subject: null, payload: JSON.stringify(valid()) })
    yiningDocument = { id: issued.id, number: issued.number! }
  })

  it('issues in the name of the officer’s own 机关, whatever the payload says', async () => {
    const detail = await readableDocument(ctx.db, (await as('yining-officer')).ability, yiningDocument.id)
    expect(yiningDocument.number).toBe('（伊县）应急责改〔2026〕1号')
    expect(detail.departmentName).toBe('伊宁县应急管理局')
    const row = await ctx.db.document.findUniqueOrThrow({ where: { id: yiningDocument.id }, select: { data: true, departmentId: true } })
    expect((row.data as { issuingDepartment: string }).issuingDepartment).toBe('伊宁县应急管理局')
    expect(row.departmentId).toBe('dept-ili-yining-county')
  })

  it('lets an officer read only their own documents (第七条)', async () => {
    for (const [login, sees] of [['yining-officer', true], ['yining-officer2', false], ['huocheng-officer', false], ['ili-officer', false]] as const) {
      const { ability } = await as(login)
      const list = await listDocuments(ctx.db, ability, {})
      expect(list.rows.some((r) => r.id === yiningDocument.id), login).toBe(sees)
      expect(list.total, login).toBe(list.rows.length)
      if (!sees) await expect(readableDocument(ctx.db, ability, yiningDocument.id), login).rejects.toBeInstanceOf(DocumentNotFound)
    }
  })

  it('lets a supervisor read the documents of their own and every subordinate department, and no other', async () => {
    const huocheng = await makeDocument(await making('huocheng-officer'), service(), { formKey: 'rectification-order', subject: null, payload: JSON.stringify(valid()) })
    const expectations = { 'yining-supervisor': [true, false], 'ili-supervisor': [true, true], 'region-supervisor': [true, true] } as const
    for (const [login, [yining, other]] of Object.entries(expectations)) {
      const { ability } = await as(login)
      const ids = (await listDocuments(ctx.db, ability, {})).rows.map((r) => r.id)
      expect(ids.includes(yiningDocument.id), `${login} reads the Yining document`).toBe(yining)
      expect(ids.includes(huocheng.id), `${login} reads the Huocheng document`).toBe(other)
    }
    const county = await as('yining-supervisor')
    expect(await ctx.db.document.count({ where: accessibleWhere(county.ability, 'read', 'Document') })).toBe(1)
    await expect(readableDocument(ctx.db, county.ability, huocheng.id)).rejects.toBeInstanceOf(DocumentNotFound)
  })

  it('gives roles without documents no rows at all, not everything', async () => {
    const admin = await as('yining-admin')
    expect(admin.ability.can('read', 'Document')).toBe(false)
    expect(await ctx.db.document.count({ where: { AND: [accessibleWhere(admin.ability, 'read', 'Document'), { formKey: 'rectification-order' }] } })).toBe(0)
  })

  it('refuses an invalid payload with field errors, writes nothing and keeps the draft', async () => {
    const ctxOfficer = await making('yining-officer2')
    const place = { formKey: 'rectification-order', subject: null }
    await saveFormDraft(ctxOfficer, { ...place, data: { party: { name: '半截' } }, baseRevision: 0 })
    const [documents, audit] = await Promise.all([ctx.db.document.count(), ctx.db.auditEntry.count()])
    const bad = valid()
    bad.officers = (bad.officers as unknown[]).slice(0, 1)
    ;(bad.party as Record<string, unknown>).creditCode = '91654002MA78K3QX5A'
    const refused = await makeDocument(ctxOfficer, service(), { ...place, payload: JSON.stringify(bad) }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidForm)
    expect((refused as InvalidForm).errors.map((e) => e.path).sort()).toEqual(['/officers', '/party/creditCode'])
    expect((refused as InvalidForm).errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true)
    expect([await ctx.db.document.count(), await ctx.db.auditEntry.count()]).toEqual([documents, audit])
    expect(await loadDraft(ctx.db, ctxOfficer.actor, { formKey: 'rectification-order' })).not.toBeNull()
  })

  it('removes the draft once its document is issued', async () => {
    const ctxOfficer = await making('yining-officer2')
    await makeDocument(ctxOfficer, service(), { formKey: 'rectification-order', subject: null, payload: JSON.stringify(valid()) })
    expect(await loadDraft(ctx.db, ctxOfficer.actor, { formKey: 'rectification-order' })).toBeNull()
  })

  it('refuses payloads that are not a JSON object before validating', () => {
    for (const text of [undefined, '', '[1]', 'null', '{not json']) {
      expect(() => parsePayload('rectification-order', text)).toThrow(InvalidForm)
    }
    expect(() => parsePayload('rectification-order', JSON.stringify({ x: 'y'.repeat(600 * 1024) }))).toThrow(/过大/)
  })

  it('offers only numbered statutory and plan documents, never the approval form nor a document behind a statutory gate', async () => {
    const keys = documentKinds(registry).map((k) => k.key)
    expect(keys).toHaveLength(27)
    expect(keys).not.toContain('approval')
    for (const gated of ['onsite-inspection-record', 'case-disposition-approval', 'onsite-penalty-decision', 'penalty-decision', 'coercion-decision']) {
      expect(keys).not.toContain(gated)
      expect(() => issuableForm(registry, gated)).toThrow(GateNotPassed)
    }
    expect(keys.slice(0, 2)).toEqual(['onsite-inspection-plan', 'rectification-order'])
    await expect(saveFormDraft(await making('yining-officer'), { formKey: 'approval', subject: null, data: {}, baseRevision: 0 })).rejects.toBeInstanceOf(NotIssuable)
  })

  it('lets 我的文书 filter by every kind a document is issued as, the 行政处罚决定书 issued at its step among them', () => {
    const keys = issuedKinds(registry).map((k) => k.key)
    for (const kind of [...documentKinds(registry).map((k) => k.key), 'penalty-decision', 'onsite-penalty-decision', 'coercion-decision', 'onsite-inspection-record']) {
      expect(keys).toContain(kind)
    }
    expect(keys).not.toContain('approval')
  })

  it('prefills the party from a regulated entity the officer may read, and refuses one of another county', async () => {
    const officer = await as('yining-officer')
    const own = await ctx.db.regulatedEntity.findFirstOrThrow({ where: { name: '伊宁县恒泰煤业有限公司' } })
    const foreign = await ctx.db.regulatedEntity.findFirstOrThrow({ where: { name: '霍城县果子沟石料厂' } })
    const subject = await resolveSubject(ctx.db, officer.ability, `regulated-entity:${own.id}`)
    const context = prefillContextFor({ now: clock.now(), organ: await issuingOrganOf(ctx.db, officer.actor), actor: { displayName: '买买提江·吐尔洪', certificateNo: '6520260018' }, subject })
    expect(context).toMatchObject({
      today: '2026-03-02', year: 2026, department: { name: '伊宁县应急管理局' },
      case: { party: { kind: '单位', name: '伊宁县恒泰煤业有限公司', creditCode: own.creditCode }, officers: [{ name: '买买提江·吐尔洪', certificateNo: '6520260018' }] },
    })
    for (const bad of [`regulated-entity:${foreign.id}`, 'penalty-case:x', 'nonsense']) {
      await expect(resolveSubject(ctx.db, officer.ability, bad), bad).rejects.toBeInstanceOf(NotFound)
    }
  })

  it('hands out a stored file only to a reader, and logs each download', async () => {
    const owner = await as('yining-officer')
    const outsider = await as('huocheng-officer')
    const docx = await documentFile(owner, service(), yiningDocument.id, 'docx')
    expect(docx.fileName).toBe(`责令限期整改指令书-${yiningDocument.number}.docx`)
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.download', targetId: yiningDocument.id } })).toBe(1)
    await expect(documentFile(outsider, service(), yiningDocument.id, 'docx')).rejects.toBeInstanceOf(DocumentNotFound)
    // Issued without LibreOffice: no PDF, and the answer says so.
    await expect(documentFile(owner, service(), yiningDocument.id, 'pdf')).rejects.toThrow('暂不能生成 PDF')
  })
})
