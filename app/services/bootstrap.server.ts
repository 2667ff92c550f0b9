/**
 * Start-up work of a server process, run once by server/index.js after the
 * migrations were applied: demo data on an empty database (unless
 * ZHIFA_DEMO=0), then the long-running services.
 */
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { seedDemo } from './demo-seed.server.ts'

export interface BootstrapOptions {
  seedDemo?: boolean
  log?: (line: string) => void
}

export async function bootstrap(options: BootstrapOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line))
  if (options.seedDemo ?? process.env.ZHIFA_DEMO !== '0') {
    const { seeded } = await seedDemo(db, clock)
    if (seeded) log('已导入演示数据 demo data seeded (see README for the accounts)')
  }
}
