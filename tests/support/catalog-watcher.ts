/**
 * A second server process for the catalog test: opens its own client on
 * DATABASE_URL, loads its catalog, polls the counter as a server does, and
 * prints the active version of one form each time it changes:
 *   node --import tsx tests/support/catalog-watcher.ts <formKey>
 */
import { createDb } from '../../prisma/client.ts'
import { createCatalog } from '../../app/services/catalog/catalog.server.ts'

const formKey = process.argv[2] ?? 'penalty-decision'
const db = createDb()
const catalog = createCatalog(db, { checkEveryMs: 250 })
await catalog.reload()
catalog.startPolling()
let last = ''
const timer = setInterval(() => {
  // What a request handler does: a memory read of the current registry, no query.
  const form = catalog.forms.get(formKey)
  const line = JSON.stringify({ version: (form as { version?: number }).version ?? null, title: form.manifest.title, hash: form.contentHash })
  if (line !== last) console.log(line)
  last = line
}, 50)
process.on('SIGTERM', () => {
  clearInterval(timer)
  catalog.stopPolling()
  void db.$disconnect().then(() => process.exit(0))
})
