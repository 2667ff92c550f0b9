import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { detectLibreOffice } from '../../app/services/documents/converter.server.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-shutdown-'))

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Every process below `pid`, read from /proc (ppid links). */
function descendants(pid: number): Array<{ pid: number; name: string }> {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      return [{ pid: Number(d), ppid, name }]
    } catch {
      return []
    }
  })
  const out: Array<{ pid: number; name: string }> = []
  const walk = (parent: number) => {
    for (const p of all.filter((x) => x.ppid === parent)) {
      out.push({ pid: p.pid, name: p.name })
      walk(p.pid)
    }
  }
  walk(pid)
  return out
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** Starts `node server/index.js --dev` in its own process group and waits until it listens. */
async function startServer(name: string) {
  expect(detectLibreOffice(), 'this test needs LibreOffice (libreoffice-writer-nogui, python3-uno)').not.toBeNull()
  const server = spawn(process.execPath, [path.join(root, 'server', 'index.js'), '--dev'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { NODE_ENV: 'development', PATH: process.env.PATH, HOME: process.env.HOME ?? dir, DATABASE_URL: `file:${path.join(dir, `${name}.db`)}`, PORT: '0', ZHIFA_DEMO: '0', CHECKPOINT_DISABLE: '1' },
  })
  let output = ''
  server.stderr.on('data', (chunk) => { output += chunk })
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })))
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      output += chunk
      if (output.includes('Zhifa is listening')) resolve()
    })
    void exited.then(() => reject(new Error(`the server exited while starting:\n${output}`)))
  })
  expect(output).toContain('LibreOffice converter ready')
  const children = descendants(server.pid!)
  expect(children.map((c) => c.name)).toContain('soffice.bin')
  return { server, children, exited, output: () => output }
}

async function waitUntilGone(pids: Array<{ pid: number }>, ms: number) {
  const deadline = Date.now() + ms
  while (pids.some((c) => alive(c.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
}

it('a server started with LibreOffice stops on SIGTERM with exit code 0 and leaves no soffice behind', async () => {
  const { server, children, exited, output } = await startServer('sigterm')

  server.kill('SIGTERM')
  expect(await exited, output()).toEqual({ code: 0, signal: null })
  // The converter and its office were stopped before the server exited.
  const office = children.filter((c) => /soffice|python/.test(c.name))
  expect(office.length).toBeGreaterThanOrEqual(2)
  expect(office.filter((c) => alive(c.pid)), 'LibreOffice processes left behind').toEqual([])
  // The rest (Vite's esbuild service in dev) follow their parent within moments.
  await waitUntilGone(children, 5_000)
  expect(children.filter((c) => alive(c.pid)), 'processes left behind').toEqual([])
}, 120_000)

it('a server whose whole process group is killed outright (as test runners do) leaves no soffice behind either', async () => {
  const { server, children, exited } = await startServer('sigkill')
  // soffice runs in its own session, out of reach of this signal; it must follow its worker.
  process.kill(-server.pid!, 'SIGKILL')
  expect((await exited).signal).toBe('SIGKILL')
  await waitUntilGone(children, 10_000)
  expect(children.filter((c) => alive(c.pid)), 'processes left behind').toEqual([])
}, 120_000)
