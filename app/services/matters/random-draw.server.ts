/**
 * 随机抽取 (双随机, 第八条): the system, not the person at the keyboard,
 * draws the officers and the regulated entities of a random-inspection
 * scheme. The draw is a pure function of a seed and the pools, so anyone
 * holding the printed record (seed, pools, method) can re-check it; the
 * seed is made by the system when the draw step is first opened and kept
 * with the step, so reopening the page never draws again, and the step is
 * accepted only with exactly that draw.
 */
import crypto from 'node:crypto'
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { InvalidInput } from '../errors.ts'
import { documentNumberText } from '../../reference/document-number.ts'

export const RANDOM_DRAW_FORM = 'random-draw'
export const DRAW_METHOD = '按随机种子以 SHA-256 计数器生成伪随机数，对按名称排序的名录库做 Fisher–Yates 洗牌，依次取前若干名（可按种子复核）'
const OFFICERS_DRAWN = 2
const DEFAULT_RATIO = 20

/** A number in [0, 1) from the seed, a label and a counter. */
function uniform(seed: string, label: string, i: number): number {
  const bytes = crypto.createHash('sha256').update(`${seed}:${label}:${i}`).digest()
  return bytes.readUIntBE(0, 6) / 2 ** 48
}

/**
 * The first `count` names of the pool (sorted by name) after a seeded
 * Fisher–Yates shuffle.
 *
 * @example
 * drawFrom('7F3A9C21D4E8B605', 'entities', ['甲', '乙', '丙'], 1) // always the same one name
 */
export function drawFrom(seed: string, label: string, pool: string[], count: number): string[] {
  const order = [...pool].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(uniform(seed, label, i) * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order.slice(0, Math.min(count, order.length))
}

export interface DrawRecord {
  schemeNumber: string
  drawnAt: string
  method: string
  seed: string
  officerPool: string[]
  entityPool: string[]
  officersDrawn: Array<{ name: string; certificateNo: string }>
  entitiesDrawn: Array<{ name: string; creditCode?: string }>
  checklistItems: string[]
}

/** The fields of a draw record that are the system's, not the operator's. */
const drawnFields = ['schemeNumber', 'drawnAt', 'method', 'seed', 'officerPool', 'entityPool', 'officersDrawn', 'entitiesDrawn', 'checklistItems'] as const

/** The draw for a random-inspection scheme matter, from its approved scheme and the organ's pools. */
export async function makeDraw(db: Db, clock: Clock, matterId: string, seed = crypto.randomBytes(8).toString('hex').toUpperCase()): Promise<DrawRecord> {
  const matter = await db.matter.findUniqueOrThrow({ where: { id: matterId }, select: { organId: true, departmentPath: true } })
  const scheme = await db.document.findFirst({
    where: { subjectType: 'matter', subjectId: matterId, formKey: 'inspection-scheme', deletedAt: null }, orderBy: { issuedAt: 'desc' }, select: { number: true, data: true },
  })
  if (!scheme) throw new InvalidInput({ schemeNumber: ['执法检查方案尚未批准制发，不能随机抽取'] })
  const data = scheme.data as { items?: string[]; randomRatio?: number }
  const now = clock.now()
  const [officers, entities] = await Promise.all([
    db.user.findMany({
      where: { status: 'active', certificateExpiresAt: { gt: now }, certificateNo: { not: null }, roles: { some: { role: { in: ['officer', 'supervisor'] }, department: { organId: matter.organId } } } },
      select: { displayName: true, certificateNo: true },
    }),
    db.regulatedEntity.findMany({ where: { departmentPath: { startsWith: matter.departmentPath } }, select: { name: true, creditCode: true } }),
  ])
  const entityCount = Math.max(1, Math.ceil(entities.length * (data.randomRatio ?? DEFAULT_RATIO) / 100))
  const officersDrawn = drawFrom(seed, 'officers', officers.map((o) => o.displayName), OFFICERS_DRAWN)
  const entitiesDrawn = drawFrom(seed, 'entities', entities.map((e) => e.name), entityCount)
  return {
    schemeNumber: documentNumberText(scheme.number),
    drawnAt: now.toISOString(),
    method: DRAW_METHOD,
    seed,
    officerPool: officers.map((o) => o.displayName).sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')),
    entityPool: entities.map((e) => e.name).sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')),
    officersDrawn: officersDrawn.map((name) => ({ name, certificateNo: officers.find((o) => o.displayName === name)!.certificateNo! })),
    entitiesDrawn: entitiesDrawn.map((name) => ({ name, creditCode: entities.find((e) => e.name === name)!.creditCode })),
    checklistItems: data.items ?? [],
  }
}

/**
 * The system's draw kept with the step: made the first time someone who may
 * do the step opens it, then always the same.
 */
export async function drawOfStep(db: Db, clock: Clock, task: { id: string; businessKey: string | null; payload: string | null }): Promise<Record<string, unknown>> {
  if (task.payload) return JSON.parse(task.payload) as Record<string, unknown>
  if (!task.businessKey) return {}
  const draw = await makeDraw(db, clock, task.businessKey)
  // Two first openings at once keep whichever was stored first.
  await db.task.updateMany({ where: { id: task.id, status: 'open', payload: null }, data: { payload: JSON.stringify(draw) } })
  const stored = await db.task.findUniqueOrThrow({ where: { id: task.id }, select: { payload: true } })
  return JSON.parse(stored.payload ?? '{}') as Record<string, unknown>
}

/** Refuses a draw record that is not the one the system made for the step. */
export function checkDrawUnchanged(stored: Record<string, unknown>, submitted: Record<string, unknown>) {
  const changed = drawnFields.filter((field) => JSON.stringify(stored[field]) !== JSON.stringify(submitted[field]))
  if (changed.length) throw new InvalidInput(Object.fromEntries(changed.map((f) => [f, ['随机抽取结果由系统生成，不能修改']])), '随机抽取结果与系统抽取的不一致，请刷新页面后重新提交。')
}
