/**
 * npm run bench:engine — how much Zhifa's engine layer costs over raw bpmn-engine.
 *
 *  (a) raw bpmn-engine in memory: recover → resume → signal → getState cycles/s
 *  (b) Zhifa complete() end to end on embedded SQLite (one transaction each:
 *      load, authorize, validate the form, recover, resume, signal, save, project, audit)
 *  (c) the same on PostgreSQL when DATABASE_URL points to one
 * on the same 5-user-task definition; each figure is the median of 5 runs in
 * this process, after one unmeasured warm-up run (JIT, caches), with (a) and
 * (b) interleaved so that load from elsewhere affects both alike. The last
 * line is `engine-ratio: (b)/(a)`.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EventEmitter } from 'node:events'
import pg from 'pg'
import { Engine } from 'bpmn-engine'
import { createDb, type Db } from '../prisma/client.ts'
import { ManualClock } from '../engine/clock.ts'
import { moddleExtensions } from '../engine/definition/parse-bpmn.ts'
import { fixture, officer, prepare } from '../engine/test/harness.ts'

const RUNS = 5
const WARM_UP_RUNS = 3
const INSTANCES_PER_RUN = 60 // × 5 tasks = 300 completes a run
const root = path.resolve(import.meta.dirname, '..')
const xml = fixture('five-steps.bpmn')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/* eslint-disable @typescript-eslint/no-explicit-any -- raw bpmn-engine is measured as it is used without our layer */
async function rawCyclesPerSecond(): Promise<number> {
  const listener = new EventEmitter()
  const first = new Engine({ name: 'bench', source: xml, moddleOptions: moddleExtensions } as any)
  await first.execute({ listener } as any)
  const initial = JSON.stringify(await first.getState())
  const cycles = INSTANCES_PER_RUN * 5
  let state = initial
  const started = performance.now()
  for (let i = 0; i < cycles; i++) {
    const engine = new Engine({ name: 'bench', moddleOptions: moddleExtensions } as any)
    engine.recover(JSON.parse(state))
    const execution: any = await engine.resume({ listener } as any)
    const waiting = execution.getPostponed().find((a: any) => a.type === 'bpmn:UserTask')
    if (!waiting) throw new Error('nothing waiting')
    execution.signal({ id: waiting.id, executionId: waiting.executionId })
    const next = await engine.getState()
    state = next.state === 'idle' || !execution.getPostponed().length ? initial : JSON.stringify(next)
  }
  return cycles / ((performance.now() - started) / 1000)
}

/** Prepares an engine on `db`; each call of the returned function is one measured run. */
async function completeRunner(db: Db, warmInstances?: number, withoutAudit = false): Promise<() => Promise<number>> {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = await prepare(db, clock, { warmInstances, ...(withoutAudit && { audit: async () => {} }) }, 'five-steps.bpmn')
  return async () => {
    const ids: string[] = []
    for (let i = 0; i < INSTANCES_PER_RUN; i++) ids.push(await engine.start('five-steps', { departmentId: 'county-a' }, officer))
    let completes = 0
    let measured = 0
    for (const id of ids) {
      for (let step = 0; step < 5; step++) {
        // Finding the task stands in for the inbox click and is not measured; complete() is.
        const task = await db.task.findFirst({ where: { instanceId: id, status: 'open' }, select: { id: true } })
        const started = performance.now()
        await engine.complete(task!.id, { payload: { target: '某公司' } }, officer)
        measured += performance.now() - started
        completes += 1
      }
    }
    return completes / (measured / 1000)
  }
}

/** Warm-up runs (JIT), then RUNS rounds with the measurements interleaved, so load from elsewhere hits all alike. */
async function interleaved(runners: (() => Promise<number>)[]): Promise<number[][]> {
  for (let warmUp = 0; warmUp < WARM_UP_RUNS; warmUp++) for (const runner of runners) await runner()
  const results: number[][] = runners.map(() => [])
  for (let run = 0; run < RUNS; run++) {
    for (const [i, runner] of runners.entries()) results[i]!.push(await runner())
  }
  return results
}

const show = (runs: number[]) => `median of ${RUNS}: ${runs.map((x) => x.toFixed(0)).join(' ')}`

function migrate(url: string) {
  execFileSync(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] })
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-'))
  const dbs: Db[] = []
  let a = 0
  let b = 0
  let bCold = 0
  try {
    const runners = [rawCyclesPerSecond]
    for (const label of ['warm', 'cold', 'no-audit']) {
      const url = `file:${path.join(dir, `bench-${label}.db`)}`
      migrate(url)
      const db = createDb(url)
      dbs.push(db)
      runners.push(await completeRunner(db, label === 'cold' ? 0 : undefined, label === 'no-audit'))
    }
    const [raw, warm, cold, noAudit] = await interleaved(runners)
    a = median(raw!)
    b = median(warm!)
    bCold = median(cold!)
    console.log(`raw-bpmn-engine: ${a.toFixed(1)} cycles/s (recover→resume→signal→getState, ${show(raw!)})`)
    console.log(`zhifa-complete-sqlite: ${b.toFixed(1)} completes/s (${describe(undefined)}, ${show(warm!)})`)
    console.log(`zhifa-complete-sqlite-cold: ${bCold.toFixed(1)} completes/s (${describe(0)}, ${show(cold!)})`)
    // For reading the figures only: the same without the operation log, to show what the audit adapter costs.
    console.log(`zhifa-complete-sqlite-without-audit: ${median(noAudit!).toFixed(1)} completes/s (informational: no-op audit adapter, ${show(noAudit!)})`)
  } finally {
    for (const db of dbs) await db.$disconnect()
    fs.rmSync(dir, { recursive: true, force: true })
  }

  const server = process.env.DATABASE_URL
  if (server && /^postgres(ql)?:\/\//.test(server)) {
    const admin = new pg.Client({ connectionString: server })
    await admin.connect()
    const names = [`zhifa_bench_${process.pid}_warm`, `zhifa_bench_${process.pid}_cold`]
    const clients: Db[] = []
    try {
      const runners = []
      for (const name of names) {
        await admin.query(`CREATE DATABASE "${name}"`)
        const url = new URL(server)
        url.pathname = `/${name}`
        migrate(url.toString())
        const db = createDb(url.toString())
        clients.push(db)
        runners.push(await completeRunner(db, name.endsWith('cold') ? 0 : undefined))
      }
      const [warm, cold] = await interleaved(runners)
      console.log(`zhifa-complete-postgres: ${median(warm!).toFixed(1)} completes/s (${describe(undefined)}, ${show(warm!)})`)
      console.log(`zhifa-complete-postgres-cold: ${median(cold!).toFixed(1)} completes/s (${describe(0)}, ${show(cold!)})`)
    } finally {
      for (const db of clients) await db.$disconnect()
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await admin.end()
    }
  } else {
    console.log('zhifa-complete-postgres: skipped (DATABASE_URL does not point to PostgreSQL)')
  }
  console.log(`engine-ratio-cold: ${(bCold / a).toFixed(2)} (every complete() recovers the instance from its stored state)`)
  console.log(`engine-ratio: ${(b / a).toFixed(2)}`)
}

function describe(warmInstances: number | undefined): string {
  return warmInstances === 0 ? 'no warm instances: recover from stored state every time' : 'default: warm instances kept between operations'
}

await main()
