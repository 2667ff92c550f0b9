// The generated Prisma clients live in node_modules/@zhifa/ (ADR 002), and
// `npm install <package>` prunes them without running postinstall. Entry
// points import this first, so a missing client is regenerated, not a crash.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const missing = ['sqlite', 'postgres'].some((p) => !fs.existsSync(path.join(root, 'node_modules', '@zhifa', `prisma-${p}`, 'index.js')))
if (missing) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'generate'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
