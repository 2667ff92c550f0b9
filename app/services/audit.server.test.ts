import { describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { appendAudit, verifyAuditChain } from './audit.server.ts'

describeEachDatabase('operation log hash chain', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  async function appendSome(n: number) {
    for (let i = 0; i < n; i++) {
      clock.advance({ minutes: 1 })
      await ctx.db.$transaction((tx) => appendAudit(tx, { action: 'test.write', actorName: `用户${i}`, detail: { i } }, clock))
    }
  }

  it('should verify an untouched chain of entries', async () => {
    await appendSome(5)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 5 })
  })

  it('should name the entry whose content was altered directly in the database', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorName" = '篡改' WHERE "seq" = 3`)
    const verdict = await verifyAuditChain(ctx.db)
    expect(verdict).toMatchObject({ ok: false, seq: 3 })
  })

  it('should name the gap when an entry was deleted', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorName" = '用户2' WHERE "seq" = 3`)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 5 })
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "seq" = 2`)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, seq: 2 })
  })

  it('should keep one unbroken chain when appends made outside any transaction race', async () => {
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditHead"`)
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit(ctx.db, { action: 'test.no-tx', detail: { i } })))
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 10 })
  })

  it('should keep one unbroken chain when many appends race', async () => {
    const before = await ctx.db.auditEntry.count()
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditHead"`)
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ctx.db.$transaction((tx) => appendAudit(tx, { action: 'test.race', detail: { i } }))))
    expect(before).toBe(10)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 20 })
  })
})

describe('hash function', () => {
  it('should use SM3, which this Node.js build provides', async () => {
    const crypto = await import('node:crypto')
    expect(crypto.getHashes()).toContain('sm3')
  })
})
