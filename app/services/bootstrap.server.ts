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
import path from 'node:path'
import { seedDemo } from './demo-seed.server.ts'
import { seedCalendar } from '../../engine/index.ts'
import { workflow } from './workflow/runtime.server.ts'
import { startScheduler, stopScheduler } from './workflow/scheduler.server.ts'
import { closeDocumentRuntime, documentRuntime, formsRuntime } from './documents/runtime.server.ts'
import { syncFormVersions } from './documents/form-versions.server.ts'

export interface BootstrapOptions {
  seedDemo?: boolean
  log?: (line: string) => void
}

export async function bootstrap(options: BootstrapOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line))
  // The working-day calendar (statutory holidays and make-up days) is reference data every deadline needs.
  await seedCalendar(db)
  if (options.seedDemo ?? process.env.ZHIFA_DEMO !== '0') {
    const { seeded } = await seedDemo(db, clock)
    if (seeded) log('已导入演示数据 demo data seeded (see README for the accounts)')
  }
  // A changed form or template becomes a new form version now, not inside the first document's transaction.
  const changedForms = await syncFormVersions(db, formsRuntime().registry, clock)
  if (changedForms.length) log(`表单新版本 new form versions: ${changedForms.join(', ')}`)
  // Procedures in definitions/ are deployed when their file changed; a refused file is reported, the rest run.
  const { deployed, refused } = await workflow().deployDirectory(path.join(process.cwd(), 'definitions'), null)
  for (const d of deployed.filter((x) => x.created)) log(`已发布流程 deployed ${d.key} v${d.version}`)
  for (const r of refused) log(`流程定义被拒绝 definition refused: ${r.file}: ${r.problems.map((p) => `${p.elementId ?? ''} ${p.message}`).join('；')}`)
  startScheduler()
  const runtime = await documentRuntime()
  log(runtime.converter.available()
    ? '文书转换服务已启动 LibreOffice converter ready (PDF on)'
    : '未找到 LibreOffice，只能生成 DOCX LibreOffice unavailable: documents are issued without PDF')
}

/** Stops what `bootstrap` started; safe to call more than once. */
export async function shutdown(): Promise<void> {
  stopScheduler()
  await closeDocumentRuntime()
  await db.$disconnect()
}
