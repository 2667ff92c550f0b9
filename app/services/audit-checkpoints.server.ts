/**
 * Signed checkpoints of the audit chain's head (ADR 024), one line of JSON
 * each, appended to a file outside the database (`AUDIT_CHECKPOINTS`,
 * default `data/audit-checkpoints.log`) that operators ship elsewhere (log
 * collector, WORM storage). A checkpoint says "on this day the chain had N
 * entries and entry N had this hash", signed with the audit key; once a
 * copy has left the machine, rewriting any entry up to N — even with the
 * key — no longer matches it. The file is only ever appended to.
 *
 * The server writes one at start-up and then whenever the day has changed
 * since the last one (hourly check); `npm run zhifa -- audit checkpoint`
 * writes one on demand, and a key rotation writes one.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '../../prisma/client.ts'
import { systemClock, type Clock } from '../../engine/clock.ts'
import { currentKey, hmacSm3, keyById, loadAuditKeyRing, type AuditKeyRing } from './audit-key.server.ts'

export interface Checkpoint {
  v: 1
  /** The calendar day (Asia/Shanghai) the checkpoint was taken. */
  day: string
  at: string
  seq: number
  hash: string
  /** Identifies the chain: the hash of its first entry (one file may hold several databases' chains). */
  chain: string
  keyId: string
  mac: string
}

export function checkpointFile(): string {
  return process.env.AUDIT_CHECKPOINTS || path.join(process.cwd(), 'data', 'audit-checkpoints.log')
}

function macContent(cp: Omit<Checkpoint, 'mac'>): string {
  return JSON.stringify(['zhifa-audit-checkpoint', cp.v, cp.day, cp.at, cp.seq, cp.hash, cp.chain, cp.keyId])
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** All checkpoints in the file, or the line that cannot be read (a damaged file is itself a finding). */
export function readCheckpoints(file = checkpointFile()): Checkpoint[] | { error: string } {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const out: Checkpoint[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    try {
      const cp = JSON.parse(line) as Checkpoint
      if (typeof cp.seq !== 'number' || typeof cp.hash !== 'string' || typeof cp.mac !== 'string') throw new Error('fields')
      out.push(cp)
    } catch {
      return { error: `检查点文件第 ${i + 1} 行无法读取 checkpoint file line ${i + 1} is damaged (${file})` }
    }
  }
  return out
}

/** Null when the checkpoint's signature is good, else why not. */
export function verifyCheckpoint(cp: Checkpoint, ring: AuditKeyRing | null): string | null {
  const key = keyById(ring, cp.keyId)
  if (!key) return `签名密钥 ${cp.keyId} 不在密钥环中 unknown key`
  const { mac, ...rest } = cp
  return hmacSm3(key, macContent(rest)) === mac ? null : '签名不符 signature does not match'
}

/**
 * Appends a checkpoint of the chain's current head. With `onlyIfDue`, only
 * when this chain has no checkpoint for today yet and the head has moved
 * since its last one. Returns the checkpoint written, or null.
 */
export async function writeCheckpoint(db: Db, options: { clock?: Clock; onlyIfDue?: boolean; file?: string } = {}): Promise<Checkpoint | null> {
  const clock = options.clock ?? systemClock
  const file = options.file ?? checkpointFile()
  const [head, first] = await Promise.all([
    db.auditHead.findUnique({ where: { id: 1 } }),
    db.auditEntry.findUnique({ where: { seq: 1 }, select: { hash: true } }),
  ])
  if (!head || !first || head.seq === 0) return null
  const key = currentKey(loadAuditKeyRing({ create: true }))
  if (!key) return null
  const now = clock.now()
  const day = dayFormat.format(now)
  if (options.onlyIfDue) {
    const existing = readCheckpoints(file)
    const ours = 'error' in existing ? [] : existing.filter((c) => c.chain === first.hash)
    const last = ours.at(-1)
    if (last && (last.day === day || last.seq === head.seq)) return null
  }
  const body = { v: 1 as const, day, at: now.toISOString(), seq: head.seq, hash: head.lastHash, chain: first.hash, keyId: key.id }
  const cp: Checkpoint = { ...body, mac: hmacSm3(key, macContent(body)) }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // One write of one line with O_APPEND: concurrent writers never interleave within a line.
  const fd = fs.openSync(file, 'a', 0o600)
  try {
    fs.writeSync(fd, JSON.stringify(cp) + '\n')
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  return cp
}

let timer: NodeJS.Timeout | null = null

/** Checkpoints at start-up, then hourly whenever the day has turned (server only). */
export function startCheckpoints(db: Db, clock: Clock, log: (line: string) => void): void {
  const tick = () => writeCheckpoint(db, { clock, onlyIfDue: true })
    .catch((error: unknown) => log(`写入日志检查点失败 audit checkpoint failed: ${(error as Error).message}`))
  void tick()
  timer = setInterval(tick, 60 * 60_000)
  timer.unref()
}

export function stopCheckpoints(): void {
  if (timer) clearInterval(timer)
  timer = null
}
