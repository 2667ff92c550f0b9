import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { serviceContextFor } from '../../tests/support/actors.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from './demo-seed.server.ts'
import { assignRole } from './users.server.ts'
import { decideRoleGrant, needsSecondAdministrator } from './role-grants.server.ts'
import { Forbidden } from './errors.ts'

const clock = new ManualClock('2026-03-02T09:00:00+08:00')

describeEachDatabase('separation of duties in granting roles (issue 9)', (ctx) => {
  let yiningCounty = ''
  let officerId = ''
  let adminId = ''

  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
    yiningCounty = (await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili.yining-county' } })).id
    officerId = (await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-officer' } })).id
    adminId = (await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-admin' } })).id
  })

  const roleCount = () => ctx.db.roleAssignment.count()

  it('says in one place which roles a second administrator confirms: the approving and deciding ones, not the officer’s', () => {
    for (const role of ['supervisor', 'deputy-head', 'principal-head', 'legal-reviewer', 'committee-member', 'process-admin']) expect(needsSecondAdministrator(role)).toBe(true)
    expect(needsSecondAdministrator('officer')).toBe(false)
  })

  it('refuses an administrator granting itself a role, and changes nothing', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'yining-admin')
    const before = await roleCount()
    await expect(assignRole(admin, adminId, { role: 'deputy-head', departmentId: yiningCounty })).rejects.toBeInstanceOf(Forbidden)
    expect(await roleCount()).toBe(before)
    expect(await ctx.db.roleGrantRequest.count()).toBe(0)
  })

  it('holds a deputy-head grant until a second administrator confirms it; the one who asked cannot confirm', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'yining-admin')
    const before = await roleCount()
    expect(await assignRole(admin, officerId, { role: 'deputy-head', departmentId: yiningCounty })).toEqual({ pending: true })
    expect(await roleCount()).toBe(before)
    const request = await ctx.db.roleGrantRequest.findFirstOrThrow({ where: { userId: officerId, status: 'pending' } })
    await expect(decideRoleGrant(admin, request.id, true)).rejects.toBeInstanceOf(Forbidden)
    const grantee = await serviceContextFor(ctx.db, clock, 'yining-officer')
    await expect(decideRoleGrant(grantee, request.id, true)).rejects.toBeInstanceOf(Forbidden)
    const otherCounty = await serviceContextFor(ctx.db, clock, 'huocheng-admin')
    await expect(decideRoleGrant(otherCounty, request.id, true)).rejects.toBeInstanceOf(Forbidden)
    expect(await roleCount()).toBe(before)

    const region = await serviceContextFor(ctx.db, clock, 'region-admin')
    await decideRoleGrant(region, request.id, true)
    expect(await ctx.db.roleAssignment.count({ where: { userId: officerId, role: 'deputy-head', departmentId: yiningCounty } })).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'role-grant.request', targetId: officerId } })).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'role-grant.approve', targetId: officerId, outcome: 'success' } })).toBe(1)
    expect(await ctx.db.auditEntry.count({ where: { action: 'role-grant.approve', targetId: officerId, outcome: 'denied' } })).toBe(3)
  })

  it('grants the officer role at once', async () => {
    const admin = await serviceContextFor(ctx.db, clock, 'yining-admin')
    const supervisor = (await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'yining-supervisor' } })).id
    const done = await assignRole(admin, supervisor, { role: 'officer', departmentId: yiningCounty })
    expect(done.pending).toBe(false)
    expect(await ctx.db.roleAssignment.count({ where: { userId: supervisor, role: 'officer' } })).toBe(1)
  })
})

describe('the grant matrix', () => {
  it('is the only list of roles needing confirmation', () => {
    expect(needsSecondAdministrator('system-admin')).toBe(true)
  })
})
