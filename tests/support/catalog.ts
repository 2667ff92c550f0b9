/**
 * A server process's catalog wiring for tests: a catalog on the test
 * database (checked on every call), the workflow reading its active
 * definitions and forms, and a shipped root whose files a test may change
 * (definitions and reference lists copied, forms linked).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../../prisma/client.ts'
import type { Clock } from '../../engine/clock.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { createCatalog, type Catalog } from '../../app/services/catalog/catalog.server.ts'
import type { ImportDeps } from '../../app/services/catalog/import.server.ts'
import { syncBaseline } from '../../app/services/catalog/baseline.server.ts'
import { activeVersionOf } from '../../app/services/catalog/definition-in-force.server.ts'
import { seedDemo } from '../../app/services/demo-seed.server.ts'
import { seedCalendar } from '../../engine/index.ts'
import { createDocumentService, type DocumentService } from '../../app/services/documents/documents.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'

export const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/**
 * What one server process holds: its catalog, its workflow engine and its documents (no LibreOffice).
 * `applyReferenceLists`: the catalog installs its reference lists (roles…) into this process's modules, as the server's own does.
 */
export function serverProcess(db: Db, clock: Clock, options: { applyReferenceLists?: boolean } = {}): ImportDeps & { documents: DocumentService } {
  const catalog: Catalog = createCatalog(db, { checkEveryMs: 0, applyReferenceLists: options.applyReferenceLists })
  const validator = createFormValidator(catalog.forms)
  const documents = createDocumentService({ db, registry: catalog.forms, validator, renderer: createRenderer(noPdfConverter), clock, baseUrl: 'https://zhifa.example' })
  const workflow = createWorkflow({
    db, clock, registry: catalog.forms, validator, documents: async () => documents,
    activeVersion: activeVersionOf(catalog),
  })
  return { db, clock, workflow, catalog, documents }
}

/** A server process as it starts: the shipped folders synced into the catalog by its own workflow (bootstrap's order). */
export async function startServerProcess(db: Db, clock: Clock, root = repoRoot): Promise<ImportDeps> {
  const server = serverProcess(db, clock)
  await syncBaseline(db, { workflow: server.workflow, clock, root })
  return server
}

/** A demo database with its calendar, as the first server process leaves it (the catalog seeded from the shipped folders). */
export async function seedDemoServer(db: Db, clock: Clock): Promise<void> {
  await seedCalendar(db)
  await seedDemo(db, clock)
  await startServerProcess(db, clock)
}

/** A copy of the shipped folders that a test may edit (forms are linked: they are large and read-only here). */
export function shippedCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-shipped-'))
  fs.cpSync(path.join(repoRoot, 'definitions'), path.join(root, 'definitions'), { recursive: true, filter: (src) => !src.includes('_tests') && !src.includes('_tools') })
  fs.cpSync(path.join(repoRoot, 'catalog'), path.join(root, 'catalog'), { recursive: true })
  fs.symlinkSync(path.join(repoRoot, 'forms'), path.join(root, 'forms'))
  return root
}

/** A definition of the shipped ones with its name changed: new content, same behaviour. */
export function renamed(key: string, name: string, root = repoRoot): string {
  const xml = fs.readFileSync(path.join(root, 'definitions', key, 'process.bpmn'), 'utf8')
  return xml.replace(/(<process id="[^"]+" name=")[^"]*"/, `$1${name}"`)
}

/** Writes files under a new temporary folder laid out like the shipped ones. */
export function bundleDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-bundle-'))
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}
