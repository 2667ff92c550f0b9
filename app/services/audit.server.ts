/**
 * Operation log (第七条「执法系统同步留存操作日志」; 等保三级). Append-only:
 * nothing in the application updates or deletes AuditEntry rows. Each entry
 * stores a hash of its own content together with the previous entry's hash,
 * so altering, inserting or deleting any row breaks the chain and
 * `npm run zhifa -- audit verify` names the first broken entry.
 *
 * The hash is keyed (HMAC-SM3, ADR 024) with a key kept outside the
 * database, so whoever can write the rows cannot recompute the chain; the
 * head is also written, signed, to a checkpoint file outside the database
 * (audit-checkpoints.server.ts). Entries from before keying keep their plain
 * SM3 hash and verify as they were.
 */
import crypto from 'node:crypto'
import type { DbOrTx, Db } from '../../prisma/client.ts'
import { systemClock, type Clock } from '../../engine/clock.ts'
import { currentKey, hmacSm3, keyById, loadAuditKeyRing, type AuditKey, type AuditKeyRing } from './audit-key.server.ts'
import { readCheckpoints, verifyCheckpoint, type Checkpoint } from './audit-checkpoints.server.ts'

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
  keyId?: string | null
}

function fieldList(entry: ChainFields): unknown[] {
  return [
    entry.seq, entry.at.toISOString(), entry.actorId, entry.actorName, entry.role,
    entry.departmentId, entry.organId, entry.action, entry.targetType, entry.targetId,
    entry.outcome, entry.detail, entry.clientIp, entry.prevHash,
  ]
}

/** Plain SM3 over a fixed field order: entries written before the chain was keyed. */
export function hashEntry(entry: ChainFields): string {
  return crypto.createHash('sm3').update(JSON.stringify(fieldList(entry)), 'utf8').digest('hex')
}

/** HMAC-SM3 over the same fields plus the key's fingerprint, so an entry cannot be moved to another key. */
export function keyedHashEntry(entry: ChainFields, key: AuditKey): string {
  return hmacSm3(key, JSON.stringify([...fieldList(entry), key.id]))
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
  // The newest key signs; a fresh installation generates its key file here.
  const key = currentKey(loadAuditKeyRing({ create: true }))
  fields.keyId = key?.id ?? null
  const hash = key ? keyedHashEntry(fields, key) : hashEntry(fields)
  await tx.$executeRaw`UPDATE "AuditHead" SET "lastHash" = ${hash} WHERE "id" = 1`
  await tx.$executeRaw`
    INSERT INTO "AuditEntry" ("seq", "at", "actorId", "actorName", "role", "departmentId", "organId", "action",
      "targetType", "targetId", "outcome", "detail", "clientIp", "prevHash", "keyId", "hash")
    VALUES (${fields.seq}, ${fields.at}, ${fields.actorId}, ${fields.actorName}, ${fields.role}, ${fields.departmentId},
      ${fields.organId}, ${fields.action}, ${fields.targetType}, ${fields.targetId}, ${fields.outcome}, ${fields.detail},
      ${fields.clientIp}, ${fields.prevHash}, ${fields.keyId}, ${hash})`
  return { ...fields, hash }
}

export type ChainVerdict =
  | { ok: true; count: number; keyed: number; checkpoints: number; warnings: string[] }
  | { ok: false; count: number; seq: number; reason: string }

export interface VerifyOptions {
  batchSize?: number
  /** The key ring; by default the configured one (AUDIT_KEY or the key file), never created here. */
  ring?: AuditKeyRing | null
  /** Checkpoints written outside the database; by default read from the checkpoint file. */
  checkpoints?: Checkpoint[]
}

/**
 * Walks the chain in order and reports the first entry whose position,
 * previous hash or own hash does not fit, an unsigned entry where a signed
 * one is due, a head that does not match the last entry (rows deleted at
 * the end), and any signed checkpoint the chain does not match.
 *
 * Unsigned (plain SM3) entries are accepted only before the first signed
 * one and before the oldest key came into use: an attacker without the key
 * who recomputes the tail in plain SM3 trips one of these, and one who
 * recomputes the whole chain in plain SM3 trips the checkpoints.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions | number = {}): Promise<ChainVerdict> {
  const opts: VerifyOptions = typeof options === 'number' ? { batchSize: options } : options
  const batchSize = opts.batchSize ?? 1000
  const ring = opts.ring === undefined ? loadAuditKeyRing() : opts.ring
  const keyedSince = ring?.keys.map((k) => k.since).find((d): d is Date => !!d) ?? null
  const checkpoints = opts.checkpoints ?? readCheckpoints()
  if ('error' in checkpoints) return { ok: false, count: 0, seq: 0, reason: checkpoints.error }
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let count = 0
  let keyed = 0
  let chainId: string | null = null
  const hashAt = new Map<number, string>()
  const wanted = new Set(checkpoints.map((c) => c.seq))
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
      if (row.keyId) {
        const key = keyById(ring, row.keyId)
        if (!key) return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条的签名密钥 ${row.keyId} 不在密钥环中 signed with an unknown key` }
        if (keyedHashEntry(row, key) !== row.hash) {
          return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条内容与签名不符 content does not match its keyed hash` }
        }
        keyed += 1
      } else {
        if (keyed > 0) return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条未签名，而此前的记录已签名 unsigned entry after signed ones` }
        if (keyedSince && row.at >= keyedSince) {
          return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条未签名，但写于密钥启用之后 unsigned entry written after keying` }
        }
        if (hashEntry(row) !== row.hash) {
          return { ok: false, count, seq: row.seq, reason: `第 ${row.seq} 条内容与哈希不符 content does not match its hash` }
        }
      }
      if (row.seq === 1) chainId = row.hash
      if (wanted.has(row.seq)) hashAt.set(row.seq, row.hash)
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
  const warnings: string[] = []
  // Checkpoints of this chain (the file may also hold other databases' chains: tests, a restored copy).
  const ours = checkpoints.filter((c) => c.chain === chainId)
  if (checkpoints.length && !ours.length) warnings.push('检查点文件中没有本链的检查点 no checkpoint of this chain in the file')
  for (const cp of ours.sort((a, b) => a.seq - b.seq)) {
    const problem = verifyCheckpoint(cp, ring)
    if (problem) return { ok: false, count, seq: cp.seq, reason: `${cp.day} 的检查点无效 checkpoint invalid: ${problem}` }
    if (cp.seq > count) {
      return { ok: false, count, seq: count + 1, reason: `${cp.day} 的检查点记到第 ${cp.seq} 条，日志只有 ${count} 条 entries removed after a checkpoint` }
    }
    if (hashAt.get(cp.seq) !== cp.hash) {
      return { ok: false, count, seq: cp.seq, reason: `第 ${cp.seq} 条与 ${cp.day} 的检查点不符（该条或之前的记录被改写） entry differs from the checkpoint` }
    }
  }
  return { ok: true, count, keyed, checkpoints: ours.length, warnings }
}
