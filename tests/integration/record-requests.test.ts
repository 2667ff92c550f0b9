/**
 * 第七条: records change or disappear only through an approved request,
 * applied by the named administrator, keeping the old version; a colleague's
 * document is read only through an approved access request, until its date.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, registry, type Procedures } from '../support/workflow.ts'
import { documentService } from '../support/documents.ts'
import { serviceContextFor } from '../support/actors.ts'
import { ManualClock } from '../../engine/index.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { accessibleWhere } from '../../app/services/permissions.server.ts'
import { applyTextChanges } from '../../app/services/matters/record-requests.server.ts'
import { InvalidInput } from '../../app/services/errors.ts'

describe('applying the approved wording of a change', () => {
  it('should replace the original text wherever it stands, and refuse a change whose original text is absent', () => {
    const data = { findings: [{ fact: '二号库房灭火器过期' }], note: '见二号库房' }
    expect(applyTextChanges(data, [{ field: '违法事实', current: '二号库房', proposed: '三号库房' }])).toEqual({ findings: [{ fact: '三号库房灭火器过期' }], note: '见三号库房' })
    expect(data.note).toBe('见二号库房')
    expect(() => applyTextChanges(data, [{ field: '违法事实', current: '五号库房', proposed: '六号库房' }])).toThrow(InvalidInput)
  })
})

describeEachDatabase('requests about records (第七条)', (ctx) => {
  const clock = new ManualClock('2026-03-09T09:00:00+08:00')
  let p: Procedures
  let documentId = ''
  let originalFact = ''

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
    const officer = await p.as('yining-officer')
    const county = await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })
    const issued = await documentService(ctx.db, noPdfConverter, clock, registry).issue(officer, { formKey: 'rectification-order', data: example('rectification-order'), departmentId: county.id })
    documentId = issued.id
    originalFact = JSON.stringify((await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })).data).match(/"description":"([^"]{6})/)?.[1] ?? ''
    expect(originalFact).not.toBe('')
  })

  async function readable(login: string) {
    const reader = await serviceContextFor(ctx.db, clock, login)
    return ctx.db.document.count({ where: { AND: [accessibleWhere(reader.ability, 'read', 'Document'), { id: documentId }] } })
  }

  describe('Given a change request with a wording that is not in the document', () => {
    it('should refuse to apply it and change nothing', async () => {
      const { instanceId } = await p.open('yining-officer', { kind: 'change-request', title: '更正整改指令书', data: { targetDocumentId: documentId, reason: '笔误' } })
      await p.act('yining-officer', instanceId, 'apply', { payload: example('change-request', { changes: [{ field: '违法事实', current: '不存在的文字', proposed: '新文字' }] }) })
      await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
      await p.act('yining-deputy', instanceId, 'deputyApproval', { outcome: 'approve' })
      await expect(p.act('yining-admin', instanceId, 'applyChange')).rejects.toBeInstanceOf(InvalidInput)
      const doc = await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })
      expect(doc.revision).toBe(1)
      expect(await ctx.db.documentRevision.count()).toBe(0)
      expect(await p.openTasks(instanceId)).toEqual([['applyChange', 'system-admin', 'ili.yining-county', null]])
    })
  })

  describe('Given an approved change request', () => {
    it('should apply the approved wording, keep the number and the old version, and log it', async () => {
      const before = await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })
      const { instanceId } = await p.open('yining-officer', { kind: 'change-request', title: '更正整改指令书', data: { targetDocumentId: documentId, reason: '笔误' } })
      await p.act('yining-officer', instanceId, 'apply', { payload: example('change-request', { changes: [{ field: '违法事实', current: originalFact, proposed: '经核实更正' }] }) })
      await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'approve' })
      await p.act('yining-deputy', instanceId, 'deputyApproval', { outcome: 'approve' })
      await p.act('yining-admin', instanceId, 'applyChange')
      const after = await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })
      expect(after).toMatchObject({ number: before.number, verificationCode: before.verificationCode, revision: 2 })
      expect(JSON.stringify(after.data)).toContain('经核实更正')
      expect(JSON.stringify(after.data)).not.toContain(originalFact)
      const kept = await ctx.db.documentRevision.findFirstOrThrow({ where: { documentId } })
      expect(kept).toMatchObject({ kind: 'change' })
      expect(kept.data).toEqual(before.data)
      expect(Buffer.from(kept.docx!).equals(Buffer.from(before.docx!))).toBe(true)
      expect(await ctx.db.auditEntry.count({ where: { action: 'document.change', targetId: documentId } })).toBe(1)
      // The new wording's files are made after the request's transaction, by the render queue.
      expect(after).toMatchObject({ renderStatus: 'pending', docx: null, pdf: null })
      expect(await documentService(ctx.db, noPdfConverter, clock, registry).renders.drain()).toMatchObject({ rendered: 1 })
      const rendered = await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })
      expect(rendered.renderStatus).toBe('rendered')
      expect(rendered.docxSm3).not.toBe(before.docxSm3)
    })
  })

  describe('Given an access request of a colleague', () => {
    it('should let the colleague read the document only after approval and only until the date asked for', async () => {
      expect(await readable('yining-officer2')).toBe(0)
      const { instanceId } = await p.open('yining-officer2', { kind: 'access-request', title: '查阅整改指令书', data: { targetDocumentId: documentId, reason: '办理关联案件' } })
      await p.act('yining-officer2', instanceId, 'apply', { payload: example('access-request', { until: '2026-03-20' }) })
      expect(await readable('yining-officer2')).toBe(0)
      await p.act('yining-deputy', instanceId, 'approval', { outcome: 'approve' })
      expect(await readable('yining-officer2')).toBe(1)
      expect(await readable('huocheng-officer')).toBe(0)
      clock.set('2026-03-21T09:00:00+08:00')
      expect(await readable('yining-officer2')).toBe(0)
    })
  })

  describe('Given a deletion request approved at the region', () => {
    it('should delete the document from every list while keeping it as a revision', async () => {
      expect(await readable('yining-officer')).toBe(1)
      const { instanceId } = await p.open('yining-officer', { kind: 'deletion-request', title: '删除重复制作的整改指令书', data: { targetDocumentId: documentId, reason: '重复制作' } })
      await p.act('yining-officer', instanceId, 'apply')
      await p.act('region-policy', instanceId, 'policyReview', { outcome: 'approve' })
      await p.act('region-principal', instanceId, 'principalApproval', { outcome: 'approve' })
      await p.act('region-admin', instanceId, 'deleteRecord')
      const doc = await ctx.db.document.findUniqueOrThrow({ where: { id: documentId } })
      expect(doc.deletedAt).not.toBeNull()
      expect(await ctx.db.documentRevision.count({ where: { documentId, kind: 'deletion' } })).toBe(1)
      expect(await readable('yining-officer')).toBe(0)
      expect(await readable('yining-supervisor')).toBe(0)
    })
  })
})
