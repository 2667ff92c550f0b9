/**
 * The per-request lookup of a session and its account, in two plain SQL
 * statements instead of four Prisma ones: every signed-in request runs it,
 * and a Prisma statement costs several times a raw one here (ADR 007).
 * The result has exactly the shape of `loadAccount` (accounts.server.ts),
 * which tests compare it with.
 */
import type { DbOrTx } from '../../prisma/client.ts'
import type { Account } from './accounts.server.ts'

interface SessionAccountRow {
  s_id: string; s_userId: string; s_csrfToken: string; s_createdAt: unknown; s_lastSeenAt: unknown; s_expiresAt: unknown
  s_userAgent: string | null; s_clientIp: string | null; s_endedReason: string | null
  id: string; loginName: string; displayName: string; passwordHash: string; status: string; departmentId: string
  departmentPath: string; organId: string; certificateKind: string | null; certificateNo: string | null
  certificateExpiresAt: unknown; phone: string | null; stoppedAt: unknown; createdAt: unknown; updatedAt: unknown
  d_name: string; d_path: string; d_organId: string
}

interface RoleRow {
  id: string; userId: string; role: string; departmentId: string; createdAt: unknown
  d_name: string; d_path: string; d_organId: string
}

/** Raw DateTime values arrive as Date (PostgreSQL) or ISO text (SQLite). */
function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value))
}

function optionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value)
}

export interface SessionWithAccount {
  session: { id: string; userId: string; csrfToken: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; userAgent: string | null; clientIp: string | null; endedReason: string | null }
  account: Account
}

export async function findSessionWithAccount(db: DbOrTx, sessionId: string): Promise<SessionWithAccount | null> {
  const [row] = await db.$queryRaw<SessionAccountRow[]>`
    SELECT s."id" AS "s_id", s."userId" AS "s_userId", s."csrfToken" AS "s_csrfToken", s."createdAt" AS "s_createdAt",
           s."lastSeenAt" AS "s_lastSeenAt", s."expiresAt" AS "s_expiresAt", s."userAgent" AS "s_userAgent",
           s."clientIp" AS "s_clientIp", s."endedReason" AS "s_endedReason",
           u."id", u."loginName", u."displayName", u."passwordHash", u."status", u."departmentId", u."departmentPath",
           u."organId", u."certificateKind", u."certificateNo", u."certificateExpiresAt", u."phone", u."stoppedAt",
           u."createdAt", u."updatedAt", d."name" AS "d_name", d."path" AS "d_path", d."organId" AS "d_organId"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" JOIN "Department" d ON d."id" = u."departmentId"
    WHERE s."id" = ${sessionId}`
  if (!row) return null
  const roles = await db.$queryRaw<RoleRow[]>`
    SELECT r."id", r."userId", r."role", r."departmentId", r."createdAt",
           d."name" AS "d_name", d."path" AS "d_path", d."organId" AS "d_organId"
    FROM "RoleAssignment" r JOIN "Department" d ON d."id" = r."departmentId"
    WHERE r."userId" = ${row.id}
    ORDER BY r."id"`
  return {
    session: {
      id: row.s_id, userId: row.s_userId, csrfToken: row.s_csrfToken, createdAt: date(row.s_createdAt), lastSeenAt: date(row.s_lastSeenAt),
      expiresAt: date(row.s_expiresAt), userAgent: row.s_userAgent, clientIp: row.s_clientIp, endedReason: row.s_endedReason,
    },
    account: {
      id: row.id, loginName: row.loginName, displayName: row.displayName, passwordHash: row.passwordHash, status: row.status,
      departmentId: row.departmentId, departmentPath: row.departmentPath, organId: row.organId,
      certificateKind: row.certificateKind, certificateNo: row.certificateNo, certificateExpiresAt: optionalDate(row.certificateExpiresAt),
      phone: row.phone, stoppedAt: optionalDate(row.stoppedAt), createdAt: date(row.createdAt), updatedAt: date(row.updatedAt),
      department: { id: row.departmentId, name: row.d_name, path: row.d_path, organId: row.d_organId },
      roles: roles.map((r) => ({
        id: r.id, userId: r.userId, role: r.role, departmentId: r.departmentId, createdAt: date(r.createdAt),
        department: { id: r.departmentId, name: r.d_name, path: r.d_path, organId: r.d_organId },
      })),
    },
  }
}
