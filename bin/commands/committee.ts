// npm run zhifa -- committee show | quorum <committee code> <n/d> : the case committees' quorum rule (docs/decisions/021).
import { createDb } from '../../prisma/client.ts'
import { systemClock } from '../../engine/clock.ts'
import { listCommittees, setQuorum } from '../../app/services/workflow/committee.server.ts'

export const summary = '案件审理委员会 case committees: show | quorum <code> <n/d> — 法定人数比例 quorum share (more than n/d of members)'

const usage = '用法 usage: npm run zhifa -- committee show\n           npm run zhifa -- committee quorum <committee code, e.g. ili.yining-county.case-committee> <n/d, e.g. 2/3>'

export async function run(args: string[]): Promise<number> {
  const [verb, code, share] = args
  if (verb !== 'show' && !(verb === 'quorum' && code && share)) {
    console.error(usage)
    return 2
  }
  const db = createDb()
  try {
    if (verb === 'quorum') {
      const [n, d] = share!.split('/').map(Number)
      try {
        await setQuorum({ db, clock: systemClock }, code!, n ?? NaN, d ?? NaN, process.env.USER ?? 'operator')
      } catch (error) {
        console.error(error instanceof Error ? error.message : String(error))
        return 1
      }
    }
    for (const c of await listCommittees(db)) {
      console.log(`${c.code}\t${c.name}\t委员 ${c.members.length} 人\t超过 ${c.quorum}，至少 ${c.needed} 人出席\t${c.members.join('、')}`)
    }
    return 0
  } finally {
    await db.$disconnect()
  }
}
