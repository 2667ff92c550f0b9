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

/**
 * The organ's path is a prefix of its unit's path ("/…/<organId>/<unit>/"),
 * so it needs no query.
 */
export function organPathOf(departmentPath: string, organId: string): string {
  const marker = `/${organId}/`
  const at = departmentPath.indexOf(marker)
  return at < 0 ? departmentPath : departmentPath.slice(0, at + marker.length)
}

export function toActor(account: Account, clientIp?: string | null): Actor {
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
      organPath: organPathOf(r.department.path, r.department.organId),
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
