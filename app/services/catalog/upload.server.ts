/**
 * The browser's import: the files of a chosen folder (relative paths with
 * their bytes) or one zip of it are laid out in a temporary folder — only
 * the shipped layout's top folders, no path leaving it — and imported like
 * `catalog import` (everything checked, then all or nothing).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import type { Actor } from '../../../engine/actor.ts'
import { InvalidInput } from '../errors.ts'
import { importDirectory, type ImportDeps, type ImportResult } from './import.server.ts'

export interface UploadedFile {
  /** Path inside the folder, e.g. "definitions/hearing/process.bpmn" (a leading folder name is dropped). */
  path: string
  bytes: Buffer
}

const TOP = ['definitions', 'forms', 'catalog']

/** The path below the shipped layout's top folder, or null for a file that is not part of a catalog. */
function placed(file: string): string | null {
  const parts = file.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.')
  if (parts.some((p) => p === '..')) return null
  const top = parts.findIndex((p) => TOP.includes(p))
  return top < 0 ? null : parts.slice(top).join('/')
}

export function filesOfZip(zip: Buffer): UploadedFile[] {
  let archive: PizZip
  try {
    archive = new PizZip(zip)
  } catch {
    throw new InvalidInput({ files: ['无法读取上传的压缩包，请上传 catalog export 导出目录的 zip 文件。'] })
  }
  return Object.values(archive.files).filter((f) => !f.dir).map((f) => ({ path: f.name, bytes: Buffer.from(f.asUint8Array()) }))
}

export async function importUploaded(deps: ImportDeps, files: UploadedFile[], options: { note: string; actor: Actor }): Promise<ImportResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-import-'))
  try {
    let written = 0
    for (const file of files) {
      const where = placed(file.path)
      if (!where) continue
      fs.mkdirSync(path.dirname(path.join(dir, where)), { recursive: true })
      fs.writeFileSync(path.join(dir, where), file.bytes)
      written++
    }
    if (!written) throw new InvalidInput({ files: ['所选文件中没有 definitions/、forms/ 或 catalog/ 下的配置文件。'] })
    return await importDirectory(deps, dir, options)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
