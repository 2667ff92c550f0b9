import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { signIn } from '../../app/services/sign-in.server.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')

async function auditVerify(url: string) {
  return run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'bin', 'zhifa.ts'), 'audit', 'verify'], {
    cwd: root, env: { ...process.env, DATABASE_URL: url },
  }).then((r) => ({ code: 0, ...r }), (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }))
}

describeEachDatabase('npm run zhifa -- audit verify', (ctx) => {
  beforeAll(async () => {
    const clock = new ManualClock('2026-03-02T09:00:00+08:00')
    await seedDemo(ctx.db, clock)
    for (const password of ['wrong', 'zhifa2026demo']) await signIn(ctx.db, clock, { loginName: 'ili-officer', password })
  })

  it('should pass on the untouched demo database', async () => {
    const result = await auditVerify(ctx.url)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('audit chain intact: 3')
  })

  it('should fail naming the entry after a log row was altered directly in the database', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "outcome" = 'success' WHERE "seq" = 2`)
    const result = await auditVerify(ctx.url)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('broken at entry #2')
  })
})
