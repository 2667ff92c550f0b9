// Starts the production build for the browser tests on a fresh embedded
// database seeded with the demo data, with a clock the tests can move. The
// clock starts on the day of clock.json and runs from there: deadlines and
// document numbers do not depend on the real date (the working-day calendar
// covers a fixed range of years).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const dir = path.join(root, 'data', 'e2e')
fs.rmSync(dir, { recursive: true, force: true })
fs.mkdirSync(dir, { recursive: true })
const { start } = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'e2e', 'clock.json'), 'utf8'))
fs.writeFileSync(path.join(dir, 'clock'), `${start} running\n`)

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'vite:build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = spawn(process.execPath, [path.join(root, 'server', 'index.js')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: process.env.E2E_PORT ?? '3210',
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${path.join(dir, 'zhifa.db')}`,
    ZHIFA_TEST_CLOCK: path.join(dir, 'clock'),
    ZHIFA_DEMO: '1',
  },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
