import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { createDepartment, documentService, officerOf } from '../../../tests/support/documents.ts'
import { ManualClock } from '../../../engine/clock.ts'
import { FORMS_DIR, loadRegistry, sm3 } from '../../../forms/_lib/registry.ts'
import { buildFormTemplate, readSharedBlocks } from '../../../forms/_lib/build-templates.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { verifyAuditChain } from '../audit.server.ts'
import { LibreOfficeConverter, noPdfConverter } from './converter.server.ts'
import { formatDocumentNumber, loadNumberingConfig } from './numbering.server.ts'
import { pdfText, squash } from './pdf-text.server.ts'
import { GateNotPassed } from '../workflow/gates.server.ts'
import { DepartmentWithoutPrefix, InvalidForm, NotIssuable } from './errors.ts'
import { formatVerificationCode, normalizeVerificationCode } from './verification-code.ts'

const registry = loadRegistry()
const payloadOf = (key: string) => validExample(registry.get(key)).payload

let converter: LibreOfficeConverter
beforeAll(async () => {
  converter = await LibreOfficeConverter.start()
})
afterAll(async () => {
  await converter?.close()
})

describe('document numbers', () => {
  const config = { pattern: '{prefix}{sequence}〔{year}〕{seq}号', bySequence: { 询录: '{prefix}{sequence}〔{year}〕{seq:3}号' } }

  it('follow the pattern 机关代字〔年〕N号', () => {
    expect(formatDocumentNumber(config, { prefix: '伊应急', sequence: '罚', year: 2026, seq: 12 })).toBe('伊应急罚〔2026〕12号')
  })

  it('by default follow the national formats: （机关代字）应急类型代字〔年〕N号', () => {
    expect(formatDocumentNumber(loadNumberingConfig(), { prefix: '伊州', sequence: '罚', year: 2026, seq: 8 })).toBe('（伊州）应急罚〔2026〕8号')
    expect(formatDocumentNumber(loadNumberingConfig(), { prefix: '伊县', sequence: '责改', year: 2026, seq: 1 })).toBe('（伊县）应急责改〔2026〕1号')
  })

  it('can be padded for one sequence without changing the others', () => {
    expect(formatDocumentNumber(config, { prefix: '伊应急', sequence: '询录', year: 2026, seq: 7 })).toBe('伊应急询录〔2026〕007号')
  })
})

describe('verification codes', () => {
  it('read the same typed in lower case, with dashes, or with O for zero', () => {
    const code = 'K7QX3M9P2TRW8VZ0'
    expect(normalizeVerificationCode(formatVerificationCode(code).toLowerCase())).toBe(code)
    expect(normalizeVerificationCode('K7QX-3M9P-2TRW-8VZO')).toBe(code)
    expect(normalizeVerificationCode('not a code')).toBeNull()
  })
})

describeEachDatabase('issuing documents', (ctx) => {
  const clock = new ManualClock('2026-03-20T10:00:00+08:00')
  let ili: { id: string; path: string }
  let yining: { id: string; path: string }
  const service = () => documentService(ctx.db, converter, clock)

  beforeAll(async () => {
    ili = await createDepartment(ctx.db, 'ili', '伊犁哈萨克自治州应急管理局', '伊')
    yining = await createDepartment(ctx.db, 'yining', '伊宁市应急管理局', '伊市')
  })

  it('gives 20 concurrent issues of the same kind 20 distinct consecutive numbers', async () => {
    const officer = officerOf(ili)
    const issued = await Promise.all(Array.from({ length: 20 }, () =>
      service().issue(officer, { formKey: 'onsite-measures-decision', data: payloadOf('onsite-measures-decision'), departmentId: ili.id, subject: { type: 'penalty-case', id: 'case-1' } })))
    const seqOf = (n: string | null) => Number(/〕(\d+)号$/.exec(n ?? '')?.[1])
    const numbers = issued.map((d) => d.number).sort((a, b) => seqOf(a) - seqOf(b))
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `（伊）应急现决〔2026〕${i + 1}号`))
    expect(new Set(issued.map((d) => d.verificationCode)).size).toBe(20)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })

  it('keeps separate sequences per department, per kind and per year (in China Standard Time)', async () => {
    const s = service()
    const order = await s.issue(officerOf(yining), { formKey: 'rectification-order', data: payloadOf('rectification-order'), departmentId: yining.id })
    const sameDeptOtherKind = await s.issue(officerOf(ili), { formKey: 'rectification-order', data: payloadOf('rectification-order'), departmentId: ili.id })
    clock.set('2026-12-31T23:59:00+08:00')
    const lastOfYear = await s.issue(officerOf(ili), { formKey: 'onsite-measures-decision', data: payloadOf('onsite-measures-decision'), departmentId: ili.id })
    clock.set('2027-01-01T00:01:00+08:00')
    const firstOfNext = await s.issue(officerOf(ili), { formKey: 'onsite-measures-decision', data: payloadOf('onsite-measures-decision'), departmentId: ili.id })
    clock.set('2026-03-20T10:00:00+08:00')
    expect([order.number, sameDeptOtherKind.number, lastOfYear.number, firstOfNext.number])
      .toEqual(['（伊市）应急责改〔2026〕1号', '（伊）应急责改〔2026〕1号', '（伊）应急现决〔2026〕21号', '（伊）应急现决〔2027〕1号'])
  })

  it('refuses an invalid payload with field errors, writes nothing and uses up no number', async () => {
    const before = await ctx.db.document.count()
    const bad = { ...payloadOf('rectification-order'), officers: [{ name: '李明', certificateNo: '65000012' }] }
    const error = await service().issue(officerOf(ili), { formKey: 'rectification-order', data: bad, departmentId: ili.id }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidForm)
    expect((error as InvalidForm).errors).toEqual([{ path: '/officers', message: expect.stringMatching(/[\u4e00-\u9fff]/) }])
    expect(await ctx.db.document.count()).toBe(before)
    const next = await service().issue(officerOf(ili), { formKey: 'rectification-order', data: payloadOf('rectification-order'), departmentId: ili.id })
    expect(next.number).toBe('（伊）应急责改〔2026〕2号')
  })

  it('keeps the number when rendering fails: the document stands with its data, its files are retried after commit, and no gap is left', async () => {
    const failing = documentService(ctx.db, { available: () => true, convert: () => Promise.reject(new Error('LibreOffice crashed')), close: async () => {} }, clock)
    const stuck = await failing.issue(officerOf(ili), { formKey: 'rectification-order', data: payloadOf('rectification-order'), departmentId: ili.id })
    expect(stuck).toMatchObject({ number: '（伊）应急责改〔2026〕3号', renderStatus: 'pending', docxSm3: null })
    expect(await ctx.db.document.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ renderError: 'LibreOffice crashed', renderAttempts: 1 })
    const next = await service().issue(officerOf(ili), { formKey: 'rectification-order', data: payloadOf('rectification-order'), departmentId: ili.id })
    expect(next.number).toBe('（伊）应急责改〔2026〕4号')
    clock.advance({ seconds: 5 })
    expect(await service().renders.attempt(stuck.id)).toBe('rendered')
  })

  it('refuses a decision document for a matter without a case-review decision (第十三条), and issues it once the decision is recorded', async () => {
    const s = service()
    const before = await ctx.db.document.count()
    await expect(s.issue(officerOf(ili), { formKey: 'penalty-decision', data: payloadOf('penalty-decision'), departmentId: ili.id })).rejects.toBeInstanceOf(GateNotPassed)
    const matter = await ctx.db.matter.create({ data: {
      kind: 'penalty-case', number: '（伊）应急罚案〔2026〕1号', title: '测试案件', departmentId: ili.id, departmentPath: ili.path, organId: ili.id,
      data: {}, createdById: 'user-李明', createdByName: '李明', createdAt: new Date(),
    } })
    const subject = { type: 'matter', id: matter.id }
    await expect(s.issue(officerOf(ili), { formKey: 'penalty-decision', data: payloadOf('penalty-decision'), departmentId: ili.id, subject })).rejects.toBeInstanceOf(GateNotPassed)
    expect(await ctx.db.document.count()).toBe(before)
    await ctx.db.matterGate.create({ data: { matterId: matter.id, gate: 'case-review', outcome: 'penalize', decidedById: 'user-head', decidedByName: '负责人', decidedAt: new Date() } })
    const issued = await s.issue(officerOf(ili), { formKey: 'penalty-decision', data: payloadOf('penalty-decision'), departmentId: ili.id, subject })
    expect(issued.number).toMatch(/^（伊）应急罚〔\d{4}〕1号$/)
  })

  it('does not issue the approval form, nor for a department without 机关代字', async () => {
    const nameless = await createDepartment(ctx.db, 'nameless', '某县应急管理局', null)
    await expect(service().issue(officerOf(ili), { formKey: 'approval', data: payloadOf('approval'), departmentId: ili.id })).rejects.toBeInstanceOf(NotIssuable)
    await expect(service().issue(officerOf(nameless), { formKey: 'onsite-measures-decision', data: payloadOf('onsite-measures-decision'), departmentId: nameless.id })).rejects.toBeInstanceOf(DepartmentWithoutPrefix)
  })

  it('prints the number and verification code in the PDF, and the verify page confirms it byte for byte', async () => {
    const s = service()
    const doc = await s.issue(officerOf(ili), { formKey: 'onsite-measures-decision', data: payloadOf('onsite-measures-decision'), departmentId: ili.id, subject: { type: 'penalty-case', id: 'case-2' } })
    const { bytes } = await s.file(doc.id, 'pdf')
    expect(sm3(bytes)).toBe(doc.pdfSm3)
    const text = squash(pdfText(bytes))
    expect(text).toContain(doc.number)
    expect(text).toContain(formatVerificationCode(doc.verificationCode))
    expect(text).toContain(`https://zhifa.example/verify/${doc.verificationCode}`)

    const view = await s.findByCode(formatVerificationCode(doc.verificationCode).toLowerCase())
    expect(view).toMatchObject({ number: doc.number, title: '现场处理措施决定书', departmentName: '伊犁哈萨克自治州应急管理局', pdfSm3: doc.pdfSm3 })
    expect(await s.verifyUpload(doc.verificationCode, bytes)).toMatchObject({ found: true, matches: true, file: 'pdf' })

    const tampered = Buffer.from(bytes)
    const middle = Math.floor(tampered.length / 2)
    tampered[middle] = tampered[middle]! ^ 0x01
    expect(await s.verifyUpload(doc.verificationCode, tampered)).toMatchObject({ found: true, matches: false, file: null })
    expect(await s.verifyUpload('ZZZZ-ZZZZ-ZZZZ-ZZZZ', bytes)).toEqual({ found: false })
  })

  it('lists the documents of a case with their numbers', async () => {
    const list = await service().listForSubject({ type: 'penalty-case', id: 'case-2' })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ formKey: 'onsite-measures-decision', title: '现场处理措施决定书', formVersion: 1 })
  })

  it('still issues DOCX when LibreOffice is unavailable, and says so', async () => {
    const s = documentService(ctx.db, noPdfConverter, clock)
    expect(s.pdfAvailable()).toBe(false)
    const doc = await s.issue(officerOf(ili), { formKey: 'inquiry-notice', data: payloadOf('inquiry-notice'), departmentId: ili.id })
    expect(doc.pdfSm3).toBeNull()
    const { bytes } = await s.file(doc.id, 'docx')
    expect(await s.verifyUpload(doc.verificationCode, bytes)).toMatchObject({ matches: true, file: 'docx' })
  })

  it('freezes the data: changing the caller\'s object after issue changes nothing', async () => {
    const data = structuredClone(payloadOf('rectification-order')) as Record<string, unknown> & { party: { name: string } }
    const doc = await service().issue(officerOf(ili), { formKey: 'rectification-order', data, departmentId: ili.id })
    data.party.name = '被改掉的名称'
    const stored = await ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } })
    expect((stored.data as { party: { name: string } }).party.name).toBe('伊宁市恒安化工有限公司')
  })

  it('verifies a changed document as changed: the current copy matches, the copy from before the change is recognised as superseded, a forged one is not', async () => {
    const s = service()
    const data = structuredClone(payloadOf('rectification-order')) as Record<string, unknown> & { party: { name: string } }
    const doc = await s.issue(officerOf(ili), { formKey: 'rectification-order', data, departmentId: ili.id })
    const original = (await s.file(doc.id, 'pdf')).bytes
    expect((await s.findByCode(doc.verificationCode))!).toMatchObject({ revision: 1, changedAt: null, deletedAt: null })

    clock.advance({ minutes: 1 })
    const changedAt = clock.now()
    await ctx.db.$transaction((tx) => s.reviseIn(tx, officerOf(ili), doc.id, { ...data, party: { ...data.party, name: '伊宁市恒安化工股份有限公司' } }, 'request-1'))
    // The changed wording's files are made after the request's transaction.
    expect((await s.findByCode(doc.verificationCode))!.renderStatus).toBe('pending')
    expect(await s.renders.attempt(doc.id)).toBe('rendered')
    const current = (await s.file(doc.id, 'pdf')).bytes
    expect((await s.findByCode(doc.verificationCode))!).toMatchObject({ revision: 2, changedAt, deletedAt: null })
    expect(await s.verifyUpload(doc.verificationCode, current)).toMatchObject({ matches: true, file: 'pdf', earlierVersion: null })
    expect(await s.verifyUpload(doc.verificationCode, original)).toMatchObject({ matches: false, file: null, earlierVersion: { changedAt } })
    const forged = Buffer.from(original)
    forged[forged.length >> 1] = forged[forged.length >> 1]! ^ 0x01
    expect(await s.verifyUpload(doc.verificationCode, forged)).toMatchObject({ matches: false, earlierVersion: null })
  })

  it('verifies a deleted document as deleted, with the date of the approved deletion', async () => {
    const s = service()
    const doc = await s.issue(officerOf(ili), { formKey: 'inquiry-notice', data: payloadOf('inquiry-notice'), departmentId: ili.id })
    clock.advance({ minutes: 1 })
    const deletedAt = clock.now()
    await ctx.db.$transaction((tx) => s.deleteIn(tx, officerOf(ili), doc.id, 'request-2'))
    expect((await s.findByCode(doc.verificationCode))!).toMatchObject({ number: doc.number, deletedAt })
  })

  it('logs every issue in the operation log in the same transaction', async () => {
    const issued = await ctx.db.document.count()
    const logged = await ctx.db.auditEntry.count({ where: { action: 'document.issue' } })
    expect(logged).toBe(issued)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })

  it('renders an old document with its own form version after the template changed', async () => {
    const s = service()
    const old = await s.issue(officerOf(ili), { formKey: 'hearing-report', data: payloadOf('hearing-report'), departmentId: ili.id })

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-forms-'))
    try {
      fs.cpSync(FORMS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.test.ts') })
      const layoutFile = path.join(dir, 'hearing-report', 'layout.json')
      const layout = JSON.parse(fs.readFileSync(layoutFile, 'utf8'))
      layout.blocks.splice(1, 0, { p: '（第二版格式）', align: 'center' })
      fs.writeFileSync(layoutFile, JSON.stringify(layout))
      fs.writeFileSync(path.join(dir, 'hearing-report', 'template.docx'), buildFormTemplate(dir, 'hearing-report', readSharedBlocks(dir)))
      const changed = loadRegistry(dir)
      expect(changed.get('hearing-report').contentHash).not.toBe(registry.get('hearing-report').contentHash)

      const s2 = documentService(ctx.db, converter, clock, changed)
      const fresh = await s2.issue(officerOf(ili), { formKey: 'hearing-report', data: payloadOf('hearing-report'), departmentId: ili.id })
      expect([old.formVersion, fresh.formVersion]).toEqual([1, 2])

      const oldAgain = squash(pdfText((await s2.rerender(old.id)).pdf!))
      const freshAgain = squash(pdfText((await s2.rerender(fresh.id)).pdf!))
      expect(oldAgain).toContain(old.number)
      expect(oldAgain).not.toContain('第二版格式')
      expect(freshAgain).toContain('第二版格式')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
