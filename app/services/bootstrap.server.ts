/**
 * Start-up and shut-down work of a server process, run once by
 * server/index.js: after the migrations, demo data on an empty database
 * (unless ZHIFA_DEMO=0), then the long-running services — the documents
 * runtime with its one LibreOffice converter, so the first document does
 * not wait for it. On SIGTERM/SIGINT the server calls `shutdown`, which
 * stops the converter and its soffice before the process exits.
 */
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { seedDemo } from './demo-seed.server.ts'
import { seedBaselineRoles } from './permissions/rule-store.server.ts'
import { seedCalendar } from '../../engine/index.ts'
import { workflow } from './workflow/runtime.server.ts'
import { startScheduler, stopScheduler } from './workflow/scheduler.server.ts'
import { closeDocumentRuntime, documentRuntime } from './documents/runtime.server.ts'
import { syncBaseline } from './catalog/baseline.server.ts'
import { catalog } from './catalog/runtime.server.ts'
import { startCheckpoints, stopCheckpoints } from './audit-checkpoints.server.ts'
import { startRenderLoop, stopRenderLoop } from './documents/render-loop.server.ts'
import { baseUrlWarning } from './documents/base-url.server.ts'

export interface BootstrapOptions {
  seedDemo?: boolean
  log?: (line: string) => void
}

export async function bootstrap(options: BootstrapOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line))
  const warning = baseUrlWarning()
  if (warning) log(warning)
  // The working-day calendar (statutory holidays and make-up days) is reference data every deadline needs.
  await seedCalendar(db)
  // Roles and their permission rules: the shipped baseline seeds an empty database, never overwrites (ADR 026).
  const roles = await seedBaselineRoles(db, clock)
  if (roles.length) log(`已导入角色权限规则 baseline roles seeded: ${roles.join(', ')}`)
  if (options.seedDemo ?? process.env.ZHIFA_DEMO !== '0') {
    const { seeded } = await seedDemo(db, clock)
    if (seeded) log('已导入演示数据 demo data seeded (see README for the accounts)')
  }
  // The shipped folders seed the catalog and upgrade what an administrator did not change (docs/decisions/025);
  // a refused definition is reported, the rest run.
  const { activated, available, refused } = await syncBaseline(db, { workflow: workflow(), clock })
  if (activated.length) log(`目录基线生效 baseline active: ${activated.join(', ')}`)
  if (available.length) log(`目录可更新（管理员已修改，待采用）baseline available: ${available.join(', ')}`)
  for (const r of refused) log(`流程定义被拒绝 definition refused: ${r.file}: ${r.problems.map((p) => `${p.elementId ?? ''} ${p.message}`).join('；')}`)
  // Everything in force, in memory; the counter check makes other processes' activations visible here.
  await catalog().reload()
  catalog().startPolling()
  startScheduler()
  // Signed checkpoints of the operation log's head, outside the database (ADR 024).
  startCheckpoints(db, clock, log)
  const runtime = await documentRuntime()
  log(runtime.converter.available()
    ? '文书转换服务已启动 LibreOffice converter ready (PDF on)'
    : '未找到 LibreOffice，只能生成 DOCX LibreOffice unavailable: documents are issued without PDF')
  // Files of issued documents are made after their transaction commits (ADR 028).
  startRenderLoop(log)
}

/** Stops what `bootstrap` started; safe to call more than once. */
export async function shutdown(): Promise<void> {
  stopScheduler()
  stopRenderLoop()
  catalog().stopPolling()
  stopCheckpoints()
  await closeDocumentRuntime()
  await db.$disconnect()
}
