// Prisma CLI configuration for PostgreSQL. Loaded only by the CLI
// (bin/prisma.mjs) with DATABASE_URL=postgresql://…
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { postgresMigrationAdapter } from './adapter-fixes.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/zhifa'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', 'postgres', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'postgres', 'migrations') },
  async adapter() {
    return postgresMigrationAdapter(url)
  },
})
