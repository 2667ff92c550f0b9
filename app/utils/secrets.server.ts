import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Cookie-signing secrets: SESSION_SECRET (comma-separated, newest first) in
 * production; otherwise one generated at first start and kept in
 * data/session-secret, so a fresh clone works and restarts keep sessions.
 */
function loadSecrets(): string[] {
  const fromEnv = process.env.SESSION_SECRET?.split(',').map((s) => s.trim()).filter(Boolean)
  if (fromEnv?.length) return fromEnv
  const file = path.join(process.cwd(), 'data', 'session-secret')
  try {
    return [fs.readFileSync(file, 'utf8').trim()]
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, secret, { mode: 0o600 })
    return [secret]
  }
}

export const cookieSecrets = loadSecrets()
