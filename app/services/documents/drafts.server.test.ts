import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { createDepartment, officerOf } from '../../../tests/support/documents.ts'
import { ManualClock } from '../../../engine/clock.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import type { Actor } from '../../../engine/actor.ts'
import { verifyAuditChain } from '../audit.server.ts'
import { discardDraft, loadDraft, saveDraft } from './drafts.server.ts'
import { DraftConflict, InvalidForm } from './errors.ts'

const registry = loadRegistry()

describeEachDatabase('drafts saved while typing', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const place = { formKey: 'rectification-order', subject: { type: 'inspection', id: 'insp-1' }, taskId: 'task-7' }
  let officer: Actor
  let colleague: Actor

  beforeAll(async () => {
    const dept = await createDepartment(ctx.db, 'ili', '伊犁哈萨克自治州应急管理局', '伊')
    officer = officerOf(dept, '李明')
    colleague = officerOf(dept, '王芳')
  })

  it('keeps what was typed, half-filled and invalid as it may be, until the officer comes back', async () => {
    const first = await saveDraft(ctx.db, registry, clock, officer, place, { party: { name: '伊宁' } }, 0)
    clock.advance({ seconds: 2 })
    const second = await saveDraft(ctx.db, registry, clock, officer, place, { party: { name: '伊宁市恒安化工' } }, first.revision)
    expect([first.revision, second.revision]).toEqual([1, 2])
    expect(await loadDraft(ctx.db, officer, place)).toMatchObject({ data: { party: { name: '伊宁市恒安化工' } }, revision: 2, formVersion: registry.get('rectification-order').contentHash })
  })

  it('refuses a save from a stale tab instead of overwriting newer text', async () => {
    await expect(saveDraft(ctx.db, registry, clock, officer, place, { party: { name: '旧' } }, 1)).rejects.toBeInstanceOf(DraftConflict)
    expect((await loadDraft(ctx.db, officer, place))?.data).toEqual({ party: { name: '伊宁市恒安化工' } })
  })

  it('keeps each officer\'s draft to themselves and each task\'s draft apart', async () => {
    expect(await loadDraft(ctx.db, colleague, place)).toBeNull()
    expect(await loadDraft(ctx.db, officer, { ...place, taskId: 'task-8' })).toBeNull()
  })

  it('refuses something that is not a form object', async () => {
    await expect(saveDraft(ctx.db, registry, clock, officer, place, ['x'], 2)).rejects.toBeInstanceOf(InvalidForm)
  })

  it('is gone once discarded, and every save and discard is in the operation log', async () => {
    expect(await discardDraft(ctx.db, clock, officer, place)).toBe(true)
    expect(await loadDraft(ctx.db, officer, place)).toBeNull()
    expect(await ctx.db.auditEntry.count({ where: { action: { in: ['draft.save', 'draft.discard'] } } })).toBe(3)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })
})
