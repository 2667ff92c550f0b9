import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { serviceContextFor } from '../../tests/support/actors.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from './demo-seed.server.ts'
import { accessibleWhere } from './permissions.server.ts'

const clock = new ManualClock('2026-03-02T09:00:00+08:00')

describeEachDatabase('list filters built from abilities', (ctx) => {
  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
  })

  it('should match no row for an actor without a rule, even combined in an AND (Prisma ignores a nested empty OR)', async () => {
    const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
    // The bug the helper guards against, kept visible: if Prisma fixes it, this assertion tells us.
    const nestedEmptyOr = await ctx.db.user.count({ where: { AND: [{ OR: [] }, { status: 'active' }] } })
    const guarded = await ctx.db.user.count({ where: { AND: [accessibleWhere(officer.ability, 'read', 'User'), { status: 'active' }] } })
    expect(guarded).toBe(0)
    expect(nestedEmptyOr === 0 || nestedEmptyOr === (await ctx.db.user.count({ where: { status: 'active' } }))).toBe(true)
    const orOfEmpty = await ctx.db.auditEntry.count({ where: { OR: [{}] } })
    expect(orOfEmpty === 0 || orOfEmpty === (await ctx.db.auditEntry.count())).toBe(true)
    expect(await ctx.db.auditEntry.count({ where: { AND: [accessibleWhere(officer.ability, 'read', 'AuditEntry')] } })).toBe(0)
  })

  it('should give an organ administrator exactly that organ’s accounts', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'huocheng-admin')
    const rows = await ctx.db.user.findMany({ where: accessibleWhere(admin.ability, 'read', 'User'), select: { loginName: true } })
    expect(rows.map((r) => r.loginName).sort()).toEqual(
      (await ctx.db.user.findMany({ where: { loginName: { startsWith: 'huocheng-' } }, select: { loginName: true } })).map((r) => r.loginName).sort(),
    )
  })

  it('should let the region administrator read the whole operation log and a county administrator only its own organ’s', async () => {
    const region = await serviceContextFor(ctx.db, clock, 'region-admin')
    const county = await serviceContextFor(ctx.db, clock, 'yining-admin')
    const total = await ctx.db.auditEntry.count()
    expect(await ctx.db.auditEntry.count({ where: accessibleWhere(region.ability, 'read', 'AuditEntry') })).toBe(total)
    const countyOrgan = county.actor.organId
    const countyRows = await ctx.db.auditEntry.findMany({ where: accessibleWhere(county.ability, 'read', 'AuditEntry') })
    expect(countyRows.every((r) => r.organId === countyOrgan)).toBe(true)
  })

  it('should let a supervisor read the accounts of subordinate departments but not create them', async () => {
    const supervisor = await serviceContextFor(ctx.db, clock, 'ili-supervisor')
    const names = (await ctx.db.user.findMany({ where: accessibleWhere(supervisor.ability, 'read', 'User'), select: { loginName: true } })).map((u) => u.loginName)
    expect(names).toContain('yining-officer')
    expect(names).toContain('huocheng-officer')
    expect(names).not.toContain('region-officer')
    expect(supervisor.ability.can('create', 'User')).toBe(false)
  })
})
