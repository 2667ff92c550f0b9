import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { DEMO_PASSWORD, seedDemo } from './demo-seed.server.ts'
import { LOCK_MINUTES, MAX_FAILURES, signIn, signInMessages } from './sign-in.server.ts'
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

  describe('Given 5 wrong passwords in a row', () => {
    it('should lock the login name for 15 minutes, even against the right password', async () => {
      for (let i = 1; i < MAX_FAILURES; i++) {
        expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: `wrong-${i}` })).toEqual({ ok: false, message: signInMessages.wrong })
      }
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: 'wrong-5' })).toEqual({ ok: false, message: signInMessages.locked })
      expect(await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD })).toEqual({ ok: false, message: signInMessages.locked })
      clock.advance({ minutes: LOCK_MINUTES - 1 })
      expect((await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD })).ok).toBe(false)
      clock.advance({ minutes: 1, seconds: 1 })
      expect((await signIn(ctx.db, clock, { loginName: 'huocheng-officer', password: DEMO_PASSWORD })).ok).toBe(true)
    })

    it('should answer exactly the same for a login name that does not exist', async () => {
      const answers = []
      for (let i = 0; i < MAX_FAILURES + 1; i++) answers.push(await signIn(ctx.db, clock, { loginName: 'nobody-here', password: 'x' }))
      const real = []
      for (let i = 0; i < MAX_FAILURES + 1; i++) real.push(await signIn(ctx.db, clock, { loginName: 'huocheng-officer2', password: 'x' }))
      expect(answers).toEqual(real)
      expect(answers.at(-1)).toEqual({ ok: false, message: signInMessages.locked })
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
