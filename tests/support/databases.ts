/**
 * Fresh, migrated databases for tests. The global setup migrates one
 * template per provider; each test file then gets its own copy (a copied
 * SQLite file, or `CREATE DATABASE … TEMPLATE` on PostgreSQL), so files never
 * see each other's rows and nobody waits for migrations twice.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { describe, beforeAll, afterAll } from 'vitest'
import { createDb, type Db, type Provider } from '../../prisma/client.ts'
import { seedBaselineRoles } from '../../app/services/permissions/rule-store.server.ts'
import { systemClock } from '../../engine/clock.ts'
import { adminQuery, postgresServerUrl, postgresTemplateName, providersUnderTest, sqliteTemplate, testDataDir, withDatabase } from './database-locations.ts'

export { providersUnderTest }

export interface TestDatabase {
  provider: Provider
  url: string
  db: Db
  drop(): Promise<void>
}

/** A new database with every migration applied and no rows but the shipped role rules (as bootstrap seeds them). */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  const id = crypto.randomBytes(6).toString('hex')
  if (provider === 'sqlite') {
    const file = path.join(testDataDir, `t-${id}.db`)
    fs.copyFileSync(sqliteTemplate, file)
    const url = `file:${file}`
    const db = createDb(url)
    await seedBaselineRoles(db, systemClock)
    return {
      provider, url, db,
      async drop() {
        await db.$disconnect()
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
      },
    }
  }
  const name = `zhifa_t_${id}`
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${postgresTemplateName}"`)
  const url = withDatabase(postgresServerUrl()!, name)
  const db = createDb(url)
  await seedBaselineRoles(db, systemClock)
  return {
    provider, url, db,
    async drop() {
      await db.$disconnect()
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    },
  }
}

/**
 * Runs the same suite once per provider under test, each on its own fresh
 * database. The suite receives a getter because the database only exists
 * once `beforeAll` has run.
 *
 * @example
 * describeEachDatabase('audit chain', (ctx) => {
 *   it('should …', async () => { await ctx.db.auditEntry.count() })
 * })
 */
export function describeEachDatabase(title: string, suite: (ctx: TestDatabase) => void): void {
  for (const provider of providersUnderTest()) {
    describe(`${title} [${provider}]`, () => {
      const ctx = { provider } as TestDatabase
      beforeAll(async () => {
        Object.assign(ctx, await createTestDatabase(provider))
      })
      afterAll(async () => {
        await ctx.drop?.()
      })
      suite(ctx)
    })
  }
}
