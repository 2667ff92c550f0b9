/**
 * Where test databases live, shared by the global setup (which must not
 * import vitest) and the per-file helpers in databases.ts.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import type { Provider } from '../../prisma/client.ts'

export const root = path.resolve(import.meta.dirname, '..', '..')
export const testDataDir = path.join(root, 'data', 'test')
export const sqliteTemplate = path.join(testDataDir, 'template.db')
// One template per checkout, so two worktrees testing at once never share it.
export const postgresTemplateName = `zhifa_tpl_${crypto.createHash('sha256').update(root).digest('hex').slice(0, 10)}`

/** PostgreSQL server to test against, when the run has one (.ci/run sets it). */
export function postgresServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined
}

export function providersUnderTest(): Provider[] {
  return postgresServerUrl() ? ['sqlite', 'postgres'] : ['sqlite']
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(postgresServerUrl()!, 'postgres') })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

