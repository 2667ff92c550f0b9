import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { createDepartment, documentService, officerOf } from '../../../tests/support/documents.ts'
import { ManualClock } from '../../../engine/clock.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { verifyAuditChain } from '../audit.server.ts'
import { noPdfConverter } from './converter.server.ts'
import { checkUploadedCopy } from './verification.server.ts'

const registry = loadRegistry()

describeEachDatabase('the public check of an uploaded copy', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const service = () => documentService(ctx.db, noPdfConverter, clock, registry)
  let issued: { id: string; code: string; docx: Buffer }

  beforeAll(async () => {
    const dept = await createDepartment(ctx.db, 'ili', '伊犁哈萨克自治州应急管理局', '伊')
    const doc = await service().issue(officerOf(dept), { formKey: 'rectification-order', data: validExample(registry.get('rectification-order')).payload, departmentId: dept.id })
    issued = { id: doc.id, code: doc.verificationCode, docx: (await service().file(doc.id, 'docx')).bytes }
  })

  it('says an identical copy matches, a copy with one byte changed does not, and logs both with the client address', async () => {
    const same = await checkUploadedCopy({ db: ctx.db, clock }, service(), issued.code, issued.docx, '203.0.113.7')
    expect(same).toMatchObject({ found: true, matches: true, file: 'docx' })
    const changed = Buffer.from(issued.docx)
    changed[100] = changed[100]! ^ 0xff
    expect(await checkUploadedCopy({ db: ctx.db, clock }, service(), issued.code.toLowerCase(), changed, '203.0.113.7')).toMatchObject({ found: true, matches: false, file: null })
    const entries = await ctx.db.auditEntry.findMany({ where: { action: 'document.verify-upload' }, orderBy: { seq: 'asc' } })
    expect(entries.map((e) => [e.targetId, e.outcome, e.clientIp, e.organId])).toEqual([
      [issued.id, 'success', '203.0.113.7', 'ili'],
      [issued.id, 'failure', '203.0.113.7', 'ili'],
    ])
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('writes nothing for a code that names no document', async () => {
    const before = await ctx.db.auditEntry.count()
    expect(await checkUploadedCopy({ db: ctx.db, clock }, service(), 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', issued.docx, null)).toEqual({ found: false })
    expect(await ctx.db.auditEntry.count()).toBe(before)
  })
})
