/**
 * Accounts (第六条): an organ's system administrator creates accounts,
 * assigns roles within the organ and stops accounts of staff who left.
 * Every change is written with its operation-log entry in one transaction.
 */
import { subject } from '@casl/ability'
import type { User } from '@zhifa/prisma-sqlite'
import type { Db, Tx } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import type { Actor } from '../../engine/actor.ts'
import { appendAudit, type AuditRecord } from './audit.server.ts'
import { closeAllSessions } from './session.server.ts'
import { Forbidden, InvalidInput, NotFound } from './errors.ts'
import type { AppAbility } from './permissions.server.ts'
import { assignRoleSchema, certificateSchema, createUserSchema, fieldErrorsOf } from './users.schema.ts'
import { roleInfo } from '../reference/roles.ts'
import { needsSecondAdministrator, refuseSelfGrant, requestRoleGrant } from './role-grants.server.ts'
import { hashPassword } from '../utils/password.server.ts'

/** A review group's members are set on its own page, by who manages the group (docs/decisions/042). */
const GROUP_ROLE = '审核小组的成员请在「审核小组」页面设置'

export interface ServiceContext {
  db: Db
  clock: Clock
  actor: Actor
  ability: AppAbility
}

function auditBase(actor: Actor): Omit<AuditRecord, 'action'> {
  return { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
}

function asUser(fields: Partial<User>) {
  return subject('User', fields as User)
}

/** A user the actor may see; NotFound when there is none, Forbidden when it is outside the actor's scope. */
export async function findVisibleUser(ctx: ServiceContext, userId: string) {
  const user = await ctx.db.user.findUnique({ where: { id: userId } })
  if (!user) throw new NotFound('未找到该账号。')
  if (!ctx.ability.can('read', asUser(user))) throw new Forbidden('该账号不属于您管理的部门，无权查看或修改（第六条）。')
  return user
}

export async function createUser(ctx: ServiceContext, raw: Record<string, unknown>) {
  const parsed = createUserSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidInput(fieldErrorsOf(parsed.error))
  const input = parsed.data
  const department = await ctx.db.department.findUnique({ where: { id: input.departmentId } })
  if (!department) throw new InvalidInput({ departmentId: ['所选部门不存在'] })
  if (!ctx.ability.can('create', asUser({ organId: department.organId }))) {
    throw new Forbidden('只能为本部门人员开设账号（第六条）。')
  }
  if (input.certificateKind && new Date(input.certificateExpiresAt) <= ctx.clock.now()) {
    throw new InvalidInput({ certificateExpiresAt: ['证件已过期，不能据此开设账号'] })
  }
  if (await ctx.db.user.findUnique({ where: { loginName: input.loginName } })) {
    throw new InvalidInput({ loginName: ['该登录名已被使用'] })
  }
  const candidate = {
    certificateKind: input.certificateKind || null,
    certificateExpiresAt: input.certificateKind ? new Date(`${input.certificateExpiresAt}T23:59:59+08:00`) : null,
  }
  const roleErrors = [...new Set(input.roles)].map((key) => {
    const info = roleInfo(key)
    if (!info) return '未知角色'
    if (info.group) return GROUP_ROLE
    if (info.regionOnly && department.path.split('/').filter(Boolean).length > 2) return `${info.title}只在自治区应急管理厅设置`
    return roleRequirementProblem(candidate, key, ctx.clock.now())
  }).filter((e): e is string => !!e)
  if (roleErrors.length > 0) throw new InvalidInput({ roles: roleErrors })
  const passwordHash = await hashPassword(input.password)
  const wanted = [...new Set(input.roles)]
  const direct = wanted.filter((r) => !needsSecondAdministrator(r))
  const confirmed = wanted.filter((r) => needsSecondAdministrator(r))
  const created = await ctx.db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        loginName: input.loginName,
        displayName: input.displayName,
        passwordHash,
        departmentId: department.id,
        departmentPath: department.path,
        organId: department.organId,
        phone: input.phone || null,
        certificateKind: candidate.certificateKind,
        certificateNo: input.certificateNo || null,
        certificateExpiresAt: candidate.certificateExpiresAt,
        roles: { create: direct.map((role) => ({ role, departmentId: department.id })) },
      },
    })
    await appendAudit(tx, {
      ...auditBase(ctx.actor), action: 'user.create', targetType: 'User', targetId: user.id,
      detail: { loginName: user.loginName, displayName: user.displayName, departmentId: department.id, certificateKind: user.certificateKind, roles: direct, awaitingConfirmation: confirmed },
    }, ctx.clock)
    return user
  })
  for (const role of confirmed) await requestRoleGrant(ctx, { userId: created.id, role, departmentId: department.id, organId: department.organId })
  return created
}

/** Why `user` may not hold `roleKey` now, or null when it may. */
export function roleRequirementProblem(user: Pick<User, 'certificateKind' | 'certificateExpiresAt'>, roleKey: string, now: Date): string | null {
  const info = roleInfo(roleKey)
  if (!info) return '未知角色'
  const valid = !!user.certificateKind && !!user.certificateExpiresAt && user.certificateExpiresAt > now
  if (info.certificate === 'any' && !valid) return `${info.title}须持有有效的行政执法证或执法监督证（第六条）`
  if (info.certificate === 'supervision' && !(valid && user.certificateKind === 'supervision')) return `${info.title}须持有有效的执法监督证（第六条）`
  if (info.certificate === 'enforcement' && !(valid && user.certificateKind === 'enforcement')) return `${info.title}须持有有效的行政执法证（第六条）`
  return null
}

export async function assignRole(ctx: ServiceContext, userId: string, raw: Record<string, unknown>) {
  const parsed = assignRoleSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidInput(fieldErrorsOf(parsed.error))
  refuseSelfGrant(ctx.actor, userId)
  const user = await findVisibleUser(ctx, userId)
  if (!ctx.ability.can('update', asUser(user))) throw new Forbidden('只能管理本部门人员的权限（第六条）。')
  const info = roleInfo(parsed.data.role)
  if (!info) throw new InvalidInput({ role: ['未知角色'] })
  if (info.group) throw new InvalidInput({ role: [GROUP_ROLE] })
  const department = await ctx.db.department.findUnique({ where: { id: parsed.data.departmentId } })
  if (!department || department.organId !== user.organId) {
    throw new InvalidInput({ departmentId: ['角色只能分配在该人员所在机关及其内设机构'] })
  }
  if (info.regionOnly && department.path.split('/').filter(Boolean).length > 2) {
    throw new InvalidInput({ role: [`${info.title}只在自治区应急管理厅设置`] })
  }
  const problem = roleRequirementProblem(user, info.key, ctx.clock.now())
  if (problem) throw new InvalidInput({ role: [problem] })
  const held = await ctx.db.roleAssignment.findUnique({ where: { userId_role_departmentId: { userId, role: info.key, departmentId: department.id } } })
  if (held) throw new InvalidInput({ role: ['该人员在此部门已有这个角色'] })
  // Approving and deciding roles wait for a second administrator (role-grants.server.ts).
  if (needsSecondAdministrator(info.key)) {
    await requestRoleGrant(ctx, { userId, role: info.key, departmentId: department.id, organId: department.organId })
    return { pending: true as const }
  }
  return ctx.db.$transaction(async (tx) => ({ pending: false as const, assignment: await grantRoleIn(tx, ctx, { userId, role: info.key, departmentId: department.id }) }))
}

/**
 * Writes one role grant with its log entry inside the caller's transaction,
 * after the caller's checks (assignRole; a review group's members,
 * docs/decisions/042). Nobody grants themselves; a grant held already is refused.
 */
export async function grantRoleIn(tx: Tx, ctx: Pick<ServiceContext, 'actor' | 'clock'>, grant: { userId: string; role: string; departmentId: string }) {
  refuseSelfGrant(ctx.actor, grant.userId)
  const existing = await tx.roleAssignment.findUnique({ where: { userId_role_departmentId: grant } })
  if (existing) throw new InvalidInput({ role: ['该人员在此部门已有这个角色'] })
  const assignment = await tx.roleAssignment.create({ data: grant })
  await appendAudit(tx, {
    ...auditBase(ctx.actor), action: 'user.assign-role', targetType: 'User', targetId: grant.userId,
    detail: { role: grant.role, departmentId: grant.departmentId },
  }, ctx.clock)
  return assignment
}

/** Removes one role grant with its log entry inside the caller's transaction (removeRole; a review group's members). */
export async function revokeRoleIn(tx: Tx, ctx: Pick<ServiceContext, 'actor' | 'clock'>, assignment: { id: string; userId: string; role: string; departmentId: string }) {
  await tx.roleAssignment.delete({ where: { id: assignment.id } })
  await appendAudit(tx, {
    ...auditBase(ctx.actor), action: 'user.remove-role', targetType: 'User', targetId: assignment.userId,
    detail: { role: assignment.role, departmentId: assignment.departmentId },
  }, ctx.clock)
}

export async function removeRole(ctx: ServiceContext, userId: string, assignmentId: string) {
  const user = await findVisibleUser(ctx, userId)
  if (!ctx.ability.can('update', asUser(user))) throw new Forbidden('只能管理本部门人员的权限（第六条）。')
  return ctx.db.$transaction(async (tx) => {
    const assignment = await tx.roleAssignment.findFirst({ where: { id: assignmentId, userId } })
    if (!assignment) throw new NotFound('未找到该角色分配。')
    await revokeRoleIn(tx, ctx, assignment)
  })
}

export async function updateCertificate(ctx: ServiceContext, userId: string, raw: Record<string, unknown>) {
  const parsed = certificateSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidInput(fieldErrorsOf(parsed.error))
  const user = await findVisibleUser(ctx, userId)
  if (!ctx.ability.can('update', asUser(user))) throw new Forbidden('只能管理本部门人员的账号（第六条）。')
  const input = parsed.data
  const expiresAt = input.certificateKind ? new Date(`${input.certificateExpiresAt}T23:59:59+08:00`) : null
  // Dropping or narrowing a certificate must not leave roles it was required for.
  const roles = await ctx.db.roleAssignment.findMany({ where: { userId } })
  const candidate = { certificateKind: input.certificateKind || null, certificateExpiresAt: expiresAt }
  for (const r of roles) {
    const problem = roleRequirementProblem(candidate, r.role, ctx.clock.now())
    if (problem) throw new InvalidInput({ certificateKind: [`${problem}；请先移除该角色`] })
  }
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { certificateKind: candidate.certificateKind, certificateNo: input.certificateNo || null, certificateExpiresAt: expiresAt },
    })
    await appendAudit(tx, {
      ...auditBase(ctx.actor), action: 'user.update-certificate', targetType: 'User', targetId: userId,
      detail: { before: { kind: user.certificateKind, no: user.certificateNo, expiresAt: user.certificateExpiresAt }, after: { kind: updated.certificateKind, no: updated.certificateNo, expiresAt: updated.certificateExpiresAt } },
    }, ctx.clock)
    return updated
  })
}

/** Stops an account (调离、退休): it can do nothing more, and its sessions end now. */
export async function stopUser(ctx: ServiceContext, userId: string, reason: string) {
  const user = await findVisibleUser(ctx, userId)
  if (!ctx.ability.can('stop', asUser(user))) throw new Forbidden('只能停用本部门人员的账号（第六条）。')
  if (user.id === ctx.actor.id) throw new InvalidInput({ _form: ['不能停用自己的账号'] })
  const why = reason.trim()
  if (!why) throw new InvalidInput({ reason: ['请填写停用原因（如调离、退休）'] })
  if (why.length > 200) throw new InvalidInput({ reason: ['停用原因不能超过 200 个字符'] })
  if (user.status === 'stopped') return user
  return ctx.db.$transaction(async (tx: Tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { status: 'stopped', stoppedAt: ctx.clock.now() } })
    const closed = await closeAllSessions(tx, userId, 'stopped')
    await appendAudit(tx, {
      ...auditBase(ctx.actor), action: 'user.stop', targetType: 'User', targetId: userId,
      detail: { reason: why, sessionsClosed: closed.count },
    }, ctx.clock)
    return updated
  })
}

export async function reactivateUser(ctx: ServiceContext, userId: string) {
  const user = await findVisibleUser(ctx, userId)
  if (!ctx.ability.can('stop', asUser(user))) throw new Forbidden('只能管理本部门人员的账号（第六条）。')
  if (user.status === 'active') return user
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { status: 'active', stoppedAt: null } })
    await appendAudit(tx, { ...auditBase(ctx.actor), action: 'user.reactivate', targetType: 'User', targetId: userId }, ctx.clock)
    return updated
  })
}
