/**
 * The server's scheduler loop: fires due timers (durable, database-backed:
 * several processes may run it, each timer fires once) and reports overdue
 * steps. Every ZHIFA_SCHEDULER_MS (default 30 s).
 */
import { db } from '../../utils/db.server.ts'
import { clock } from '../../utils/clock.server.ts'
import { periodicTask } from '../../utils/periodic.server.ts'
import { workflow } from './runtime.server.ts'
import { notifyOverdue, overduePolicyFrom } from './deadlines.server.ts'

const loop = periodicTask('scheduler', async () => {
  await workflow().fireDueTimers(clock.now())
  await notifyOverdue(db, clock, overduePolicyFrom(workflow()))
})

export function startScheduler(intervalMs = Number(process.env.ZHIFA_SCHEDULER_MS ?? 30_000)) {
  loop.start(intervalMs)
}

export const stopScheduler = loop.stop
