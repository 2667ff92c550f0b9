/**
 * Another server process on the same database sees an activation within
 * seconds, without a restart: its catalog checks the counter (issue 11,
 * docs/decisions/025).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock, seedCalendar } from '../../engine/index.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { bundleDir, repoRoot, serverProcess, startServerProcess } from '../support/catalog.ts'

interface Seen { version: number | null; title: string; hash: string }

describeEachDatabase('catalog in two server processes', (ctx) => {
  const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'))
  let child: ChildProcess
  const seen: Seen[] = []

  beforeAll(async () => {
    await seedCalendar(ctx.db)
    await startServerProcess(ctx.db, clock)
    child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests', 'support', 'catalog-watcher.ts'), 'rectification-order'], {
      cwd: repoRoot, env: { ...process.env, DATABASE_URL: ctx.url }, stdio: ['ignore', 'pipe', 'inherit'],
    })
    readline.createInterface({ input: child.stdout! }).on('line', (line) => seen.push(JSON.parse(line) as Seen))
    await waitFor(() => seen.length > 0, 30_000)
  }, 120_000)

  afterAll(() => {
    child?.kill('SIGTERM')
  })

  it('a second server process sees a newly activated form without restart within a few seconds', async () => {
    expect(seen[0]).toMatchObject({ version: 1, title: '责令限期整改指令书' })
    // This process imports a new version of the form: its title changes.
    const source = path.join(repoRoot, 'forms', 'rectification-order')
    const files: Record<string, string> = {}
    for (const f of ['schema.json', 'ui.json']) files[`forms/rectification-order/${f}`] = fs.readFileSync(path.join(source, f), 'utf8')
    const manifest = JSON.parse(fs.readFileSync(path.join(source, 'form.json'), 'utf8')) as { title: string }
    files['forms/rectification-order/form.json'] = JSON.stringify({ ...manifest, title: '责令限期整改指令书（新版）' })
    const dir = bundleDir(files)
    fs.copyFileSync(path.join(source, 'template.docx'), path.join(dir, 'forms', 'rectification-order', 'template.docx'))
    fs.cpSync(path.join(repoRoot, 'forms', '_common'), path.join(dir, 'forms', '_common'), { recursive: true })
    const result = await importDirectory(serverProcess(ctx.db, clock), dir, { note: '标题加注新版', actor: null })
    expect(result.problems).toEqual([])
    const activatedAt = Date.now()

    await waitFor(() => seen.length > 1, 10_000)
    expect(Date.now() - activatedAt).toBeLessThan(5_000)
    expect(seen[1]).toMatchObject({ version: 2, title: '责令限期整改指令书（新版）' })
  }, 60_000)
})

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}
