import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { verifyAuditChain } from '../../../app/services/audit.server.ts'
import { createDb } from '../../../prisma/client.ts'
import { ManualClock } from '../../clock.ts'
import { Conflict, TaskNotActive } from '../../errors.ts'
import { makeEngine, officer, prepare } from '../harness.ts'

const run = promisify(execFile)

describeEachDatabase('two people complete the same task at the same moment', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('then exactly one succeeds, the other is told the task is taken, and the instance moved on once', async () => {
    const engine = await prepare(ctx.db, clock, 'five-steps.bpmn')
    // On PostgreSQL each engine has its own connection pool, as two server processes would.
    // SQLite is written by one connection per process, so both engines share it there.
    const otherDb = ctx.provider === 'postgres' ? createDb(ctx.url) : ctx.db
    const other = makeEngine(otherDb, clock)
    try {
      for (let round = 0; round < 5; round++) {
        const id = await engine.start('five-steps', { departmentId: 'county-a' }, officer)
        const [task] = (await engine.instance(id)).tasks
        const before = (await engine.instance(id)).revision
        const results = await Promise.allSettled([
          engine.complete(task!.id, { payload: { target: 'A' } }, officer),
          other.complete(task!.id, { payload: { target: 'B' } }, officer),
        ])
        const won = results.filter((r) => r.status === 'fulfilled')
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(1)
        expect(lost[0]!.reason instanceof TaskNotActive || lost[0]!.reason instanceof Conflict).toBe(true)
        const after = await makeEngine(ctx.db, clock).instance(id)
        expect(after.revision).toBe(before + 1)
        expect(after.tasks.map((t) => [t.elementId, t.status])).toEqual([['t1', 'completed'], ['t2', 'open']])
        expect(after.tasks[0]!.payload).toEqual((won[0] as PromiseFulfilledResult<{ payload: unknown }>).value.payload)
      }
      expect(await ctx.db.auditEntry.count({ where: { action: 'task.complete' } })).toBe(5)
      expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
    } finally {
      if (otherDb !== ctx.db) await otherDb.$disconnect()
    }
  })
})

describeEachDatabase('two scheduler processes race over 100 due timers', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('then each timer fires exactly once and every instance moved on exactly once', async () => {
    const engine = await prepare(ctx.db, clock, 'decision-limit.bpmn')
    for (let i = 0; i < 100; i++) await engine.start('decision-limit', { departmentId: 'county-a', businessKey: `case-${i}` }, officer)
    expect(await ctx.db.timer.count({ where: { status: 'pending' } })).toBe(100)

    const script = path.join(import.meta.dirname, '..', 'support', 'run-scheduler.ts')
    const env = { ...process.env, ZHIFA_DATABASE_URL: ctx.url, ZHIFA_NOW: '2026-06-01T09:00:00+08:00' }
    const outputs = await Promise.all([1, 2].map(() => run(process.execPath, ['--import', 'tsx', script], { env })))
    const results = outputs.map((o) => JSON.parse(o.stdout) as { fired: number; skipped: number })

    expect(results[0]!.fired + results[1]!.fired).toBe(100)
    expect(await ctx.db.timer.count({ where: { status: 'fired' } })).toBe(100)
    expect(await ctx.db.auditEntry.count({ where: { action: 'timer.fire' } })).toBe(100)
    const reports = await ctx.db.task.groupBy({ by: ['instanceId'], where: { elementId: 'report' }, _count: true })
    expect(reports).toHaveLength(100)
    expect(reports.every((r) => r._count === 1)).toBe(true)
    expect(await ctx.db.processInstance.count({ where: { revision: 2 } })).toBe(100)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })
})
