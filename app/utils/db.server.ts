import { createDb, type Db } from '../../prisma/client.ts'

// One client per process; kept on globalThis so the dev server's module
// reloads do not open a new connection pool each time.
const globalForDb = globalThis as unknown as { __zhifaDb?: Db }

export const db: Db = (globalForDb.__zhifaDb ??= createDb())
