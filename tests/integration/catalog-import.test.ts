/**
 * `catalog import` checks everything and then activates all of it in one
 * transaction, or nothing (issue 11, docs/decisions/025).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { writeBundle, readBundle } from '../../app/services/catalog/bundle.server.ts'
import { listVersions } from '../../app/services/catalog/versions.server.ts'
import { serviceContextFor } from '../support/actors.ts'
import { bundleDir, renamed, repoRoot, seedDemoServer, serverProcess, startServerProcess } from '../support/catalog.ts'

const shipped = (key: string) => fs.readFileSync(path.join(repoRoot, 'definitions', key, 'process.bpmn'), 'utf8')

describeEachDatabase('catalog import', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))

  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  it('a definition imported with a change note is active after a restart and new matters start it', async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const result = await importDirectory(server, bundleDir({ 'definitions/temporary-plan/process.bpmn': renamed('temporary-plan', '临时检查计划（调整后）') }), { note: '按厅里要求调整名称', actor: null })
    expect(result).toMatchObject({ ok: true, activated: ['definition:temporary-plan v2'] })

    // A restart: a new process with its own catalog, and the shipped folders synced again.
    const restarted = await startServerProcess(ctx.db, clock)
    await restarted.catalog.reload()
    expect(restarted.catalog.activeDefinition('temporary-plan')).toBe(2)
    const [, imported] = await listVersions(ctx.db, 'definition', 'temporary-plan')
    expect(imported).toMatchObject({ version: 2, source: 'import', changeNote: '按厅里要求调整名称', active: true })
    const officer = (await serviceContextFor(ctx.db, clock, 'region-officer')).actor
    const instanceId = await restarted.workflow.start('temporary-plan', { departmentId: officer.departmentId }, officer)
    expect((await ctx.db.processInstance.findUniqueOrThrow({ where: { id: instanceId }, include: { definition: true } })).definition.version).toBe(2)
  }, 60_000)

  it('a hostile definition in an import (a path around the case review; a script task) activates nothing and names the problem', async () => {
    const server = serverProcess(ctx.db, clock)
    const before = await server.catalog.reload()
    const auditBefore = await ctx.db.auditEntry.count()
    const aroundReview = shipped('penalty-case-summary').replace('sourceRef="legalReviewed" targetRef="reviewDecision"', 'sourceRef="legalReviewed" targetRef="redraftDisposition"')
    const script = shipped('annual-plan').replace('<sequenceFlow id="f1" sourceRef="start" targetRef="redraft" />',
      '<sequenceFlow id="f1" sourceRef="start" targetRef="run" /><scriptTask id="run" name="执行脚本" scriptFormat="javascript"><script>this.environment.variables.x = 1</script></scriptTask><sequenceFlow id="f1b" sourceRef="run" targetRef="redraft" />')
    const outcomes = JSON.parse(fs.readFileSync(path.join(repoRoot, 'catalog', 'reference', 'outcomes.json'), 'utf8')) as Record<string, string>
    const result = await importDirectory(server, bundleDir({
      'definitions/penalty-case-summary/process.bpmn': aroundReview,
      'definitions/annual-plan/process.bpmn': script,
      'definitions/hearing/process.bpmn': renamed('hearing', '听证（无害的修改）'),
      'catalog/reference/outcomes.json': JSON.stringify({ ...outcomes, approve: '批准' }),
    }), { note: '混入恶意流程', actor: null })
    expect(result.ok).toBe(false)
    expect(result.problems.some((p) => p.startsWith('流程定义「penalty-case-summary」') && p.includes('GATE_BYPASSED'))).toBe(true)
    expect(result.problems.some((p) => p.startsWith('流程定义「annual-plan」') && /脚本|script/i.test(p))).toBe(true)
    // Nothing changed: no version, no activation, no counter move, no log entry.
    const after = await server.catalog.reload()
    expect(after.counter).toBe(before.counter)
    expect(after.definitions).toEqual(before.definitions)
    expect(await ctx.db.processDefinition.count({ where: { key: 'hearing' } })).toBe(1)
    expect(await ctx.db.catalogVersion.count({ where: { key: 'outcomes' } })).toBe(1)
    expect(await ctx.db.auditEntry.count()).toBe(auditBefore)
  }, 60_000)

  it('an export imports back unchanged, and the statutory gates cannot be changed by an import', async () => {
    const server = serverProcess(ctx.db, clock)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-export-'))
    await writeBundle(ctx.db, server.catalog, dir, repoRoot)
    expect(fs.existsSync(path.join(dir, 'definitions', 'penalty-case-general', 'process.bpmn'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'forms', 'penalty-decision', 'template.docx'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'catalog', 'reference', 'matter-kinds.json'))).toBe(true)
    const bundle = readBundle(dir)
    expect(bundle.problems).toEqual([])
    const again = await importDirectory(server, dir, { note: '原样导回', actor: null })
    expect(again).toMatchObject({ ok: true, activated: [] })

    const gates = JSON.parse(fs.readFileSync(path.join(dir, 'definitions', 'gates.json'), 'utf8')) as { gates: Record<string, unknown> }
    delete gates.gates['case-review']
    fs.writeFileSync(path.join(dir, 'definitions', 'gates.json'), JSON.stringify(gates))
    const refused = await importDirectory(server, dir, { note: '删掉审查决定环节', actor: null })
    expect(refused.ok).toBe(false)
    expect(refused.problems).toEqual(['definitions/gates.json：法定环节由法规确定，只能随版本发布更改，不能导入修改'])
  }, 120_000)
})
