/**
 * Operation log (第七条「执法系统同步留存操作日志」; 等保三级). Append-only:
 * nothing in the application updates or deletes AuditEntry rows. Each entry
 * stores the SM3 hash of its own content together with the previous entry's
 * hash, so altering, inserting or deleting any row breaks the chain and
 * `npm run zhifa -- audit verify` names the first broken entry.
 */
import crypto from 'node:crypto'
import type { DbOrTx, Db } from '../../prisma/client.ts'
import { systemClock, type Clock } from '../../engine/clock.ts'

export const GENESIS_HASH = '0'.repeat(64)

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditRecord {
  actorId?: string | null
  actorName?: string | null
  role?: string | null
  departmentId?: string | null
  organId?: string | null
  /** Dotted action key, e.g. `session.sign-in`, `user.create`, `process.deploy`. */
  action: string
  targetType?: string | null
  targetId?: string | null
  outcome?: AuditOutcome
  /** Small JSON-serialisable detail: what changed, the reason of a refusal. */
  detail?: unknown
  clientIp?: string | null
}

interface ChainFields {
  seq: number
  at: Date
  actorId: string | null
  actorName: string | null
  role: string | null
  departmentId: string | null
  organId: string | null
  action: string
  targetType: string | null
  targetId: string | null
  outcome: string
  detail: string | null
  clientIp: string | null
  prevHash: string
}

/** SM3 over a fixed field order; the hash covers the previous hash too. */
export function hashEntry(entry: ChainFields): string {
  const content = JSON.stringify([
    entry.seq, entry.at.toISOString(), entry.actorId, entry.actorName, entry.role,
    entry.departmentId, entry.organId, entry.action, entry.targetType, entry.targetId,
    entry.outcome, entry.detail, entry.clientIp, entry.prevHash,
  ])
  return crypto.createHash('sm3').update(content, 'utf8').digest('hex')
}

/**
 * Appends one entry. Call it with the transaction that makes the change, so
 * the change and its log entry commit or roll back together.
 */
export async function appendAudit(tx: DbOrTx, record: AuditRecord, clock: Clock = systemClock): Promise<ChainFields & { hash: string }> {
  // Called with the client rather than a transaction (a log-only event such
  // as a public check): the three statements still need one transaction, or
  // two concurrent appends could read the same head and fork the chain.
  if ('$transaction' in tx) return tx.$transaction((inner) => appendAudit(inner, record, clock))
  // Bumping the head row first takes its lock, so concurrent appends queue
  // here instead of forking the chain. Plain SQL (portable between SQLite
  // and PostgreSQL): every write of the system runs this, and a Prisma
  // statement costs several times a raw one here (docs/decisions/007).
  const [head] = await tx.$queryRaw<Array<{ seq: number | bigint; lastHash: string }>>`
    INSERT INTO "AuditHead" ("id", "seq", "lastHash") VALUES (1, 1, ${GENESIS_HASH})
    ON CONFLICT ("id") DO UPDATE SET "seq" = "AuditHead"."seq" + 1
    RETURNING "seq", "lastHash"`
  if (!head) throw new Error('audit head not returned')
  const fields: ChainFields = {
    seq: Number(head.seq),
    at: clock.now(),
    actorId: record.actorId ?? null,
    actorName: record.actorName ?? null,
    role: record.role ?? null,
    departmentId: record.departmentId ?? null,
    organId: record.organId ?? null,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId ?? null,
    outcome: record.outcome ?? 'success',
    detail: record.detail === undefined ? null : JSON.stringify(record.detail),
    clientIp: record.clientIp ?? null,
    prevHash: head.lastHash,
  }
  const hash = hashEntry(fields)
  await tx.$executeRaw`UPDATE "AuditHead" SET "lastHash" = ${hash} WHERE "id" = 1`
  await tx.$executeRaw`
    INSERT INTO "AuditEntry" ("seq", "at", "actorId", "actorName", "role", "departmentId", "organId", "action",
      "targetType", "targetId", "outcome", "detail", "clientIp", "prevHash", "hash")
    VALUES (${fields.seq}, ${fields.at}, ${fields.actorId}, ${fields.actorName}, ${fields.role}, ${fields.departmentId},
      ${fields.organId}, ${fields.action}, ${fields.targetType}, ${fields.targetId}, ${fields.outcome}, ${fields.detail},
      ${fields.clientIp}, ${fields.prevHash}, ${hash})`
  return { ...fields, hash }
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; count: number; seq: number; reason: string }

/**
 * Walks the chain in order and reports the first entry whose position,
 * previous hash or own hash does not fit, and a head that does not match
 * the last entry (rows deleted at the end).
 */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainVerdict> {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let count = 0
  for (;;) {
    const rows = await db.auditEntry.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: 'asc' }, take: batchSize })
    if (rows.length === 0) break
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, count, seq: expectedSeq, reason: `第 ${expectedSeq} 条缺失（下一条为第 ${row.seq} 条） entry missing` }
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条的前序哈希不符 previous hash does not match` }
      }
      if (hashEntry(row) !== row.hash) {
        return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条内容与哈希不符 content does not match its hash` }
      }
      prevHash = row.hash
      expectedSeq += 1
      count += 1
    }
  }
  const head = await db.auditHead.findUnique({ where: { id: 1 } })
  const headSeq = head?.seq ?? 0
  if (headSeq !== count || (head && head.lastHash !== prevHash)) {
    return { ok: false, count, seq: count + 1, reason: `日志末尾缺失：链头为第 ${headSeq} 条，实有 ${count} 条 entries missing at the end` }
  }
  return { ok: true, count }
}
