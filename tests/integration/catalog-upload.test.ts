/**
 * The browser's import (/admin/catalog): a zip of an exported folder is
 * imported like `catalog import`; files outside the shipped layout are
 * ignored and a zip with no configuration is refused (ADR 025).
 */
import PizZip from 'pizzip'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { filesOfZip, importUploaded } from '../../app/services/catalog/upload.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'
import { serviceContextFor } from '../support/actors.ts'
import { renamed, seedDemoServer, serverProcess } from '../support/catalog.ts'

describeEachDatabase('catalog import in the browser', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))

  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  it('a process administrator imports a zipped export and the change is theirs, with their note', async () => {
    const admin = (await serviceContextFor(ctx.db, clock, 'region-process-admin')).actor
    const zip = new PizZip()
    zip.file('export/definitions/inspection-scheme/process.bpmn', renamed('inspection-scheme', '执法检查方案（本厅）'))
    zip.file('export/README.txt', '说明')
    zip.file('../../etc/evil.json', '{}')
    const files = filesOfZip(zip.generate({ type: 'nodebuffer' }))
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const result = await importUploaded(server, files, { note: '上传导入', actor: admin })
    expect(result).toMatchObject({ ok: true, activated: ['definition:inspection-scheme v2'] })
    const row = await ctx.db.processDefinition.findUniqueOrThrow({ where: { key_version: { key: 'inspection-scheme', version: 2 } } })
    expect(row).toMatchObject({ source: 'import', changeNote: '上传导入', deployedByName: admin.displayName })
  }, 60_000)

  it('a zip with no configuration in it is refused in Chinese', async () => {
    const admin = (await serviceContextFor(ctx.db, clock, 'region-process-admin')).actor
    const zip = new PizZip()
    zip.file('notes/readme.txt', '无配置')
    const attempt = importUploaded(serverProcess(ctx.db, clock), filesOfZip(zip.generate({ type: 'nodebuffer' })), { note: '空', actor: admin })
    await expect(attempt).rejects.toBeInstanceOf(InvalidInput)
    expect(() => filesOfZip(Buffer.from('not a zip'))).toThrow(InvalidInput)
  }, 60_000)
})
