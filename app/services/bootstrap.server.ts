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
import { closeDocumentRuntime, documentRuntime } from './documents/runtime.server.ts'

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
  const runtime = await documentRuntime()
  log(runtime.converter.available()
    ? '文书转换服务已启动 LibreOffice converter ready (PDF on)'
    : '未找到 LibreOffice，只能生成 DOCX LibreOffice unavailable: documents are issued without PDF')
}

/** Stops what `bootstrap` started; safe to call more than once. */
export async function shutdown(): Promise<void> {
  await closeDocumentRuntime()
  await db.$disconnect()
}
