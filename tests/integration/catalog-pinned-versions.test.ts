/**
 * A running matter stays on the form versions it was opened with; new
 * matters use the active ones (issue 11 part 3, docs/decisions/025). The
 * new version here asks for a field the old one does not allow
 * (additionalProperties: false), so a payload valid for one is invalid for
 * the other.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { openMatter } from '../../app/services/matters/matters.server.ts'
import { taskPage } from '../../app/services/workflow/tasks.server.ts'
import { saveDraft } from '../../app/services/documents/drafts.server.ts'
import { InvalidForm } from '../../engine/errors.ts'
import { InvalidForm as InvalidDocument } from '../../app/services/documents/errors.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { yiningInspectionTeam } from '../support/actors.ts'
import { bundleDir, repoRoot, seedDemoServer, serverProcess } from '../support/catalog.ts'

const shipped = loadRegistry()
const example = (formKey: string) => structuredClone(validExample(shipped.get(formKey)).payload) as Record<string, unknown>

/** A bundle with a new version of each form: a required 现场联系人 (siteContact), and examples that have it. */
function withSiteContact(formKeys: string[]): string {
  const dir = bundleDir({})
  fs.cpSync(path.join(repoRoot, 'forms', '_common'), path.join(dir, 'forms', '_common'), { recursive: true })
  for (const key of formKeys) {
    const target = path.join(dir, 'forms', key)
    fs.cpSync(path.join(repoRoot, 'forms', key), target, { recursive: true })
    const schemaFile = path.join(target, 'schema.json')
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { required: string[]; properties: Record<string, unknown> }
    schema.properties.siteContact = { type: 'string', title: '现场联系人', minLength: 1, maxLength: 20 }
    schema.required.push('siteContact')
    fs.writeFileSync(schemaFile, JSON.stringify(schema, null, 2))
    const validFile = path.join(target, 'examples', 'valid.json')
    const valid = JSON.parse(fs.readFileSync(validFile, 'utf8')) as { payload: Record<string, unknown> }
    valid.payload.siteContact = '王强'
    fs.writeFileSync(validFile, JSON.stringify(valid, null, 2))
  }
  return dir
}

describeEachDatabase('a matter keeps the form versions it was opened with', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))

  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  it('a matter opened before a form changes fills, validates and issues the version it started with; a matter opened after uses the new one', async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const { officer, colleague, organ, party } = await yiningInspectionTeam(ctx.db, clock)
    const open = async (title: string) => {
      const { matter, instanceId } = await openMatter({ db: ctx.db, clock, workflow: server.workflow }, officer.actor, {
        kind: 'inspection', title, partyId: party.id, officerIds: [colleague.actor.id],
      })
      const [plan] = (await server.workflow.tasksFor(officer.actor)).filter((t) => t.instanceId === instanceId)
      return { id: matter.id, planTaskId: plan!.id }
    }

    const before = await open('现场联系人要求之前开启的检查')
    const stored = await ctx.db.matter.findUniqueOrThrow({ where: { id: before.id }, select: { data: true } })
    expect((stored.data as { formVersions: Record<string, number> }).formVersions).toMatchObject({ 'rectification-order': 1, 'onsite-inspection-plan': 1 })

    const imported = await importDirectory(server, withSiteContact(['onsite-inspection-plan', 'rectification-order']), { note: '增加现场联系人', actor: null })
    expect(imported.problems).toEqual([])
    expect(imported.activated).toEqual(expect.arrayContaining(['form:onsite-inspection-plan v2', 'form:rectification-order v2']))
    await server.catalog.reload()
    const after = await open('现场联系人要求之后开启的检查')

    // The step form each matter shows.
    const tasks = { db: ctx.db, clock, workflow: server.workflow, registry: server.catalog.forms }
    const fields = async (taskId: string) => Object.keys((await taskPage(tasks, officer.actor, officer.ability, taskId)).form!.definition.schema.properties as object)
    expect(await fields(before.planTaskId)).not.toContain('siteContact')
    expect(await fields(after.planTaskId)).toContain('siteContact')

    // The engine's check of a step's form: the old payload completes the old matter's step only.
    const plan = example('onsite-inspection-plan')
    await server.workflow.complete(before.planTaskId, { payload: plan }, officer.actor)
    const refused = await server.workflow.complete(after.planTaskId, { payload: plan }, officer.actor).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(InvalidForm)
    expect((refused as InvalidForm).fieldErrors.map((e) => e.path).join(' ')).toContain('siteContact')

    // Drafts and documents of each matter.
    const order = example('rectification-order')
    const draft = await saveDraft(ctx.db, server.catalog.forms, clock, officer.actor, { formKey: 'rectification-order', subject: { type: 'matter', id: before.id } }, order, 0)
    const v1 = await ctx.db.formVersion.findUniqueOrThrow({ where: { formKey_version: { formKey: 'rectification-order', version: 1 } } })
    expect(draft.formVersion).toBe(v1.contentHash)
    const issued = await server.documents.issue(officer.actor, { formKey: 'rectification-order', data: order, departmentId: organ.id, subject: { type: 'matter', id: before.id } })
    const document = await ctx.db.document.findUniqueOrThrow({ where: { id: issued.id }, select: { formVersion: { select: { version: true } } } })
    expect(document.formVersion.version).toBe(1)
    const countBefore = await ctx.db.document.count()
    const notIssued = await server.documents.issue(officer.actor, { formKey: 'rectification-order', data: order, departmentId: organ.id, subject: { type: 'matter', id: after.id } }).catch((e: unknown) => e)
    expect(notIssued).toBeInstanceOf(InvalidDocument)
    expect(await ctx.db.document.count()).toBe(countBefore)
    const issuedAfter = await server.documents.issue(officer.actor, { formKey: 'rectification-order', data: { ...order, siteContact: '王强' }, departmentId: organ.id, subject: { type: 'matter', id: after.id } })
    expect((await ctx.db.document.findUniqueOrThrow({ where: { id: issuedAfter.id }, select: { formVersion: { select: { version: true } } } })).formVersion.version).toBe(2)
  }, 120_000)
})
