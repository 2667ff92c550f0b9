import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { cleanStaleOfficeFolders } from './converter.server.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-folders-test-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function folder(name: string, ageMs = 0): string {
  const full = path.join(tmp, name)
  fs.mkdirSync(path.join(full, 'profile', 'user'), { recursive: true })
  fs.writeFileSync(path.join(full, 'profile', 'user', 'registrymodifications.xcu'), '<x/>')
  if (ageMs) {
    const t = new Date(Date.now() - ageMs)
    fs.utimesSync(full, t, t)
  }
  return full
}

it('a LibreOffice folder left by a killed server is removed at the next start; a live process keeps its own', () => {
  // A process that has ended: its pid names a crashed owner.
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  const deadPid = Number(ended.stdout)
  const crashed = folder(`zhifa-lo-${deadPid}-AbC123`)
  const live = folder(`zhifa-lo-${process.pid}-XyZ789`)
  const oldUnnamed = folder('zhifa-lo-Qw1234', 2 * 24 * 60 * 60_000)
  const recentUnnamed = folder('zhifa-lo-Er5678')
  const other = folder('something-else-1')

  expect(cleanStaleOfficeFolders(tmp).sort()).toEqual([crashed, oldUnnamed].sort())
  expect(fs.existsSync(crashed)).toBe(false)
  expect(fs.existsSync(oldUnnamed)).toBe(false)
  for (const kept of [live, recentUnnamed, other]) expect(fs.existsSync(kept)).toBe(true)
})
