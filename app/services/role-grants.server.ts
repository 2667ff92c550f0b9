/**
 * Separation of duties in granting roles (issue 9). The one place that says
 * which administrator may grant what:
 *
 *  | role asked for                                   | who asks              | who confirms                                   |
 *  |--------------------------------------------------|-----------------------|------------------------------------------------|
 *  | officer                                          | the organ's admin     | nobody: granted at once                        |
 *  | supervisor, deputy-head, principal-head,         | the organ's admin     | another admin of that organ, or the region's   |
 *  | legal-reviewer, committee-member, policy-reviewer,|                      | (never the one who asked, never the grantee)   |
 *  | process-admin, system-admin                      |                       |                                                |
 *
 * Nobody grants a role to themselves, asks or confirms. Every step is logged.
 */
import type { Actor } from '../../engine/actor.ts'
import { appendAudit } from './audit.server.ts'
import { Conflict, Forbidden, NotFound } from './errors.ts'
import { isRegionGrant } from './permissions.server.ts'
import type { ServiceContext } from './users.server.ts'
import { roleTitle } from '../reference/roles.ts'

/** Roles that approve, decide or hand out power: a second administrator confirms them. */
export const CONFIRMED_ROLES: ReadonlySet<string> = new Set([
  'supervisor', 'deputy-head', 'principal-head', 'legal-reviewer', 'committee-member', 'policy-reviewer', 'process-admin', 'system-admin',
])

export function needsSecondAdministrator(role: string): boolean {
  return CONFIRMED_ROLES.has(role)
}

export function refuseSelfGrant(actor: Actor, userId: string) {
  if (actor.id === userId) throw new Forbidden('不能为自己分配角色：角色须由另一名管理员分配（职责分离）。')
}

/** May this actor confirm a grant asked for in this organ? Another admin of the organ, or a region admin. */
export function mayConfirm(actor: Actor, request: { organId: string; requestedById: string; userId: string }): boolean {
  if (actor.id === request.requestedById || actor.id === request.userId) return false
  return actor.roles.some((g) => g.role === 'system-admin' && (g.organId === request.organId || isRegionGrant(g)))
}

function auditBase(actor: Actor) {
  return { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
}

/** Records a request for a confirmed role (called by assignRole and createUser after their checks). */
export async function requestRoleGrant(ctx: ServiceContext, input: { userId: string; role: string; departmentId: string; organId: string }) {
  return ctx.db.$transaction(async (tx) => {
    const pending = await tx.roleGrantRequest.findFirst({ where: { userId: input.userId, role: input.role, departmentId: input.departmentId, status: 'pending' } })
    if (pending) throw new Conflict('该角色已提交，正等待另一名管理员确认。')
    const request = await tx.roleGrantRequest.create({
      data: { ...input, requestedById: ctx.actor.id, requestedByName: ctx.actor.displayName, requestedAt: ctx.clock.now() },
    })
    await appendAudit(tx, {
      ...auditBase(ctx.actor), action: 'role-grant.request', targetType: 'User', targetId: input.userId,
      detail: { requestId: request.id, role: input.role, departmentId: input.departmentId },
    }, ctx.clock)
    return request
  })
}

/** Pending grants of a user's organ that this actor sees, with whether they may confirm each. */
export async function pendingGrantsFor(ctx: ServiceContext, userId: string) {
  const rows = await ctx.db.roleGrantRequest.findMany({ where: { userId, status: 'pending' }, orderBy: { requestedAt: 'asc' } })
  const names = new Map((await ctx.db.department.findMany({ where: { id: { in: rows.map((r) => r.departmentId) } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]))
  return rows.map((r) => ({
    id: r.id, role: r.role, roleTitle: roleTitle(r.role), departmentName: names.get(r.departmentId) ?? '',
    requestedByName: r.requestedByName, requestedAt: r.requestedAt.toISOString(), mayConfirm: mayConfirm(ctx.actor, r),
  }))
}

/** A second administrator confirms (the role is assigned) or refuses a pending grant. */
export async function decideRoleGrant(ctx: ServiceContext, requestId: string, approve: boolean) {
  const request = await ctx.db.roleGrantRequest.findUnique({ where: { id: requestId } })
  if (!request) throw new NotFound('未找到该角色分配申请。')
  if (!mayConfirm(ctx.actor, request)) {
    // The refusal is logged on its own: the attempt is a fact whatever happens next.
    await appendAudit(ctx.db, {
      ...auditBase(ctx.actor), action: approve ? 'role-grant.approve' : 'role-grant.refuse', outcome: 'denied', targetType: 'User', targetId: request.userId,
      detail: { requestId },
    }, ctx.clock)
    throw new Forbidden('须由提出分配以外的另一名本机关管理员（或自治区管理员）确认，本人不能确认。')
  }
  return ctx.db.$transaction(async (tx) => {
    const decided = await tx.roleGrantRequest.updateMany({
      where: { id: requestId, status: 'pending' },
      data: { status: approve ? 'approved' : 'refused', decidedById: ctx.actor.id, decidedByName: ctx.actor.displayName, decidedAt: ctx.clock.now() },
    })
    if (decided.count !== 1) throw new Conflict('该申请已由其他管理员处理。')
    if (approve) {
      await tx.roleAssignment.upsert({
        where: { userId_role_departmentId: { userId: request.userId, role: request.role, departmentId: request.departmentId } },
        create: { userId: request.userId, role: request.role, departmentId: request.departmentId }, update: {},
      })
    }
    await appendAudit(tx, {
      ...auditBase(ctx.actor), action: approve ? 'role-grant.approve' : 'role-grant.refuse', targetType: 'User', targetId: request.userId,
      detail: { requestId, role: request.role, departmentId: request.departmentId, requestedById: request.requestedById },
    }, ctx.clock)
    return { approved: approve, role: request.role }
  })
}
