/**
 * The form studio and the template manager (issue 13 parts 1–2): a form
 * version saved in the browser goes through the catalog — checked, stored
 * with who and why, activated, logged — and documents issued before keep
 * rendering with their own version.
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import type { JsonSchema } from '../../forms/_lib/schema-ref.ts'
import { activateFormVersion, bodyText, earlierDocumentProblems, saveFormEdit, uploadTemplate, type StudioDeps } from '../../app/services/catalog/form-studio.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { InvalidForm } from '../../app/services/documents/errors.ts'
import { InvalidInput } from '../../app/services/errors.ts'
import { serviceContextFor } from '../support/actors.ts'
import { seedDemoServer, serverProcess } from '../support/catalog.ts'
import { templateWithLine } from '../support/docx-edit.ts'

const KEY = 'inquiry-record'
const shipped = loadRegistry().get(KEY)
const example = () => structuredClone(validExample(shipped).payload)

/** The 询问笔录 schema as the studio sends it, with a required 联系电话 whose pattern has a Chinese message. */
function withContactPhone(schema: JsonSchema): JsonSchema {
  const next = structuredClone(schema) as JsonSchema & { properties: Record<string, unknown>; required: string[] }
  next.properties.contactPhone = { type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' }
  next.required.push('contactPhone')
  return next
}

describeEachDatabase('the form studio and the template manager', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  const setup = async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const deps: StudioDeps = { db: ctx.db, clock, catalog: server.catalog, renderer: createRenderer(noPdfConverter), documents: server.documents }
    const admin = await serviceContextFor(ctx.db, clock, 'region-process-admin')
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    const issue = (data: unknown) => server.documents.issue(officer.actor, { formKey: KEY, data, departmentId: officer.actor.departmentId })
    const versions = () => ctx.db.formVersion.count({ where: { formKey: KEY } })
    return { server, deps, admin, officer, issue, versions }
  }

  it('only process administrators may manage forms, by the seeded rule', async () => {
    const { admin, officer } = await setup()
    expect(admin.ability.can('manage', 'Form')).toBe(true)
    expect(officer.ability.can('manage', 'Form')).toBe(false)
  })

  it('a required 联系电话 is saved as a new 询问笔录 version only with a valid example; new documents need it, earlier ones render as they were', async () => {
    const { server, deps, admin, issue, versions } = await setup()
    const earlier = await issue(example())
    expect(earlier.formVersion).toBe(1)
    const schema = withContactPhone(shipped.bundledSchema)

    // The valid example lacks the new required field: refused, naming it, nothing stored.
    const before = await versions()
    const refused = await saveFormEdit(deps, admin.actor, KEY, { schema, uiSchema: shipped.uiSchema }, '增加联系电话').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidInput)
    expect((refused as InvalidInput).fieldErrors.form!.join('')).toMatch(/示例 valid\.json 应通过却被拒绝：.*联系电话/)
    expect(await versions()).toBe(before)
    await expect(saveFormEdit(deps, admin.actor, KEY, { schema, uiSchema: shipped.uiSchema, validExample: { ...example(), contactPhone: '13900001111' } }, '  ')).rejects.toBeInstanceOf(InvalidInput)

    const saved = await saveFormEdit(deps, admin.actor, KEY, { schema, uiSchema: shipped.uiSchema, validExample: { ...example(), contactPhone: '13900001111' } }, '增加联系电话')
    expect(saved.version).toBe(2)
    // No placeholder prints it yet: a warning, not a refusal.
    expect(saved.warnings.join('')).toContain('contactPhone')
    const row = await ctx.db.formVersion.findUniqueOrThrow({ where: { formKey_version: { formKey: KEY, version: 2 } } })
    expect(row).toMatchObject({ source: 'admin', changeNote: '增加联系电话', createdByName: admin.actor.displayName })
    const item = await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'form', key: KEY } } })
    expect(item.activeVersion).toBe(2)
    const log = await ctx.db.auditEntry.findMany({ where: { action: { in: ['form.version', 'catalog.activate'] }, actorId: admin.actor.id }, orderBy: { seq: 'asc' } })
    expect(log.map((e) => e.action)).toEqual(['form.version', 'catalog.activate'])

    // A new document needs the field, with the pattern's Chinese message.
    const missing = await issue({ ...example(), contactPhone: '123' }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(InvalidForm)
    expect((missing as InvalidForm).errors).toEqual([{ path: '/contactPhone', message: '请填写11位手机号码' }])
    const later = await issue({ ...example(), contactPhone: '13900001111' })
    expect(later.formVersion).toBe(2)

    // The earlier document renders with its own version exactly as issued.
    const stored = await ctx.db.document.findUniqueOrThrow({ where: { id: earlier.id }, select: { docx: true } })
    expect(bodyText((await server.documents.rerender(earlier.id)).docx)).toBe(bodyText(Buffer.from(stored.docx!)))
    expect(await earlierDocumentProblems(ctx.db, server.documents, KEY)).toEqual([])
  }, 60_000)

  it('a template naming an unknown field is refused with the field named; one printing 联系电话 is stored, then activated and used', async () => {
    const { server, deps, admin, issue, versions } = await setup()
    const active = server.catalog.forms.get(KEY)
    expect(active.bundledSchema.properties).toHaveProperty('contactPhone')
    const before = await versions()

    const wrong = await uploadTemplate(deps, admin.actor, KEY, templateWithLine(active.template, '被询问人联系电话：', '{contactPhon}'), '模板加联系电话').catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(InvalidInput)
    expect((wrong as InvalidInput).fieldErrors.form).toEqual(['模板中的占位符「{contactPhon}」引用了表单中没有的字段「contactPhon」'])
    const notDocx = await uploadTemplate(deps, admin.actor, KEY, Buffer.from('hello'), '模板').catch((e: unknown) => e)
    expect((notDocx as InvalidInput).fieldErrors.form![0]).toMatch(/不是 DOCX/)
    expect(await versions()).toBe(before)

    const uploaded = await uploadTemplate(deps, admin.actor, KEY, templateWithLine(active.template, '被询问人联系电话：', '{contactPhone}'), '模板加联系电话')
    expect(uploaded.version).toBe(before + 1)
    expect(uploaded.warnings.join('')).not.toContain('contactPhone')
    // Stored, not yet in force.
    expect((await ctx.db.catalogItem.findUniqueOrThrow({ where: { kind_key: { kind: 'form', key: KEY } } })).activeVersion).toBe(before)

    await activateFormVersion(deps, admin.actor, KEY, uploaded.version, '启用带联系电话的模板')
    const doc = await issue({ ...example(), contactPhone: '13900002222' })
    expect(doc.formVersion).toBe(uploaded.version)
    const files = await ctx.db.document.findUniqueOrThrow({ where: { id: doc.id }, select: { docx: true } })
    expect(bodyText(Buffer.from(files.docx!))).toContain('被询问人联系电话：13900002222')
    const activation = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'catalog.activate', actorId: admin.actor.id }, orderBy: { seq: 'desc' } })
    expect(JSON.parse(activation.detail as string)).toMatchObject({ kind: 'form', key: KEY, version: uploaded.version, changeNote: '启用带联系电话的模板' })
    expect(await earlierDocumentProblems(ctx.db, server.documents, KEY)).toEqual([])
  }, 60_000)
})
