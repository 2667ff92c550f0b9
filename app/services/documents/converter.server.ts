/**
 * DOCX → PDF through ONE long-lived LibreOffice, started once (with the
 * server, the CLI or a test file) and reused for every document: a fresh
 * soffice per document costs seconds, a warm one ~0.1 s. A small Python
 * UNO worker (lo-worker.py) owns the soffice process and converts one
 * request at a time; requests queue in order.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { scFontEnvironment } from './sc-fonts.server.ts'

export class PdfUnavailable extends Error {
  readonly type = 'PdfUnavailable'
  constructor(reason: string) {
    super(`无法生成 PDF（LibreOffice 不可用）PDF unavailable: ${reason}`)
  }
}

export class ConversionFailed extends Error {
  readonly type = 'ConversionFailed'
}

/** The worker (or its soffice) went away while a document was waiting. */
class WorkerExited extends ConversionFailed {}

export interface PdfConverter {
  /** True once LibreOffice is running; false when it is missing or failed to start. */
  available(): boolean
  convert(docx: Buffer): Promise<Buffer>
  close(): Promise<void>
}

export interface LibreOfficeOptions {
  /** soffice binary; default $ZHIFA_SOFFICE or /usr/lib/libreoffice/program/soffice.bin. */
  soffice?: string
  /** A Python that can `import uno`; default $ZHIFA_UNO_PYTHON or /usr/bin/python3 (Debian's python3-uno). */
  python?: string
  /** Milliseconds one conversion may take before it is abandoned. */
  timeoutMs?: number
}

// Beside this file in the checkout; the server build moves this module into
// build/server/, so there server/index.js names the checkout in ZHIFA_ROOT.
const WORKER_SCRIPT = process.env.ZHIFA_ROOT
  ? path.join(process.env.ZHIFA_ROOT, 'app', 'services', 'documents', 'lo-worker.py')
  : path.join(import.meta.dirname, 'lo-worker.py')

const FOLDER_PREFIX = 'zhifa-lo-'

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the work folders (LibreOffice profile, documents in conversion)
 * of converters whose process is gone: a server killed outright (SIGKILL,
 * power loss) cannot clean up after itself, so the next start does.
 * Folders of live processes — another server, a test worker — are kept;
 * so are folders from before the pid was part of the name, unless older
 * than a day. Returns the folders removed.
 */
export function cleanStaleOfficeFolders(dir = os.tmpdir(), now = Date.now()): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(FOLDER_PREFIX))
  } catch {
    return removed
  }
  for (const name of names) {
    const full = path.join(dir, name)
    const pid = /^zhifa-lo-(\d+)-/.exec(name)?.[1]
    try {
      const stale = pid ? !processAlive(Number(pid)) : now - fs.statSync(full).mtimeMs > 24 * 60 * 60_000
      if (!stale) continue
      fs.rmSync(full, { recursive: true, force: true })
      removed.push(full)
    } catch {
      // Another process is cleaning it at the same moment, or it is not ours to remove.
    }
  }
  return removed
}

interface Pending { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }

/** Finds LibreOffice and a UNO-capable Python; null when either is missing. */
export function detectLibreOffice(opts: LibreOfficeOptions = {}): { soffice: string; python: string } | null {
  // soffice.bin itself rather than the `soffice` script (which runs oosplash, which runs soffice.bin):
  // the process we start is then the office, and stopping it leaves nothing behind.
  const soffice = opts.soffice ?? process.env.ZHIFA_SOFFICE ?? '/usr/lib/libreoffice/program/soffice.bin'
  const python = opts.python ?? process.env.ZHIFA_UNO_PYTHON ?? '/usr/bin/python3'
  if (!fs.existsSync(soffice) || !fs.existsSync(python)) return null
  const probe = spawnSync(python, ['-c', 'import uno'], { stdio: 'ignore', timeout: 10_000 })
  return probe.status === 0 ? { soffice, python } : null
}

export class LibreOfficeConverter implements PdfConverter {
  #worker: ChildProcessWithoutNullStreams | null = null
  #ready = false
  #pending = new Map<string, Pending>()
  #dir: string
  #timeoutMs: number
  #paths: { soffice: string; python: string } | null
  #officePid: number | null = null
  #closed = false
  #starting: Promise<void> | null = null
  /** Whether a start ever succeeded: a LibreOffice that never started is not retried on every document. */
  #everReady = false
  #attempted = false

  private constructor(opts: LibreOfficeOptions) {
    this.#paths = detectLibreOffice(opts)
    this.#timeoutMs = opts.timeoutMs ?? 60_000
    cleanStaleOfficeFolders()
    // The owner's pid in the name lets a later start tell a crashed owner's folder from a live one.
    this.#dir = fs.mkdtempSync(path.join(os.tmpdir(), `${FOLDER_PREFIX}${process.pid}-`))
  }

  /**
   * Starts LibreOffice and resolves once it accepts documents (~2–6 s cold).
   * Never rejects: when LibreOffice is missing or does not start, the
   * converter reports `available() === false` and DOCX keeps working.
   */
  static async start(opts: LibreOfficeOptions = {}): Promise<LibreOfficeConverter> {
    const c = new LibreOfficeConverter(opts)
    await c.#ensureRunning()
    return c
  }

  available(): boolean {
    return this.#ready
  }

  /** The soffice process id, for operators (and the test that kills it). */
  officePid(): number | null {
    return this.#ready ? this.#officePid : null
  }

  /** Starts the worker unless it runs; concurrent callers share one start. */
  #ensureRunning(): Promise<void> {
    if (this.#ready || this.#closed || !this.#paths || (this.#attempted && !this.#everReady)) return Promise.resolve()
    this.#attempted = true
    this.#starting ??= this.#spawn(this.#paths).finally(() => {
      this.#starting = null
    })
    return this.#starting
  }

  #spawn(paths: { soffice: string; python: string }): Promise<void> {
    const pipeName = `zhifa_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
    const worker = spawn(paths.python, [WORKER_SCRIPT, paths.soffice, pipeName, path.join(this.#dir, 'profile')], {
      // The SC faces of Noto CJK as fonts of their own (sc-fonts.server.ts), so PDFs embed the SC faces.
      env: { ...process.env, ...scFontEnvironment(), TZ: 'Asia/Shanghai', LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh', SAL_USE_VCLPLUGIN: 'svp' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.#worker = worker
    worker.stderr.resume()
    return new Promise((resolve) => {
      const lines = readline.createInterface({ input: worker.stdout })
      lines.on('line', (line) => {
        let msg: { ready?: boolean; pid?: number; id?: string; ok?: boolean; error?: string }
        try {
          msg = JSON.parse(line)
        } catch {
          return
        }
        if (msg.ready !== undefined) {
          this.#ready = msg.ready
          this.#everReady ||= msg.ready
          this.#officePid = msg.pid ?? null
          resolve()
          return
        }
        const p = msg.id ? this.#pending.get(msg.id) : undefined
        if (!p) return
        this.#pending.delete(msg.id!)
        clearTimeout(p.timer)
        if (msg.ok) p.resolve()
        else p.reject(new ConversionFailed(`PDF 转换失败 conversion failed: ${msg.error}`))
      })
      worker.on('exit', () => {
        this.#ready = false
        this.#worker = null
        for (const [id, p] of this.#pending) {
          clearTimeout(p.timer)
          p.reject(new WorkerExited('LibreOffice 已退出 LibreOffice exited'))
          this.#pending.delete(id)
        }
        resolve()
      })
      worker.on('error', () => resolve())
    })
  }

  /**
   * Converts one document. A LibreOffice that died since the last document
   * is started again first; a document caught by its death is retried once
   * on the fresh one.
   */
  async convert(docx: Buffer): Promise<Buffer> {
    try {
      return await this.#convertOnce(docx)
    } catch (e) {
      if (this.#closed) throw e
      // A killed soffice shows either as the worker exiting or, when the
      // worker noticed first, as a UNO error on the dead connection.
      const officeDied = e instanceof WorkerExited || (e instanceof ConversionFailed && !this.#officeAlive())
      if (!officeDied) throw e
      await this.#stopWorker()
      return this.#convertOnce(docx)
    }
  }

  /** Whether soffice still runs: a killed one the worker has not reaped yet is a zombie (state Z), not alive. */
  #officeAlive(): boolean {
    const pid = this.#officePid
    if (!pid) return false
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
    } catch {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }
  }

  /** Ends a worker whose LibreOffice died, so the next document starts a fresh one. */
  async #stopWorker(): Promise<void> {
    const worker = this.#worker
    if (!worker) return
    const exited = new Promise((r) => worker.once('exit', r))
    worker.kill('SIGKILL')
    await exited
  }

  async #convertOnce(docx: Buffer): Promise<Buffer> {
    await this.#ensureRunning()
    if (!this.#ready || !this.#worker) throw new PdfUnavailable(this.#paths ? 'not running' : 'not installed')
    const id = crypto.randomBytes(8).toString('hex')
    const input = path.join(this.#dir, `${id}.docx`)
    const output = path.join(this.#dir, `${id}.pdf`)
    fs.writeFileSync(input, docx)
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.#pending.delete(id)
          reject(new ConversionFailed(`PDF 转换超时 conversion timed out after ${this.#timeoutMs} ms`))
        }, this.#timeoutMs)
        this.#pending.set(id, { resolve, reject, timer })
        this.#worker!.stdin.write(`${JSON.stringify({ id, in: input, out: output })}\n`)
      })
      return fs.readFileSync(output)
    } finally {
      fs.rmSync(input, { force: true })
      fs.rmSync(output, { force: true })
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    const worker = this.#worker
    if (worker) {
      const exited = new Promise((r) => worker.once('exit', r))
      worker.stdin.end()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 15_000) })])
      clearTimeout(timer)
      if (this.#worker) worker.kill('SIGKILL')
    }
    this.#ready = false
    fs.rmSync(this.#dir, { recursive: true, force: true })
  }
}

/** A converter for machines without LibreOffice: DOCX only. */
export const noPdfConverter: PdfConverter = {
  available: () => false,
  convert: () => Promise.reject(new PdfUnavailable('disabled')),
  close: () => Promise.resolve(),
}
