/**
 * The audit key ring (ADR 024): the secrets that sign the operation log with
 * HMAC-SM3, kept outside the database so that someone who can rewrite rows
 * cannot recompute their hashes.
 *
 * Where the keys come from, first match wins:
 * - `AUDIT_KEY`: comma-separated secrets, newest first (like SESSION_SECRET);
 *   each may carry `@<ISO time>`, the moment it came into use.
 * - the file `AUDIT_KEY_FILE` (default `data/audit-key`): one key per line,
 *   `<ISO time> <secret>`, oldest first; generated at the first audited
 *   write and extended by `npm run zhifa -- audit rotate-key`. Never edit or
 *   delete a line: older entries verify with the key that signed them.
 *
 * Entries name their key by fingerprint (`keyId`), never by the secret.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface AuditKey {
  id: string
  secret: Buffer
  /** When the key came into use; entries written after the first key's time must be signed. */
  since: Date | null
}

export interface AuditKeyRing {
  /** Oldest first; the last one signs new entries. */
  keys: AuditKey[]
  source: 'env' | 'file'
  file: string | null
}

export function auditKeyFile(): string {
  return process.env.AUDIT_KEY_FILE || path.join(process.cwd(), 'data', 'audit-key')
}

/** A key's public name: a short SM3 fingerprint, safe to store and print. */
export function keyFingerprint(secret: Buffer): string {
  return crypto.createHash('sm3').update('zhifa-audit-key:').update(secret).digest('hex').slice(0, 16)
}

function makeKey(secret: string, since: Date | null): AuditKey {
  const bytes = Buffer.from(secret, 'utf8')
  return { id: keyFingerprint(bytes), secret: bytes, since }
}

function parseTime(text: string | undefined): Date | null {
  if (!text) return null
  const date = new Date(text)
  return Number.isNaN(date.getTime()) ? null : date
}

function fromEnv(): AuditKeyRing | null {
  const entries = process.env.AUDIT_KEY?.split(',').map((s) => s.trim()).filter(Boolean)
  if (!entries?.length) return null
  const keys = entries.reverse().map((entry) => {
    const at = entry.lastIndexOf('@')
    return at > 0 ? makeKey(entry.slice(0, at), parseTime(entry.slice(at + 1))) : makeKey(entry, null)
  })
  return { keys, source: 'env', file: null }
}

function parseFile(text: string, file: string): AuditKeyRing {
  const keys: AuditKey[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const [time, secret] = line.split(/\s+/)
    if (!secret) throw new Error(`审计密钥文件格式错误 malformed audit key file ${file}: "${line.slice(0, 20)}…"`)
    keys.push(makeKey(secret, parseTime(time)))
  }
  return { keys, source: 'file', file }
}

const header = '# 操作日志签名密钥 Zhifa audit keys (ADR 024). Keep this file outside the database and back it up.\n'
  + '# One key per line, oldest first: <ISO time> <secret>. Never edit or remove a line; rotate with\n'
  + '#   npm run zhifa -- audit rotate-key\n'

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url')
}

/** `<ISO time> <secret>` as one line of the key file. */
export function keyLine(secret: string, since: Date): string {
  return `${since.toISOString()} ${secret}\n`
}

let cached: { file: string; mtimeMs: number; size: number; ring: AuditKeyRing } | null = null

/**
 * The ring as it is now. With `create`, a missing key file is generated
 * (the first audited write of a fresh installation); `audit verify` never
 * creates one. The file is re-read when it changes, so a rotation by the
 * command line takes effect in a running server at its next write.
 */
export function loadAuditKeyRing(options: { create?: boolean } = {}): AuditKeyRing | null {
  const env = fromEnv()
  if (env) return env
  const file = auditKeyFile()
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    if (!options.create) return null
    fs.mkdirSync(path.dirname(file), { recursive: true })
    try {
      // `wx`: two processes starting at once must not each write a different key.
      fs.writeFileSync(file, header + keyLine(newSecret(), new Date()), { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    stat = fs.statSync(file)
  }
  if (cached && cached.file === file && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.ring
  const ring = parseFile(fs.readFileSync(file, 'utf8'), file)
  cached = { file, mtimeMs: stat.mtimeMs, size: stat.size, ring }
  return ring
}

export function currentKey(ring: AuditKeyRing | null): AuditKey | null {
  return ring?.keys.at(-1) ?? null
}

export function keyById(ring: AuditKeyRing | null, id: string): AuditKey | null {
  return ring?.keys.find((k) => k.id === id) ?? null
}

/** Appends a new key to the key file; the caller records the rotation in the log. */
export function appendKeyToFile(ring: AuditKeyRing, secret: string, since: Date): AuditKey {
  if (ring.source !== 'file' || !ring.file) throw new Error('AUDIT_KEY is set: rotate by setting a new key in front of the old ones')
  fs.appendFileSync(ring.file, keyLine(secret, since), { mode: 0o600 })
  return makeKey(secret, since)
}

/** HMAC-SM3 with the given key, hex. */
export function hmacSm3(key: AuditKey, content: string): string {
  return crypto.createHmac('sm3', key.secret).update(content, 'utf8').digest('hex')
}
