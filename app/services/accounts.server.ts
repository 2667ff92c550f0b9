/**
 * Loading an account as an Actor, and the rule of 第六条 on who may act:
 * an active account whose certificate (when it has one) has not expired.
 */
import type { DbOrTx } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'

export const actorInclude = {
  department: { select: { id: true, name: true, path: true, organId: true } },
  roles: { include: { department: { select: { id: true, name: true, path: true, organId: true } } } },
} as const

export async function loadAccount(db: DbOrTx, userId: string) {
  return db.user.findUnique({ where: { id: userId }, include: actorInclude })
}

export type Account = NonNullable<Awaited<ReturnType<typeof loadAccount>>>

export async function organPaths(db: DbOrTx, organIds: string[]): Promise<Map<string, string>> {
  const organs = await db.department.findMany({ where: { id: { in: [...new Set(organIds)] } }, select: { id: true, path: true } })
  return new Map(organs.map((o) => [o.id, o.path]))
}

export async function toActor(db: DbOrTx, account: Account, clientIp?: string | null): Promise<Actor> {
  const paths = await organPaths(db, account.roles.map((r) => r.department.organId))
  return {
    id: account.id,
    loginName: account.loginName,
    displayName: account.displayName,
    departmentId: account.departmentId,
    departmentPath: account.departmentPath,
    organId: account.organId,
    clientIp: clientIp ?? null,
    roles: account.roles.map((r) => ({
      role: r.role,
      departmentId: r.departmentId,
      departmentPath: r.department.path,
      organId: r.department.organId,
      organPath: paths.get(r.department.organId) ?? r.department.path,
    })),
  }
}

export type StandingProblem = 'stopped' | 'certificate-expired'

/** Why this account may not act now, or null when it may. */
export function standingProblem(account: { status: string; certificateKind: string | null; certificateExpiresAt: Date | null }, now: Date): StandingProblem | null {
  if (account.status !== 'active') return 'stopped'
  if (account.certificateKind && account.certificateExpiresAt && account.certificateExpiresAt <= now) return 'certificate-expired'
  return null
}

export const standingMessages: Record<StandingProblem, string> = {
  stopped: '该账号已停用，请联系本部门执法系统管理员。',
  'certificate-expired': '执法证件已过期，账号暂停使用，请联系本部门执法系统管理员。',
}
