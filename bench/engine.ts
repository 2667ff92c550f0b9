/**
 * npm run bench:engine — how much Zhifa's engine layer costs over raw bpmn-engine.
 *
 *  (a) raw bpmn-engine in memory: recover → resume → signal → getState cycles/s
 *  (b) Zhifa complete() end to end on embedded SQLite (one transaction each:
 *      load, authorize, validate the form, recover, resume, signal, save, project, audit)
 *  (c) the same on PostgreSQL when DATABASE_URL points to one
 * on the same 5-user-task definition; each figure is the median of 5 runs in
 * this process, after one unmeasured warm-up run (JIT, caches). The last line
 * is `engine-ratio: (b)/(a)`.
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

async function completesPerSecond(db: Db, warmInstances?: number): Promise<number[]> {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = await prepare(db, clock, { warmInstances }, 'five-steps.bpmn')
  const results: number[] = []
  // Run 0 is the warm-up and is not counted.
  for (let run = 0; run <= RUNS; run++) {
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
    if (run > 0) results.push(completes / (measured / 1000))
  }
  return results
}

function migrate(url: string) {
  execFileSync(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] })
}

async function main() {
  await rawCyclesPerSecond() // warm-up, not counted
  const raw: number[] = []
  for (let run = 0; run < RUNS; run++) raw.push(await rawCyclesPerSecond())
  const a = median(raw)
  console.log(`raw-bpmn-engine: ${a.toFixed(1)} cycles/s (recover→resume→signal→getState, median of ${RUNS}: ${raw.map((x) => x.toFixed(0)).join(' ')})`)

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bench-'))
  let b = 0
  let bCold = 0
  try {
    for (const [label, warmInstances] of [['', undefined], ['-cold', 0]] as const) {
      const sqliteUrl = `file:${path.join(dir, `bench${label}.db`)}`
      migrate(sqliteUrl)
      const sqlite = createDb(sqliteUrl)
      const runs = await completesPerSecond(sqlite, warmInstances)
      await sqlite.$disconnect()
      if (label) bCold = median(runs)
      else b = median(runs)
      console.log(`zhifa-complete-sqlite${label}: ${median(runs).toFixed(1)} completes/s (${describe(warmInstances)}, median of ${RUNS}: ${runs.map((x) => x.toFixed(0)).join(' ')})`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }

  const server = process.env.DATABASE_URL
  if (server && /^postgres(ql)?:\/\//.test(server)) {
    const name = `zhifa_bench_${process.pid}`
    const admin = new pg.Client({ connectionString: server })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${name}"`)
    const url = new URL(server)
    url.pathname = `/${name}`
    try {
      migrate(url.toString())
      for (const [label, warmInstances] of [['', undefined], ['-cold', 0]] as const) {
        const postgres = createDb(url.toString())
        await postgres.$executeRawUnsafe('TRUNCATE "Task", "Timer", "ProcessInstance", "ProcessDefinition", "AuditEntry", "AuditHead", "CalendarDay" CASCADE')
        const runs = await completesPerSecond(postgres, warmInstances)
        await postgres.$disconnect()
        console.log(`zhifa-complete-postgres${label}: ${median(runs).toFixed(1)} completes/s (${describe(warmInstances)}, median of ${RUNS}: ${runs.map((x) => x.toFixed(0)).join(' ')})`)
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
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
