/**
 * The server's render loop: every ZHIFA_RENDER_MS (default 1 s) it renders
 * the documents whose files are pending — those a workflow step issued in
 * its transaction, approved changes, retries after a failed attempt, and
 * whatever a crashed process left (its lease expires). Several processes may
 * run it: each attempt is claimed in the database (render-queue.server.ts).
 */
import { db } from '../../utils/db.server.ts'
import { clock } from '../../utils/clock.server.ts'
import { periodicTask } from '../../utils/periodic.server.ts'
import { documentRuntime } from './runtime.server.ts'

let log: (line: string) => void = console.log

const loop = periodicTask('render', async () => {
  const { failed } = await (await documentRuntime()).service(db, { clock }).renders.drain()
  if (failed) log(`文书文件生成失败 ${failed} 份（文书页面可重新生成）render failed for ${failed} document(s)`)
})

export function startRenderLoop(logLine?: (line: string) => void, intervalMs = Number(process.env.ZHIFA_RENDER_MS ?? 1_000)) {
  if (logLine) log = logLine
  loop.start(intervalMs)
}

export const stopRenderLoop = loop.stop
