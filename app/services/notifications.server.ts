/**
 * In-app notifications (the 通知 page): one row per person and event, made
 * idempotent by a dedupe key, so a scheduler that runs again or a retried
 * request never tells anyone twice.
 */
import type { DbOrTx } from '../../prisma/client.ts'

export interface NotificationInput {
  userId: string
  /** task-overdue | task-overdue-escalated | task-due-moved | catalog-proposal-submitted | catalog-proposal-accepted | catalog-proposal-rejected */
  kind: string
  title: string
  body: string
  link: string
  /** E.g. "overdue:<taskId>:<userId>". */
  dedupeKey: string
  now: Date
}

export async function notifyOnce(db: DbOrTx, input: NotificationInput): Promise<void> {
  const { now, ...fields } = input
  await db.notification.upsert({ where: { dedupeKey: input.dedupeKey }, create: { ...fields, createdAt: now }, update: {} })
}
