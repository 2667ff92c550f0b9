/**
 * The catalog's version counter (CatalogCounter, one row): every activation
 * bumps it in its own transaction, and every server process compares it with
 * the value its cache was loaded at, so a change made by another process on
 * the same database is seen within one check interval, without a restart.
 * Plain SQL: the read runs on the hot path about once a second.
 */
import type { DbOrTx, Tx } from '../../../prisma/client.ts'

export async function readCounter(db: DbOrTx): Promise<number> {
  const rows = await db.$queryRaw<Array<{ value: number | bigint }>>`SELECT "value" FROM "CatalogCounter" WHERE "id" = 1`
  return Number(rows[0]?.value ?? 0)
}

/** Adds one inside the caller's transaction (which also takes the row's lock); returns the new value. */
export async function bumpCounter(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ value: number | bigint }>>`
    INSERT INTO "CatalogCounter" ("id", "value") VALUES (1, 1)
    ON CONFLICT ("id") DO UPDATE SET "value" = "CatalogCounter"."value" + 1
    RETURNING "value"`
  return Number(row?.value ?? 0)
}
