import type { Db } from '../../prisma/client.ts'
import { GENESIS_HASH, hashEntry } from '../../app/services/audit.server.ts'

/** Re-hashes every entry from `fromSeq` on with plain SM3 and moves the head: what someone with database access but without the key can do. */
export async function recomputeAsAttacker(db: Db, fromSeq: number, options: { dropKeyIds?: boolean } = {}) {
  const rows = await db.auditEntry.findMany({ orderBy: { seq: 'asc' } })
  let prev = fromSeq === 1 ? GENESIS_HASH : rows[fromSeq - 2]!.hash
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    const hash = hashEntry({ ...row, prevHash: prev })
    await db.auditEntry.update({ where: { seq: row.seq }, data: { prevHash: prev, hash, ...(options.dropKeyIds ? { keyId: null } : {}) } })
    prev = hash
  }
  await db.auditHead.update({ where: { id: 1 }, data: { lastHash: prev } })
}

