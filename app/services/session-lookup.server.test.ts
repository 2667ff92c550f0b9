import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from './demo-seed.server.ts'
import { openSession } from './session.server.ts'
import { loadAccount } from './accounts.server.ts'
import { findSessionWithAccount } from './session-lookup.server.ts'

describeEachDatabase('the per-request session lookup in plain SQL', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
  })

  it('should return exactly what Prisma returns for the account, roles and departments included', async () => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-deputy' } })
    const session = await openSession(ctx.db, clock, { userId: user.id, clientIp: '10.1.2.3' })
    const found = await findSessionWithAccount(ctx.db, session.id)
    const expected = (await loadAccount(ctx.db, user.id))!
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id))
    expect({ ...found!.account, roles: byId(found!.account.roles) }).toEqual({ ...expected, roles: byId(expected.roles) })
    expect(found!.account.roles).toHaveLength(2)
    expect(found!.session).toEqual(await ctx.db.session.findUniqueOrThrow({ where: { id: session.id } }))
  })

  it('should find nothing for an unknown session id', async () => {
    expect(await findSessionWithAccount(ctx.db, 'no-such-session')).toBeNull()
  })
})
