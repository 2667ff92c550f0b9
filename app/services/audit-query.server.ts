/** Reading the operation log, filtered by the actor's abilities. */
import type { Prisma } from '@zhifa/prisma-sqlite'
import type { Db } from '../../prisma/client.ts'
import { accessibleWhere, type AppAbility } from './permissions.server.ts'
import { containsText } from '../utils/search.server.ts'

export interface AuditFilter {
  q?: string
  action?: string
  outcome?: string
  from?: string
  to?: string
  page?: number
}

export const AUDIT_PAGE_SIZE = 50

function shanghaiDayStart(date: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00+08:00`) : null
}

export async function listAuditEntries(db: Db, ability: AppAbility, filter: AuditFilter) {
  const conditions: Prisma.AuditEntryWhereInput[] = [accessibleWhere(ability, 'read', 'AuditEntry')]
  if (filter.q) {
    const text = containsText(filter.q)
    conditions.push({ OR: [{ actorName: text }, { targetId: text }, { detail: text }] })
  }
  if (filter.action) conditions.push({ action: { startsWith: filter.action } })
  if (filter.outcome) conditions.push({ outcome: filter.outcome })
  const from = filter.from ? shanghaiDayStart(filter.from) : null
  const to = filter.to ? shanghaiDayStart(filter.to) : null
  if (from) conditions.push({ at: { gte: from } })
  if (to) conditions.push({ at: { lt: new Date(to.getTime() + 24 * 3600_000) } })
  const where = { AND: conditions }
  const page = Math.max(1, filter.page ?? 1)
  const [total, rows] = await Promise.all([
    db.auditEntry.count({ where }),
    db.auditEntry.findMany({ where, orderBy: { seq: 'desc' }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
  ])
  return { total, page, rows }
}
