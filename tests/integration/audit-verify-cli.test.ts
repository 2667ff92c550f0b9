import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { signIn } from '../../app/services/sign-in.server.ts'
import { auditKeyFile } from '../../app/services/audit-key.server.ts'
import { recomputeAsAttacker } from '../support/audit-attacker.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')

async function auditVerify(url: string, command = 'verify', env: Record<string, string> = {}) {
  return run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'bin', 'zhifa.ts'), 'audit', command], {
    cwd: root, env: { ...process.env, DATABASE_URL: url, ...env },
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
    expect(result.stdout).toContain('audit chain intact: 3 条 entries (3 条已签名 keyed')
  })

  it('should rotate the key, record the rotation and checkpoint the head, with older entries still verifying', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-cli-key-'))
    const env = { AUDIT_KEY_FILE: path.join(dir, 'audit-key'), AUDIT_CHECKPOINTS: path.join(dir, 'checkpoints.log') }
    fs.copyFileSync(auditKeyFile(), env.AUDIT_KEY_FILE)
    expect((await auditVerify(ctx.url, 'rotate-key', env)).stdout).toContain('audit key rotated')
    const rotation = await ctx.db.auditEntry.findFirst({ orderBy: { seq: 'desc' } })
    expect(rotation).toMatchObject({ seq: 4, action: 'audit.key-rotated' })
    expect(fs.readFileSync(env.AUDIT_CHECKPOINTS, 'utf8')).toContain('"seq":4')
    const result = await auditVerify(ctx.url, 'verify', env)
    expect(result.stdout).toContain('audit chain intact: 4 条 entries (4 条已签名 keyed, 1 个检查点 checkpoints matched)')
    // Without the rotated key the new entry cannot be verified.
    expect((await auditVerify(ctx.url)).stderr).toContain('broken at entry #4')
    await ctx.db.auditEntry.delete({ where: { seq: 4 } })
    await ctx.db.auditHead.update({ where: { id: 1 }, data: { seq: 3, lastHash: rotation!.prevHash } })
  })

  it('should fail naming the entry after a log row was altered directly in the database', async () => {
    await ctx.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "outcome" = 'success' WHERE "seq" = 2`)
    const result = await auditVerify(ctx.url)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('broken at entry #2')
  })

  it('should still fail naming the entry when the following hashes and the head were recomputed with plain SM3, as someone without the key would', async () => {
    await recomputeAsAttacker(ctx.db, 2)
    const head = await ctx.db.auditHead.findUnique({ where: { id: 1 } })
    const last = await ctx.db.auditEntry.findFirst({ orderBy: { seq: 'desc' } })
    expect(head?.lastHash).toBe(last?.hash)
    const result = await auditVerify(ctx.url)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('broken at entry #2')
  })
})
