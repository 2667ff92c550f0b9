import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { postgresServerUrl, providersUnderTest } from '../support/database-locations.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')

describe('migration folders', () => {
  for (const provider of providersUnderTest()) {
    it(`should produce exactly prisma/models.prisma when the ${provider} migrations are replayed`, async () => {
      const env = { ...process.env, MIGRATE_POSTGRES_URL: postgresServerUrl() ?? '' }
      const result = await run(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'diff', provider], { cwd: root, env }).catch((e) => e)
      // `migrate diff --exit-code` exits 2 when the migrations miss a change of the models.
      expect(result.code ?? 0, `${provider} migrations are out of step with prisma/models.prisma; run npm run db:migrate -- <name>\n${result.stdout ?? ''}`).toBe(0)
      expect(result.stdout).toContain('empty migration')
    }, 60_000)
  }
})
