// One scheduler process for the race tests: fires the timers due at ZHIFA_NOW
// in the database at ZHIFA_DATABASE_URL and prints what it did as JSON.
import { createDb } from '../../../prisma/client.ts'
import { ManualClock } from '../../clock.ts'
import { makeEngine } from '../harness.ts'

const db = createDb(process.env.ZHIFA_DATABASE_URL!)
const clock = new ManualClock(process.env.ZHIFA_NOW!)
const engine = makeEngine(db, clock)
const result = await engine.fireDueTimers(clock.now(), { limit: 1000 })
process.stdout.write(JSON.stringify(result))
await db.$disconnect()
