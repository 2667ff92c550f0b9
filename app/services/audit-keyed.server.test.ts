import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import type { Db } from '../../prisma/client.ts'
import { appendAudit, GENESIS_HASH, hashEntry, verifyAuditChain } from './audit.server.ts'
import { recomputeAsAttacker } from '../../tests/support/audit-attacker.ts'
import { writeCheckpoint } from './audit-checkpoints.server.ts'
import { appendKeyToFile, keyLine, loadAuditKeyRing, newSecret } from './audit-key.server.ts'

/** An entry as the code before ADR 024 wrote it: plain SM3, no key. */
async function appendLegacy(db: Db, clock: ManualClock, action: string) {
  const head = await db.auditHead.upsert({ where: { id: 1 }, create: { id: 1, seq: 1, lastHash: GENESIS_HASH }, update: { seq: { increment: 1 } } })
  const fields = {
    seq: head.seq, at: clock.now(), actorId: null, actorName: '旧系统', role: null, departmentId: null, organId: null,
    action, targetType: null, targetId: null, outcome: 'success', detail: null, clientIp: null, prevHash: head.lastHash,
  }
  const hash = hashEntry(fields)
  await db.auditEntry.create({ data: { ...fields, hash } })
  await db.auditHead.update({ where: { id: 1 }, data: { lastHash: hash } })
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-audit-key-'))
const saved = { file: process.env.AUDIT_KEY_FILE, checkpoints: process.env.AUDIT_CHECKPOINTS, key: process.env.AUDIT_KEY }

describeEachDatabase('keyed operation log (HMAC-SM3) with checkpoints outside the database', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const keyFile = path.join(dir, `key-${crypto.randomUUID()}`)
  const checkpoints = path.join(dir, `cp-${crypto.randomUUID()}.log`)

  beforeAll(() => {
    delete process.env.AUDIT_KEY
    process.env.AUDIT_KEY_FILE = keyFile
    process.env.AUDIT_CHECKPOINTS = checkpoints
  })
  afterAll(() => {
    for (const [name, value] of [['AUDIT_KEY_FILE', saved.file], ['AUDIT_CHECKPOINTS', saved.checkpoints], ['AUDIT_KEY', saved.key]] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  async function append(n: number, action = 'test.write') {
    for (let i = 0; i < n; i++) {
      clock.advance({ minutes: 1 })
      await ctx.db.$transaction((tx) => appendAudit(tx, { action, actorName: `用户${i}`, detail: { i } }, clock))
    }
  }

  it('should keep verifying the plain SM3 entries of a database made before keying, and sign every entry after', async () => {
    // Given a log written before this version: no key file, plain SM3 rows.
    for (let i = 0; i < 3; i++) {
      clock.advance({ minutes: 1 })
      await appendLegacy(ctx.db, clock, 'legacy.write')
    }
    expect(fs.existsSync(keyFile)).toBe(false)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 3, keyed: 0 })
    // When the new version writes: the key file is generated, but dated at the keying moment (the clock of this test is in the past).
    fs.writeFileSync(keyFile, keyLine(newSecret(), new Date('2026-03-02T01:03:30Z')))
    await append(3)
    const rows = await ctx.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    expect(rows.map((r) => r.keyId === null)).toEqual([true, true, true, false, false, false])
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 6, keyed: 3 })
  })

  it('should name the changed entry when someone without the key recomputes the chain in plain SM3', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "outcome" = 'failure' WHERE "seq" = 5`)
    await recomputeAsAttacker(ctx.db, 5)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, seq: 5 })
  })

  it('should refuse a tail turned into unsigned entries after signed ones', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "outcome" = 'success' WHERE "seq" = 5`)
    await recomputeAsAttacker(ctx.db, 5, { dropKeyIds: true })
    const verdict = await verifyAuditChain(ctx.db)
    expect(verdict).toMatchObject({ ok: false, seq: 5 })
    expect(verdict.ok || verdict.reason).toContain('未签名')
  })

  it('should refuse a whole chain rewritten unsigned, because entries after the key came into use must be signed', async () => {
    await recomputeAsAttacker(ctx.db, 1, { dropKeyIds: true })
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, seq: 4 })
  })

  it('should name the first legacy entry changed: the first signed entry no longer follows it', async () => {
    // Restore a valid chain: start over.
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditHead"`)
    await append(4)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 4, keyed: 4 })
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorName" = '篡改' WHERE "seq" = 2`)
    await recomputeAsAttacker(ctx.db, 2)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, seq: 2 })
  })

  it('should keep older entries verifying after a key rotation, which is itself in the log', async () => {
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)
    await ctx.db.$executeRawUnsafe(`DELETE FROM "AuditHead"`)
    await append(2)
    const ring = loadAuditKeyRing()!
    const old = ring.keys.at(-1)!.id
    const next = appendKeyToFile(ring, newSecret(), new Date())
    await appendAudit(ctx.db, { action: 'audit.key-rotated', detail: { from: old, to: next.id } }, clock)
    await append(2)
    const rows = await ctx.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    expect(rows.map((r) => r.keyId)).toEqual([old, old, next.id, next.id, next.id])
    expect(rows[2]!.action).toBe('audit.key-rotated')
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, count: 5, keyed: 5 })
  })

  it('should catch, through a checkpoint written outside the database, a rewrite made with the key', async () => {
    const cp = await writeCheckpoint(ctx.db, { clock })
    expect(cp).toMatchObject({ seq: 5, day: '2026-03-02' })
    expect(await writeCheckpoint(ctx.db, { clock, onlyIfDue: true })).toBeNull()
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, checkpoints: 1 })
    // Someone holding the key rewrites the whole chain from entry 2: every hash fits, the checkpoint does not.
    const rows = await ctx.db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
    const { keyedHashEntry } = await import('./audit.server.ts')
    const ringNow = loadAuditKeyRing()!
    let prev = rows[0]!.hash
    for (const row of rows.slice(1)) {
      const key = ringNow.keys.find((k) => k.id === row.keyId)!
      const changed = { ...row, actorName: row.seq === 2 ? '篡改' : row.actorName, prevHash: prev }
      const hash = keyedHashEntry(changed, key)
      await ctx.db.auditEntry.update({ where: { seq: row.seq }, data: { actorName: changed.actorName, prevHash: prev, hash } })
      prev = hash
    }
    await ctx.db.auditHead.update({ where: { id: 1 }, data: { lastHash: prev } })
    const verdict = await verifyAuditChain(ctx.db)
    expect(verdict).toMatchObject({ ok: false, seq: 5 })
    expect(verdict.ok || verdict.reason).toContain('检查点')
  })

  it('should refuse a checkpoint line whose signature was forged', async () => {
    const lines = fs.readFileSync(checkpoints, 'utf8').trim().split('\n')
    const forged = { ...JSON.parse(lines[0]!), hash: (await ctx.db.auditEntry.findUnique({ where: { seq: 5 } }))!.hash }
    fs.writeFileSync(checkpoints, JSON.stringify(forged) + '\n')
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, seq: 5, reason: expect.stringContaining('签名不符') })
  })
})
