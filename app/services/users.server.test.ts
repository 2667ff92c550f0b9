import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { serviceContextFor } from '../../tests/support/actors.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from './demo-seed.server.ts'
import { assignRole, createUser, findVisibleUser, stopUser } from './users.server.ts'
import { listUsers } from './users-query.server.ts'
import { openSession } from './session.server.ts'
import { Forbidden, InvalidInput } from './errors.ts'

const clock = new ManualClock('2026-03-02T09:00:00+08:00')

const validOfficer = {
  loginName: 'ili-new-officer',
  displayName: '新来的执法员',
  password: 'Secret2026pass',
  phone: '13912345678',
  certificateKind: 'enforcement',
  certificateNo: '65202699999',
  certificateExpiresAt: '2029-12-31',
  roles: ['officer'],
}

describeEachDatabase('accounts are managed by their own organ (第六条)', (ctx) => {
  let iliDept: string
  let prefectureUserId: string

  beforeAll(async () => {
    await seedDemo(ctx.db, clock)
    iliDept = (await ctx.db.department.findUniqueOrThrow({ where: { code: 'ili' } })).id
    prefectureUserId = (await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'ili-officer' } })).id
  })

  async function countsOf() {
    return { users: await ctx.db.user.count(), log: await ctx.db.auditEntry.count(), roles: await ctx.db.roleAssignment.count() }
  }

  describe('Given the Ili prefecture administrator', () => {
    it('should create an officer with a certificate, with its role and one log entry in the same transaction', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const before = await countsOf()
      const user = await createUser(admin, { ...validOfficer, departmentId: iliDept })
      expect(user.organId).toBe(iliDept)
      const after = await countsOf()
      expect(after).toEqual({ users: before.users + 1, log: before.log + 1, roles: before.roles + 1 })
      const entry = await ctx.db.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } })
      expect(entry).toMatchObject({ action: 'user.create', targetId: user.id, actorId: admin.actor.id, clientIp: '127.0.0.1' })
    })

    it('should refuse the officer role without a certificate and save nothing', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const before = await countsOf()
      const error = await createUser(admin, { ...validOfficer, loginName: 'no-cert', certificateKind: '', certificateNo: '', certificateExpiresAt: '', departmentId: iliDept }).catch((e) => e)
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error.fieldErrors.roles[0]).toContain('须持有有效的行政执法证或执法监督证')
      expect(await countsOf()).toEqual(before)
    })

    it('should refuse overlong and malformed fields with Chinese messages and save nothing', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const before = await countsOf()
      const error = await createUser(admin, {
        ...validOfficer, loginName: '用户名 带空格', displayName: '长'.repeat(40), password: 'short', phone: '12345',
        certificateNo: 'x', certificateExpiresAt: '明天', departmentId: iliDept,
      }).catch((e) => e)
      expect(error).toBeInstanceOf(InvalidInput)
      expect(Object.keys(error.fieldErrors).sort()).toEqual(['certificateExpiresAt', 'certificateNo', 'displayName', 'loginName', 'password', 'phone'])
      expect(error.fieldErrors.displayName[0]).toBe('姓名不能超过 32 个字符')
      expect(await countsOf()).toEqual(before)
    })

    it('should refuse a duplicate login name', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const error = await createUser(admin, { ...validOfficer, departmentId: iliDept }).catch((e) => e)
      expect(error.fieldErrors?.loginName).toEqual(['该登录名已被使用'])
    })

    it('should refuse the supervisor role to a holder of an enforcement certificate', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const error = await assignRole(admin, prefectureUserId, { role: 'supervisor', departmentId: iliDept }).catch((e) => e)
      expect(error.fieldErrors?.role?.[0]).toContain('执法监督证')
    })

    it('should stop an account and end all of its sessions at once', async () => {
      const admin = await serviceContextFor(ctx.db, clock, 'ili-admin')
      const target = await ctx.db.user.findUniqueOrThrow({ where: { loginName: 'ili-officer2' } })
      await openSession(ctx.db, clock, { userId: target.id })
      await openSession(ctx.db, clock, { userId: target.id })
      expect(await ctx.db.session.count({ where: { userId: target.id } })).toBe(2)
      await stopUser(admin, target.id, '调离')
      expect(await ctx.db.session.count({ where: { userId: target.id, endedReason: null } })).toBe(0)
      expect(await ctx.db.session.count({ where: { userId: target.id, endedReason: 'stopped' } })).toBe(2)
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('stopped')
    })
  })

  describe('Given a county administrator', () => {
    it('should not see prefecture accounts in lists or counts', async () => {
      const county = await serviceContextFor(ctx.db, clock, 'yining-admin')
      const { rows, total } = await listUsers(ctx.db, county.ability, {})
      expect(rows.map((r) => r.loginName).every((n) => n.startsWith('yining-'))).toBe(true)
      expect(total).toBe(rows.length)
      expect(rows.map((r) => r.loginName)).not.toContain('ili-officer')
      const all = await listUsers(ctx.db, county.ability, { q: 'ili' })
      expect(all.total).toBe(0)
    })

    it('should be forbidden to read, change or create prefecture accounts', async () => {
      const county = await serviceContextFor(ctx.db, clock, 'yining-admin')
      const before = await countsOf()
      await expect(findVisibleUser(county, prefectureUserId)).rejects.toBeInstanceOf(Forbidden)
      await expect(stopUser(county, prefectureUserId, '越权')).rejects.toBeInstanceOf(Forbidden)
      await expect(createUser(county, { ...validOfficer, loginName: 'sneaky', departmentId: iliDept })).rejects.toBeInstanceOf(Forbidden)
      expect(await countsOf()).toEqual(before)
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: prefectureUserId } })).status).toBe('active')
    })
  })

  describe('Given an officer', () => {
    it('should not list any accounts', async () => {
      const officer = await serviceContextFor(ctx.db, clock, 'yining-officer')
      expect(officer.ability.can('read', 'User')).toBe(false)
      const { total } = await listUsers(ctx.db, officer.ability, {})
      expect(total).toBe(0)
    })
  })
})
