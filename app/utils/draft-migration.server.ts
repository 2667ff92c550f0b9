/**
 * The 迁移到新版本 button of a draft's page (the step page and the document
 * page post the same fields): success goes back to the page with a notice,
 * a refusal stays on the page with the reason and status 409 (404 when the
 * draft is gone). docs/decisions/039.
 */
import { data } from '@remix-run/node'
import { z } from './zod-zh.ts'
import { redirectWithNotice } from './http.server.ts'
import type { MigratedDraft } from '../services/documents/draft-migration.server.ts'
import { DraftConflict, DraftMigrationRefused } from '../services/documents/errors.ts'
import { Conflict, NotFound } from '../services/errors.ts'

/** What the button posts: the draft's revision the page's text is based on, and the version offered. */
export const migrateDraftSchema = z.object({
  intent: z.literal('migrate-draft'),
  revision: z.coerce.number().int().positive(),
  toVersion: z.coerce.number().int().positive(),
})

export type MigrationRefusal = { migrationError: string }

const listed = (labels: string[]) => labels.map((l) => `「${l}」`).join('、')

function noticeOf(done: MigratedDraft): string {
  return [
    `草稿已迁移到第 ${done.toVersion} 版`,
    done.toFill.length ? `请填写新版本要求的${listed(done.toFill)}` : '',
    done.othersMoved ? `本事项中另有 ${done.othersMoved} 份草稿一并迁移` : '',
  ].filter(Boolean).join('；')
}

export async function respondToMigration(request: Request, migrate: () => Promise<MigratedDraft>) {
  try {
    const done = await migrate()
    const url = new URL(request.url)
    return await redirectWithNotice(request, `${url.pathname}${url.search}`, noticeOf(done))
  } catch (error) {
    if (error instanceof DraftMigrationRefused) return data<MigrationRefusal>({ migrationError: `草稿不能迁移：${error.reasons.join('；')}` }, { status: 409 })
    if (error instanceof DraftConflict) return data<MigrationRefusal>({ migrationError: '草稿已在其他标签页或设备上修改，请刷新页面后再迁移。' }, { status: 409 })
    if (error instanceof Conflict) return data<MigrationRefusal>({ migrationError: error.message }, { status: 409 })
    if (error instanceof NotFound) return data<MigrationRefusal>({ migrationError: error.message }, { status: 404 })
    throw error
  }
}
