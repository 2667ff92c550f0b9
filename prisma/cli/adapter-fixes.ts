/**
 * Driver-adapter wrappers for the Prisma 6.19.3 CLI running on the WASM
 * schema engine (`engine: 'js'`). This path is early access and has four
 * bugs that stop `migrate dev` / `migrate diff` / `migrate deploy` here
 * (measured, see shared/notes/environment.md and docs/decisions/002):
 *
 *  (a) The shadow-database replay sends a whole multi-statement
 *      migration.sql as one prepared statement ("more than one statement",
 *      P3006). We retry such a call through the adapter's `executeScript`.
 *  (b) SQLite `migrate reset` only deletes rows, so re-applying migrations
 *      fails with "table already exists". We turn that reset into dropping
 *      every table.
 *  (c) adapter-pg cannot decode the catalog types `name` (oid 19) and
 *      `"char"` (oid 18) that the schema engine's introspection returns
 *      (prisma/prisma#27403). We report them as `text` (oid 25).
 *  (d) adapter-pg drops the shadow database before closing its pool, and a
 *      `{ connectionString }` config silently points the "shadow" pool at the
 *      main database. We build both connections from URL parts and close the
 *      shadow pool before dropping its database.
 *
 * Only the CLI configs in this folder load this file; the application uses
 * the plain adapters (prisma/client.ts).
 */
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils'

const MULTI_STATEMENT_ERRORS = [
  /more than one statement/i, // SQLite (better-sqlite3)
  /cannot insert multiple commands into a prepared statement/i, // PostgreSQL
]

function isMultiStatementError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error)
  return MULTI_STATEMENT_ERRORS.some((pattern) => pattern.test(text))
}

/** Bug (b): the JS schema engine resets SQLite with `DELETE FROM` per table. */
const SQLITE_RESET_DELETE = /^\s*DELETE FROM\s+"?([A-Za-z0-9_]+)"?\s*;?\s*$/i

/** Wraps one connection so that bugs (a) and (b) are handled. */
function fixAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const retryAsScript = async <T>(query: SqlQuery, run: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      if (query.args.length === 0 && isMultiStatementError(error)) {
        await adapter.executeScript(query.sql)
        return empty
      }
      throw error
    }
  }
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'executeRaw') {
        return (query: SqlQuery) => {
          const reset = target.provider === 'sqlite' ? SQLITE_RESET_DELETE.exec(query.sql) : null
          if (reset && query.args.length === 0) {
            return target.executeScript(`PRAGMA foreign_keys=OFF; DROP TABLE IF EXISTS "${reset[1]}"; PRAGMA foreign_keys=ON;`).then(() => 0)
          }
          return retryAsScript(query, () => target.executeRaw(query), 0)
        }
      }
      if (property === 'queryRaw') {
        return (query: SqlQuery) =>
          retryAsScript(query, () => target.queryRaw(query), { columnTypes: [], columnNames: [], rows: [] })
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Wraps a factory so every connection it opens gets `fixAdapter`. */
export function withMigrationFixes(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => fixAdapter(await factory.connect()),
    connectToShadowDb: async () => fixAdapter(await factory.connectToShadowDb()),
  }
}

const CATALOG_TEXT_OIDS = new Set([18, 19])
const TEXT_OID = 25

type FieldList = Array<{ dataTypeID: number }>
type QueryResultLike = { fields?: FieldList } | Array<{ fields?: FieldList }>

function retypeCatalogFields(result: QueryResultLike): QueryResultLike {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of part?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID
    }
  }
  return result
}

/** Bug (c): every client of the pool reports `name` and `"char"` as text. */
function poolWithCatalogTypesAsText(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config)
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1]
      if (typeof last === 'function') {
        args[args.length - 1] = (error: unknown, result: QueryResultLike) =>
          (last as (e: unknown, r: unknown) => void)(error, result && retypeCatalogFields(result))
        return query(...args)
      }
      const returned = query(...args)
      return returned instanceof Promise ? returned.then(retypeCatalogFields) : returned
    }
  })
  return pool
}

/** Bug (d): explicit connection parts, never a connectionString. */
function poolConfigFromUrl(url: string, database?: string): pg.PoolConfig {
  const parsed = new URL(url)
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    max: 4,
  }
}

/** The PostgreSQL migration adapter with bugs (a), (c) and (d) handled. */
export function postgresMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const connectTo = async (database?: string): Promise<SqlDriverAdapter> => {
    const pool = poolWithCatalogTypesAsText(poolConfigFromUrl(url, database))
    return new PrismaPg(pool, { disposeExternalPool: true }).connect()
  }
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => fixAdapter(await connectTo()),
    connectToShadowDb: async () => {
      const main = await connectTo()
      const shadowName = `zhifa_shadow_${crypto.randomUUID().replaceAll('-', '')}`
      await main.executeScript(`CREATE DATABASE "${shadowName}"`)
      const shadow = await connectTo(shadowName)
      const dispose = async () => {
        await shadow.dispose() // close the pool first, or DROP DATABASE fails
        await main.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`)
        await main.dispose()
      }
      return fixAdapter(new Proxy(shadow, {
        get(target, property, receiver) {
          if (property === 'dispose') return dispose
          const value = Reflect.get(target, property, receiver)
          return typeof value === 'function' ? value.bind(target) : value
        },
      }))
    },
  }
}
