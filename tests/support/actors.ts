/** Loads a demo account as the services see it: actor plus abilities. */
import type { Db } from '../../prisma/client.ts'
import { loadAccount, toActor } from '../../app/services/accounts.server.ts'
import { abilityFor } from '../../app/services/permissions.server.ts'
import type { Clock } from '../../engine/clock.ts'

export async function serviceContextFor(db: Db, clock: Clock, loginName: string) {
  const user = await db.user.findUniqueOrThrow({ where: { loginName } })
  const account = (await loadAccount(db, user.id))!
  const actor = toActor(account, '127.0.0.1')
  return { db, clock, actor, ability: await abilityFor(db, actor, clock.now()) }
}

/**
 * An inspection team of the Yining county organ (yining-officer with
 * yining-officer2) and a party in its area: what opening an inspection needs.
 */
export async function yiningInspectionTeam(db: Db, clock: Clock) {
  const officer = await serviceContextFor(db, clock, 'yining-officer')
  const colleague = await serviceContextFor(db, clock, 'yining-officer2')
  const organ = await db.department.findUniqueOrThrow({ where: { id: officer.actor.organId } })
  const party = await db.regulatedEntity.findFirstOrThrow({ where: { departmentPath: { startsWith: organ.path } } })
  return { officer, colleague, organ, party }
}
