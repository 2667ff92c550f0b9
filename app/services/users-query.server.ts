/**
 * Reading accounts for lists: every query is filtered by the actor's
 * abilities (@casl/prisma), so lists and counts never include accounts the
 * actor may not read.
 */
import { subject } from '@casl/ability'
import type { Prisma, User } from '@zhifa/prisma-sqlite'
import type { Db } from '../../prisma/client.ts'
import { accessibleWhere, type AppAbility } from './permissions.server.ts'
import { containsText } from '../utils/search.server.ts'

export interface UserListFilter {
  q?: string
  status?: string
  departmentId?: string
  page?: number
}

export const PAGE_SIZE = 20

export async function listUsers(db: Db, ability: AppAbility, filter: UserListFilter) {
  const conditions: Prisma.UserWhereInput[] = [accessibleWhere(ability, 'read', 'User')]
  if (filter.q) {
    const text = containsText(filter.q)
    conditions.push({ OR: [{ loginName: text }, { displayName: text }, { certificateNo: text }] })
  }
  if (filter.status === 'active' || filter.status === 'stopped') conditions.push({ status: filter.status })
  if (filter.departmentId) conditions.push({ departmentId: filter.departmentId })
  const where = { AND: conditions }
  const page = Math.max(1, filter.page ?? 1)
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ status: 'asc' }, { loginName: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true, loginName: true, displayName: true, status: true, certificateKind: true, certificateNo: true, certificateExpiresAt: true,
        department: { select: { name: true } },
        roles: { select: { role: true, department: { select: { name: true } } } },
      },
    }),
  ])
  return { total, page, rows }
}

/** Departments where the actor may create or manage accounts: its organs and their units. */
export async function manageableDepartments(db: Db, ability: AppAbility) {
  const all = await db.department.findMany({ orderBy: [{ path: 'asc' }], select: { id: true, name: true, organId: true, path: true, kind: true } })
  return all.filter((d) => ability.can('create', subject('User', { organId: d.organId } as User)))
}
