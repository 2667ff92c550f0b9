/**
 * Issue 9, item 8 (docs/decisions/028): issuing commits the numbered data and
 * its SM3 first; the DOCX/PDF are made after commit by the render queue —
 * retried with back-off, marked failed after the last attempt, queued again
 * on request, claimed so that two processes never render one document twice.
 * A slow converter holds no transaction: other writes go on meanwhile.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { createDepartment, documentService, officerOf } from '../support/documents.ts'
import { ManualClock } from '../../engine/clock.ts'
import { canonicalJson, loadRegistry, sm3 } from '../../forms/_lib/registry.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import PizZip from 'pizzip'
import { retryDelayMs } from '../../app/services/documents/render-queue.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { createDocumentService } from '../../app/services/documents/documents.server.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import type { PdfConverter } from '../../app/services/documents/converter.server.ts'

const registry = loadRegistry()
const payload = validExample(registry.get('rectification-order')).payload
const FAKE_PDF = Buffer.from('%PDF-1.7 test\n')

/** A converter the test drives: each call waits for `release`, or fails while `failures` lasts. */
function controlledConverter() {
  const state = { calls: 0, failures: 0, gate: null as Promise<void> | null }
  let open = () => {}
  const converter: PdfConverter = {
    available: () => true,
    async convert() {
      state.calls++
      if (state.gate) await state.gate
      if (state.failures > 0) {
        state.failures--
        throw new Error('LibreOffice 转换超时（测试）')
      }
      return FAKE_PDF
    },
    close: () => Promise.resolve(),
  }
  return {
    converter, state,
    hold() { state.gate = new Promise<void>((resolve) => { open = resolve }) },
    release() { state.gate = null; open() },
  }
}

describe('the retry back-off', () => {
  it('waits 5 s, 20 s, 80 s … and never more than ten minutes', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 20_000, 80_000, 320_000])
    expect(retryDelayMs(9)).toBe(600_000)
  })
})

describeEachDatabase('rendering documents after their transaction commits', (ctx) => {
  const clock = new ManualClock('2026-03-20T10:00:00+08:00')
  let county: { id: string; path: string }

  beforeAll(async () => {
    county = await createDepartment(ctx.db, 'render-county', '伊宁县应急管理局', '伊县')
  })

  const issueQueued = (service: ReturnType<typeof documentService>) =>
    ctx.db.$transaction((tx) => service.issueIn(tx, officerOf(county), { formKey: 'rectification-order', data: payload, departmentId: county.id }))

  it('should commit the number and the data hash with no file, and make the files only when the queue runs', async () => {
    const { converter } = controlledConverter()
    const service = documentService(ctx.db, converter, clock)
    const issued = await issueQueued(service)
    const row = await ctx.db.document.findUniqueOrThrow({ where: { id: issued.id } })
    expect(row).toMatchObject({ renderStatus: 'pending', docx: null, pdf: null, docxSm3: null, dataSm3: sm3(canonicalJson(row.data)) })
    const logged = await ctx.db.auditEntry.findFirstOrThrow({ where: { action: 'document.issue', targetId: issued.id } })
    expect(JSON.stringify(logged.detail)).toContain(row.dataSm3!)

    expect(await service.renders.drain()).toEqual({ rendered: 1, pending: 0, failed: 0 })
    const rendered = await ctx.db.document.findUniqueOrThrow({ where: { id: issued.id } })
    expect(rendered).toMatchObject({ renderStatus: 'rendered', pdfSm3: sm3(FAKE_PDF), renderAttempts: 1 })
    expect(sm3(Buffer.from(rendered.docx!))).toBe(rendered.docxSm3)
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.render', targetId: issued.id } })).toBe(1)
  })

  it('should let other writes through while the converter is slow: the issue is committed before rendering starts', async () => {
    const control = controlledConverter()
    control.hold()
    const service = documentService(ctx.db, control.converter, clock)
    const issuing = service.issue(officerOf(county), { formKey: 'rectification-order', data: payload, departmentId: county.id })
    await expect.poll(() => control.state.calls, { timeout: 10_000 }).toBe(1)
    // The converter is stuck; the document is already numbered and visible, and the database takes other writes.
    const stuck = await ctx.db.document.findFirstOrThrow({ where: { departmentId: county.id, renderStatus: 'pending' }, orderBy: { seq: 'desc' } })
    expect(stuck.number).toMatch(/^（伊县）应急/)
    const other = await issueQueued(documentService(ctx.db, controlledConverter().converter, clock))
    expect(other.number).not.toBe(stuck.number)
    control.release()
    const issued = await issuing
    expect(issued).toMatchObject({ id: stuck.id, renderStatus: 'rendered', pdfSm3: sm3(FAKE_PDF) })
    await service.renders.drain()
  })

  it('should retry a failed rendering after 5 s and then 20 s, and record each failure', async () => {
    const control = controlledConverter()
    control.state.failures = 2
    const service = documentService(ctx.db, control.converter, clock)
    const { id } = await issueQueued(service)
    expect(await service.renders.attempt(id)).toBe('pending')
    const first = await ctx.db.document.findUniqueOrThrow({ where: { id } })
    expect(first).toMatchObject({ renderAttempts: 1, renderError: 'LibreOffice 转换超时（测试）', docx: null })
    expect(first.renderAfter!.getTime() - clock.now().getTime()).toBe(5_000)

    // Not before the back-off: no attempt is made.
    expect(await service.renders.attempt(id)).toBe('pending')
    expect(control.state.calls).toBe(1)
    clock.advance({ seconds: 5 })
    expect(await service.renders.attempt(id)).toBe('pending')
    expect((await ctx.db.document.findUniqueOrThrow({ where: { id } })).renderAfter!.getTime() - clock.now().getTime()).toBe(20_000)
    clock.advance({ seconds: 20 })
    expect(await service.renders.attempt(id)).toBe('rendered')
    expect(control.state.calls).toBe(3)
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.render-retry', targetId: id } })).toBe(2)
    expect(await ctx.db.document.findUniqueOrThrow({ where: { id } })).toMatchObject({ renderStatus: 'rendered', renderError: null, renderAttempts: 3 })
  })

  it('should mark the document failed after the fifth attempt, keep its number, and render it when queued again', async () => {
    const control = controlledConverter()
    control.state.failures = 5
    const service = documentService(ctx.db, control.converter, clock)
    const { id, number } = await issueQueued(service)
    for (let attempt = 1; attempt <= 5; attempt++) {
      await service.renders.attempt(id)
      clock.advance({ seconds: retryDelayMs(attempt) / 1000 })
    }
    expect(await ctx.db.document.findUniqueOrThrow({ where: { id } })).toMatchObject({ renderStatus: 'failed', number, renderAttempts: 5, docx: null })
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.render-failed', targetId: id } })).toBe(1)
    // A failed document is not retried by the loop until someone queues it again.
    expect(await service.renders.drain()).toEqual({ rendered: 0, pending: 0, failed: 0 })

    await service.renders.requeue(officerOf(county), id)
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.render-requeue', targetId: id } })).toBe(1)
    expect(await service.renders.attempt(id)).toBe('rendered')
  })

  it('should render a document once when two processes try it at the same moment', async () => {
    const control = controlledConverter()
    const { id } = await issueQueued(documentService(ctx.db, control.converter, clock))
    control.hold()
    const one = documentService(ctx.db, control.converter, clock).renders
    const two = documentService(ctx.db, control.converter, clock).renders
    const both = Promise.all([one.attempt(id), two.attempt(id)])
    await expect.poll(() => control.state.calls, { timeout: 10_000 }).toBe(1)
    control.release()
    expect((await both).sort()).toEqual(['pending', 'rendered'])
    expect(control.state.calls).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'document.render', targetId: id } })).toBe(1)
  })

  it('should take over a rendering whose process died once its lease has run out', async () => {
    const control = controlledConverter()
    const service = documentService(ctx.db, control.converter, clock)
    const { id } = await issueQueued(service)
    // A process claimed it and died: attempts went up and the lease runs five minutes.
    await ctx.db.document.update({ where: { id }, data: { renderAttempts: 1, renderAfter: new Date(clock.now().getTime() + 300_000) } })
    expect(await service.renders.drain()).toEqual({ rendered: 0, pending: 0, failed: 0 })
    clock.advance({ minutes: 5 })
    expect(await service.renders.drain()).toEqual({ rendered: 1, pending: 0, failed: 0 })
  })

  it('should print the address the document was issued at, though another process renders it later', async () => {
    const at = (baseUrl: string) => createDocumentService({
      db: ctx.db, registry, validator: createFormValidator(registry), renderer: createRenderer(controlledConverter().converter), clock, baseUrl,
    })
    const { id, verificationCode } = await ctx.db.$transaction((tx) => at('https://zhifa.ili.example').issueIn(tx, officerOf(county), { formKey: 'rectification-order', data: payload, departmentId: county.id }))
    expect(await at('http://localhost:3000').renders.attempt(id)).toBe('rendered')
    const docx = (await ctx.db.document.findUniqueOrThrow({ where: { id } })).docx!
    const text = new PizZip(Buffer.from(docx)).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '')
    expect(text).toContain(`https://zhifa.ili.example/verify/${verificationCode}`)
    expect(text).not.toContain('localhost:3000')
  })
})
