// Prisma CLI configuration for the embedded SQLite database. Loaded only by
// the CLI (bin/prisma.mjs); the application builds its own client in
// prisma/client.ts.
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { withMigrationFixes } from './adapter-fixes.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const url = process.env.DATABASE_URL?.startsWith('file:')
  ? process.env.DATABASE_URL
  : `file:${path.join(root, 'data', 'zhifa.db')}`

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', 'sqlite', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'sqlite', 'migrations') },
  async adapter() {
    return withMigrationFixes(new PrismaBetterSQLite3({ url }))
  },
})
