/**
 * The server's scheduler loop: fires due timers (durable, database-backed:
 * several processes may run it, each timer fires once) and reports overdue
 * steps. Every ZHIFA_SCHEDULER_MS (default 30 s).
 */
import { db } from '../../utils/db.server.ts'
import { clock } from '../../utils/clock.server.ts'
import { workflow } from './runtime.server.ts'
import { notifyOverdue } from './deadlines.server.ts'

let timer: NodeJS.Timeout | null = null
let running = false

export async function runSchedulerOnce() {
  if (running) return
  running = true
  try {
    await workflow().fireDueTimers(clock.now())
    await notifyOverdue(db, clock)
  } catch (error) {
    console.error('scheduler round failed', error)
  } finally {
    running = false
  }
}

export function startScheduler(intervalMs = Number(process.env.ZHIFA_SCHEDULER_MS ?? 30_000)) {
  if (timer) return
  timer = setInterval(() => void runSchedulerOnce(), intervalMs)
  timer.unref()
}

export function stopScheduler() {
  if (timer) clearInterval(timer)
  timer = null
}
