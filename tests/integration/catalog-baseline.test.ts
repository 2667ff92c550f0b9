/**
 * The shipped folders seed the catalog and upgrade only what no administrator
 * changed; a restart never reverts anything (issue 11, docs/decisions/025).
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock, seedCalendar } from '../../engine/index.ts'
import { syncBaseline } from '../../app/services/catalog/baseline.server.ts'
import { adoptBaseline, baselineDiff } from '../../app/services/catalog/adopt.server.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { listVersions } from '../../app/services/catalog/versions.server.ts'
import { bundleDir, renamed, serverProcess, shippedCopy } from '../support/catalog.ts'

describeEachDatabase('catalog baseline', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  let root: string

  beforeAll(async () => {
    await seedCalendar(ctx.db)
    root = shippedCopy()
  }, 120_000)

  it('an empty database is seeded from the shipped definitions, forms and reference lists', async () => {
    const server = serverProcess(ctx.db, clock)
    const report = await syncBaseline(ctx.db, { workflow: server.workflow, clock, root })
    expect(report.refused).toEqual([])
    const snapshot = await server.catalog.reload()
    expect(snapshot.definitions.get('penalty-case-general')).toBe(1)
    expect(snapshot.forms.get('penalty-decision')?.version).toBe(1)
    expect(server.catalog.entry('reference', 'roles')).toContainEqual(expect.objectContaining({ key: 'officer', title: '监管执法人员' }))
    expect(server.catalog.entry('reference', 'numbering')).toMatchObject({ pattern: expect.stringContaining('{seq') })
    // A second start with the same files changes nothing.
    const again = await syncBaseline(ctx.db, { workflow: server.workflow, clock, root })
    expect(again).toEqual({ activated: [], available: [], refused: [] })
  }, 120_000)

  it('a changed shipped definition nobody edited becomes active at the next start', async () => {
    fs.writeFileSync(path.join(root, 'definitions', 'hearing', 'process.bpmn'), renamed('hearing', '听证程序（新版）', root))
    const server = serverProcess(ctx.db, clock)
    const report = await syncBaseline(ctx.db, { workflow: server.workflow, clock, root })
    expect(report.activated).toEqual(['definition:hearing v2'])
    await server.catalog.reload()
    expect(server.catalog.activeDefinition('hearing')).toBe(2)
  }, 60_000)

  it('a baseline upgrade with an administrator\'s change in place leaves it active and offers the new baseline as available', async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    // The administrator imports their own version of the annual plan and renames an outcome.
    const outcomes = JSON.parse(fs.readFileSync(path.join(root, 'catalog', 'reference', 'outcomes.json'), 'utf8')) as Record<string, string>
    const imported = await importDirectory(server, bundleDir({
      'definitions/annual-plan/process.bpmn': renamed('annual-plan', '年度执法计划（本厅调整）', root),
      'catalog/reference/outcomes.json': JSON.stringify({ ...outcomes, approve: '批准' }),
    }), { note: '本厅调整年度计划流程名称与「同意」的称呼', actor: null })
    expect(imported.problems).toEqual([])
    expect(imported.activated).toEqual(['reference:outcomes v2', 'definition:annual-plan v2'])

    // A release then ships new versions of both.
    fs.writeFileSync(path.join(root, 'definitions', 'annual-plan', 'process.bpmn'), renamed('annual-plan', '年度执法计划（2027 版）', root))
    fs.writeFileSync(path.join(root, 'catalog', 'reference', 'outcomes.json'), JSON.stringify({ ...outcomes, inquiry: '继续调查询问' }, null, 2))
    const report = await syncBaseline(ctx.db, { workflow: server.workflow, clock, root })
    expect(report.activated).toEqual([])
    expect(report.available.sort()).toEqual(['definition:annual-plan v3', 'reference:outcomes v3'])

    // The administrator's versions stay in force, after any number of restarts.
    const restarted = serverProcess(ctx.db, clock)
    await syncBaseline(ctx.db, { workflow: restarted.workflow, clock, root })
    await restarted.catalog.reload()
    expect(restarted.catalog.activeDefinition('annual-plan')).toBe(2)
    expect(restarted.catalog.entry('reference', 'outcomes')).toMatchObject({ approve: '批准' })
    const versions = await listVersions(ctx.db, 'definition', 'annual-plan')
    expect(versions.map((v) => [v.version, v.source, v.active, v.available])).toEqual([[1, 'baseline', false, false], [2, 'import', true, false], [3, 'baseline', false, true]])
    expect(versions[1]?.changeNote).toBe('本厅调整年度计划流程名称与「同意」的称呼')

    // The offer shows what would change; adopting it is the administrator's explicit act.
    const offer = await baselineDiff(ctx.db, 'definition', 'annual-plan')
    expect(offer?.diff.filter((l) => l.op !== ' ').map((l) => l.op + l.text.trim())).toEqual([
      '-<process id="annual-plan" name="年度执法计划（本厅调整）" isExecutable="true">',
      '+<process id="annual-plan" name="年度执法计划（2027 版）" isExecutable="true">',
    ])
    await adoptBaseline(ctx.db, 'definition', 'annual-plan', { id: 'admin', displayName: '流程管理员' }, clock)
    await restarted.catalog.reload()
    expect(restarted.catalog.activeDefinition('annual-plan')).toBe(3)
    expect(await baselineDiff(ctx.db, 'definition', 'annual-plan')).toBeNull()
    const audit = await ctx.db.auditEntry.findFirst({ where: { action: 'catalog.activate' }, orderBy: { seq: 'desc' } })
    expect(audit?.actorName).toBe('流程管理员')
  }, 120_000)
})
