/**
 * A case number follows the numbering pattern in force in the catalog, as
 * the documents' numbers do: an administrator who changes 文书编号格式 changes
 * both (the shipped file only seeds it).
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/index.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { openMatter } from '../../app/services/matters/matters.server.ts'
import type { NumberingConfig } from '../../app/services/documents/numbering.server.ts'
import { yiningInspectionTeam } from '../support/actors.ts'
import { bundleDir, seedDemoServer, serverProcess } from '../support/catalog.ts'

describeEachDatabase('case numbers follow the catalog’s numbering pattern', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))

  beforeAll(() => seedDemoServer(ctx.db, clock), 120_000)

  it('a case opened after the administrator changes 文书编号格式 is numbered in the new pattern; the shipped pattern numbered the one before', async () => {
    const server = serverProcess(ctx.db, clock)
    await server.catalog.reload()
    const { officer, colleague, party } = await yiningInspectionTeam(ctx.db, clock)
    const open = async (title: string) => (await openMatter({
      db: ctx.db, clock, workflow: server.workflow, numbering: server.catalog.entry('reference', 'numbering') as NumberingConfig | undefined,
    }, officer.actor, { kind: 'inspection', title, partyId: party.id, officerIds: [colleague.actor.id] })).matter.number

    expect(await open('编号格式修改之前的检查')).toBe('（伊县）应急检〔2026〕1号')

    const numbering = { description: '文书编号格式', pattern: '{prefix}应急{sequence}字〔{year}〕第{seq:3}号', bySequence: {} }
    const imported = await importDirectory(server, bundleDir({ 'catalog/reference/numbering.json': JSON.stringify(numbering) }), { note: '编号补足三位', actor: null })
    expect(imported.problems).toEqual([])
    await server.catalog.reload()

    expect(await open('编号格式修改之后的检查')).toBe('伊县应急检字〔2026〕第002号')
  })
})
