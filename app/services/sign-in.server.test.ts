import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { DEMO_PASSWORD, seedDemo } from './demo-seed.server.ts'
import { MAX_FAILURES, signIn, signInMessages } from './sign-in.server.ts'
import { standingMessages } from './accounts.server.ts'

describeEachDatabase('signing in', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
  })

  it('should open a session and log the sign-in for the right password', async () => {
    const result = await signIn(ctx.db, clock, { loginName: 'yining-officer', password: DEMO_PASSWORD, clientIp: '10.0.0.8' })
    expect(result.ok).toBe(true)
    const entry = await ctx.db.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } })
    expect(entry).toMatchObject({ action: 'session.sign-in', outcome: 'success', clientIp: '10.0.0.8' })
  })

  describe('Given 5 wrong passwords in a row from one address', () => {
    const from = { clientIp: '10.0.0.66' }
    it('should make that address wait 30 s, then twice as long after each further wrong password, even against the right password', async () => {
      for (let i = 1; i < MAX_FAILURES; i++) {
        expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: `wrong-${i}`, ...from })).toEqual({ ok: false, message: signInMessages.wrong })
      }
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: 'wrong-5', ...from })).toEqual({ ok: false, message: signInMessages.wait(30) })
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD, ...from })).toEqual({ ok: false, message: signInMessages.wait(30) })
      clock.advance({ seconds: 31 })
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: 'wrong-6', ...from })).toEqual({ ok: false, message: signInMessages.wait(60) })
      clock.advance({ seconds: 59 })
      expect((await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD, ...from })).ok).toBe(false)
      clock.advance({ seconds: 2 })
      expect((await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD, ...from })).ok).toBe(true)
      // The right password clears the count.
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: 'wrong-again', ...from })).toEqual({ ok: false, message: signInMessages.wrong })
    })

    it('should not stop the account holder signing in from another address', async () => {
      for (let i = 0; i < MAX_FAILURES + 2; i++) await signIn(ctx.db, clock, { loginName: 'yining-officer', password: 'x', clientIp: '203.0.113.9' })
      expect((await signIn(ctx.db, clock, { loginName: 'yining-officer', password: DEMO_PASSWORD, clientIp: '10.0.0.8' })).ok).toBe(true)
    })

    it('should check no more than 5 of 61 concurrent wrong passwords', async () => {
      const before = await ctx.db.auditEntry.count({ where: { action: 'session.sign-in', outcome: 'failure', actorName: 'ili-officer' } })
      const answers = await Promise.all(Array.from({ length: 61 }, (_, i) => signIn(ctx.db, clock, { loginName: 'ili-officer', password: `guess-${i}`, clientIp: '198.51.100.7' })))
      const checked = await ctx.db.auditEntry.count({ where: { action: 'session.sign-in', outcome: 'failure', actorName: 'ili-officer' } })
      expect(checked - before).toBe(MAX_FAILURES)
      expect(answers.filter((a) => !a.ok && a.message === signInMessages.wrong)).toHaveLength(MAX_FAILURES - 1)
      expect(await ctx.db.auditEntry.count({ where: { action: 'session.sign-in', outcome: 'denied', actorName: 'ili-officer' } })).toBe(61 - MAX_FAILURES)
    })

    it('should answer exactly the same for a login name that does not exist', async () => {
      const answers = []
      for (let i = 0; i < MAX_FAILURES + 1; i++) answers.push(await signIn(ctx.db, clock, { loginName: 'nobody-here', password: 'x' }))
      const real = []
      for (let i = 0; i < MAX_FAILURES + 1; i++) real.push(await signIn(ctx.db, clock, { loginName: 'huocheng-officer2', password: 'x' }))
      expect(answers).toEqual(real)
      expect(answers.at(-1)).toEqual({ ok: false, message: signInMessages.wait(30) })
    })
  })

  it('should refuse a stopped account', async () => {
    await ctx.db.user.update({ where: { loginName: 'ili-officer2' }, data: { status: 'stopped' } })
    expect(await signIn(ctx.db, clock, { loginName: 'ili-officer2', password: DEMO_PASSWORD })).toEqual({ ok: false, message: standingMessages.stopped })
  })

  it('should refuse an account whose certificate expired', async () => {
    await ctx.db.user.update({ where: { loginName: 'yining-officer2' }, data: { certificateExpiresAt: new Date(clock.now().getTime() - 1000) } })
    expect(await signIn(ctx.db, clock, { loginName: 'yining-officer2', password: DEMO_PASSWORD })).toEqual({ ok: false, message: standingMessages['certificate-expired'] })
  })

  it('should log every failed attempt', async () => {
    const failures = await ctx.db.auditEntry.count({ where: { action: 'session.sign-in', outcome: { in: ['failure', 'denied'] } } })
    expect(failures).toBeGreaterThanOrEqual(MAX_FAILURES * 3)
  })
})
