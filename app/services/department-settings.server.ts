/**
 * Per-department settings an administrator changes without a release
 * (docs/decisions/019). A department without its own value takes the
 * nearest ancestor's, and the default when none has one: a county follows
 * its prefecture unless it sets its own.
 */
import type { Db, DbOrTx } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'
import type { Clock } from '../../engine/clock.ts'
import { appendAudit } from './audit.server.ts'
import { InvalidInput, NotFound } from './errors.ts'
import { selfAndAncestors } from '../utils/department-path.ts'

export interface SettingInfo {
  title: string
  unit: string
  default: number
  min: number
  max: number
  basis: string
}

/** The settings there are; a new one is a row here and a reader where it is used. */
export const DEPARTMENT_SETTINGS = {
  'statement-period-days': {
    title: '当事人陈述申辩期限',
    unit: '个工作日',
    default: 3,
    min: 1,
    max: 15,
    basis: '行政处罚法第四十五条、第八十五条；自当事人收到行政处罚告知书之日起计算',
  },
  'transcript-numbering': {
    title: '笔录编号',
    unit: '0 不编号，1 编号',
    default: 0,
    min: 0,
    max: 1,
    basis: '安全生产行政执法文书式样（安监总政法〔2016〕72号）：询问笔录、当事人陈述申辩笔录、听证笔录不编号；机关需要时可开启，按各自类型代字编号',
  },
} as const satisfies Record<string, SettingInfo>

export type SettingKey = keyof typeof DEPARTMENT_SETTINGS

export interface EffectiveSetting {
  value: number
  /** The department whose row gives the value; null for the default. */
  fromDepartmentId: string | null
}

/** The value in force for a department: its own, the nearest ancestor's, or the default. */
export async function effectiveSetting(db: DbOrTx, departmentId: string, key: SettingKey): Promise<EffectiveSetting> {
  const department = await db.department.findUnique({ where: { id: departmentId }, select: { path: true } })
  if (!department) throw new NotFound('未找到该部门')
  const chain = selfAndAncestors(department.path)
  const rows = await db.departmentSetting.findMany({ where: { key, departmentId: { in: chain } }, select: { departmentId: true, value: true } })
  for (const id of chain) {
    const row = rows.find((r) => r.departmentId === id)
    if (row) return { value: JSON.parse(row.value) as number, fromDepartmentId: id }
  }
  return { value: DEPARTMENT_SETTINGS[key].default, fromDepartmentId: null }
}

/** Own values of the given departments, by department id then key. */
export async function ownSettings(db: DbOrTx, departmentIds: string[]): Promise<Record<string, Partial<Record<SettingKey, number>>>> {
  const rows = await db.departmentSetting.findMany({ where: { departmentId: { in: departmentIds } }, select: { departmentId: true, key: true, value: true } })
  const result: Record<string, Partial<Record<SettingKey, number>>> = {}
  for (const row of rows) {
    if (!(row.key in DEPARTMENT_SETTINGS)) continue
    ;(result[row.departmentId] ??= {})[row.key as SettingKey] = JSON.parse(row.value) as number
  }
  return result
}

/**
 * Sets (or, with `null`, clears) a department's own value, audited in the
 * same transaction. The caller has checked the actor may update the
 * department. Running cases keep the period they started with.
 */
export async function setDepartmentSetting(ctx: { db: Db; clock: Clock }, actor: Actor, departmentId: string, key: SettingKey, value: number | null): Promise<void> {
  const info = DEPARTMENT_SETTINGS[key]
  if (value !== null && (!Number.isInteger(value) || value < info.min || value > info.max)) {
    throw new InvalidInput({ value: [`${info.title}须为 ${info.min} 至 ${info.max} 的整数（${info.unit}）`] })
  }
  await ctx.db.$transaction(async (tx) => {
    const before = await tx.departmentSetting.findUnique({ where: { departmentId_key: { departmentId, key } }, select: { value: true } })
    if (value === null) await tx.departmentSetting.deleteMany({ where: { departmentId, key } })
    else {
      const data = { value: JSON.stringify(value), updatedById: actor.id, updatedAt: ctx.clock.now() }
      await tx.departmentSetting.upsert({ where: { departmentId_key: { departmentId, key } }, create: { departmentId, key, ...data }, update: data })
    }
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'department.setting', targetType: 'Department', targetId: departmentId,
      detail: { key, from: before ? (JSON.parse(before.value) as number) : null, to: value },
    }, ctx.clock)
  })
}
