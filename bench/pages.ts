/**
 * npm run bench:pages — page speed against the production build.
 *
 * Starts the built server on a fresh embedded database with the demo data,
 * signs in as the Ili prefecture administrator, and measures with one
 * connection and then 20: the sign-in page, that user's home page, and
 * /health, a bare Remix route with no session, database or UI library (the
 * floor of this stack on this machine). Last line:
 *   page-ratio: X   (home page req/s ÷ bare route req/s, 20 connections)
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { load, type LoadResult } from './load.ts'

const root = path.resolve(import.meta.dirname, '..')
const port = Number(process.env.BENCH_PORT ?? 3299)
const base = `http://127.0.0.1:${port}`
const seconds = Number(process.env.BENCH_SECONDS ?? 8)

async function waitFor(url: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server did not start: ${url}`)
}

function cookieHeader(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
}

async function signInCookie(): Promise<string> {
  const page = await fetch(`${base}/login`)
  const csrfCookie = cookieHeader(page)
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const response = await fetch(`${base}/login?index`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, loginName: 'ili-admin', password: 'zhifa2026demo' }),
  })
  if (response.status !== 302 && response.status !== 204) throw new Error(`sign-in failed: ${response.status}`)
  return `${csrfCookie}; ${cookieHeader(response)}`
}

function line(name: string, connections: number, r: LoadResult) {
  console.log(`${name.padEnd(12)} c=${String(connections).padStart(2)}  ${r.rps.toFixed(1).padStart(7)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  (${r.requests} requests${r.errors ? `, ${r.errors} errors` : ''})`)
}

async function main() {
  if (!fs.existsSync(path.join(root, 'build', 'server', 'index.js')) || process.env.BENCH_BUILD === '1') {
    const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
    if (built.status !== 0) process.exit(1)
  }
  const dir = path.join(root, 'data', 'bench')
  fs.rmSync(dir, { recursive: true, force: true })
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the server (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : []
  const server = spawn(process.execPath, [...profile, path.join(root, 'server', 'index.js')], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: `file:${path.join(dir, 'zhifa.db')}` },
  })
  try {
    await waitFor(`${base}/health`)
    const cookie = await signInCookie()
    const home = await fetch(`${base}/`, { headers: { cookie } })
    if (!(await home.text()).includes('role-panel-system-admin')) throw new Error('home page did not render for the signed-in user')
    const targets: Array<{ name: string; url: string; headers: Record<string, string> }> = [
      { name: 'sign-in', url: `${base}/login`, headers: {} },
      { name: 'home', url: `${base}/`, headers: { cookie } },
      { name: 'bare-route', url: `${base}/health`, headers: {} },
    ]
    console.log(`bench:pages — production build, embedded SQLite, ${seconds} s per figure`)
    const results = new Map<string, LoadResult>()
    for (const connections of [1, 20]) {
      for (const t of targets) {
        await load(t.url, { connections, seconds: 1, headers: t.headers }) // warm-up
        const r = await load(t.url, { connections, seconds, headers: t.headers })
        results.set(`${t.name}@${connections}`, r)
        line(t.name, connections, r)
      }
    }
    const ratio1 = results.get('home@1')!.rps / results.get('bare-route@1')!.rps
    const ratio20 = results.get('home@20')!.rps / results.get('bare-route@20')!.rps
    console.log(`page-ratio (1 connection): ${ratio1.toFixed(2)}`)
    console.log(`page-ratio: ${ratio20.toFixed(2)}`)
  } finally {
    server.kill('SIGTERM')
  }
}

await main()
