import fs from 'node:fs'
import path from 'node:path'
import { builtinModules } from 'node:module'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }

/** The code a production server and the CLI run: the engine, the server modules of the app, and what they share with forms. */
function runtimeFiles(dir: string, serverOnly: boolean): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|spec)\.tsx?$|\.d\.ts$/.test(f) && !f.split(path.sep).includes('test'))
    .filter((f) => !serverOnly || /\.server\.tsx?$/.test(f))
    .map((f) => path.join(dir, f))
}

/** The packages a file imports (bare specifiers, type-only imports left out: they vanish at build). */
function packagesOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8')
  return [...text.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'".][^'"]*)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)]
    .map((m) => m[1]!)
    .filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0]!))
    .map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!))
}

describe('what the server runs is installed in production', () => {
  it('every package the engine and the app’s server modules import is a dependency, not a devDependency (npm ci --omit=dev)', () => {
    const files = [...runtimeFiles('engine', false), ...runtimeFiles('forms/_lib', false), ...runtimeFiles('app', true)]
    expect(files.length).toBeGreaterThan(100)
    const missing = files.flatMap((file) => packagesOf(file)
      // The generated Prisma clients, by path alias (prisma/client.ts).
      .filter((name) => !name.startsWith('@zhifa/') && !(name in manifest.dependencies))
      .map((name) => `${name} (${file})`))
    expect(missing).toEqual([])
  })
})
