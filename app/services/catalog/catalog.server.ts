/**
 * The catalog of a server process: the active configuration, held in memory
 * and swapped whole when the database's counter moves. `current()` is a
 * memory read for the hot path; `fresh()` looks at the counter at most once
 * per `checkEveryMs` (one indexed single-row read) and reloads only when it
 * moved; `startPolling()` runs that check on a timer so that another process
 * activating a form is seen here within about a second, even by code that
 * only reads `current()` (docs/decisions/025).
 */
import type { Db } from '../../../prisma/client.ts'
import { loadRegistry, UnknownForm, type FormRegistry, type LoadedForm } from '../../../forms/_lib/registry.ts'
import { readCounter } from './counter.server.ts'
import { emptySnapshot, entryId, loadSnapshot, type CatalogSnapshot } from './snapshot.server.ts'
import { referenceLists } from './reference-lists.ts'
import { forgetMatterPins } from './matter-forms.server.ts'
import type { CatalogKind } from './kinds.ts'
import { versionInForce } from './department-versions.ts'

const NONE: ReadonlyMap<string, number> = new Map()

export interface CatalogOptions {
  checkEveryMs?: number
  /** Forms with no catalog row yet (a database not seeded): the shipped folder. */
  fallbackForms?: () => FormRegistry
  /** Install the active reference lists into this process's modules (the server's own catalog only). */
  applyReferenceLists?: boolean
  now?: () => number
}

export interface Catalog {
  current(): CatalogSnapshot
  fresh(): Promise<CatalogSnapshot>
  reload(): Promise<CatalogSnapshot>
  /** The active forms as a registry; lookups read the current snapshot. */
  readonly forms: FormRegistry
  /**
   * The version of a definition in force, or null (none named: the newest).
   * With a department's path: its own version or the nearest one up its tree
   * (docs/decisions/040); without, or when none has one, the active version.
   */
  activeDefinition(key: string, departmentPath?: string | null): number | null
  /** Department id → own version of the definition (empty for nearly every key). */
  departmentDefinitions(key: string): ReadonlyMap<string, number>
  entry(kind: CatalogKind, key: string): unknown
  startPolling(): void
  stopPolling(): void
}

export function createCatalog(db: Db, options: CatalogOptions = {}): Catalog {
  const checkEveryMs = options.checkEveryMs ?? 1000
  const now = options.now ?? Date.now
  let snapshot: CatalogSnapshot = emptySnapshot
  let checkedAt = -Infinity
  let pending: Promise<CatalogSnapshot> | null = null
  let timer: NodeJS.Timeout | null = null
  let fallback: FormRegistry | null = null
  const fallbackForms = () => (fallback ??= (options.fallbackForms ?? (() => loadRegistry()))())

  function install(next: CatalogSnapshot): CatalogSnapshot {
    snapshot = next
    // The counter also moves when a matter's form version moved (a migrated draft, docs/decisions/039).
    forgetMatterPins()
    if (options.applyReferenceLists) {
      for (const list of referenceLists) {
        const entry = next.entries.get(entryId('reference', list.key))
        if (entry && list.apply) list.apply(entry.content)
      }
    }
    return next
  }

  async function reload(): Promise<CatalogSnapshot> {
    checkedAt = now()
    return install(await loadSnapshot(db))
  }

  async function check(): Promise<CatalogSnapshot> {
    checkedAt = now()
    const counter = await readCounter(db)
    return counter === snapshot.counter ? snapshot : reload()
  }

  function fresh(): Promise<CatalogSnapshot> {
    if (now() - checkedAt < checkEveryMs) return Promise.resolve(snapshot)
    // One check at a time: concurrent requests share it.
    pending ??= check().finally(() => { pending = null })
    return pending
  }

  function form(key: string): LoadedForm | undefined {
    return snapshot.forms.get(key) ?? (fallbackForms().has(key) ? fallbackForms().get(key) : undefined)
  }

  const forms: FormRegistry = {
    get dir() { return fallbackForms().dir },
    keys: () => [...new Set([...fallbackForms().keys(), ...snapshot.forms.keys()])].sort(),
    has: (key) => form(key) !== undefined,
    get(key) {
      const found = form(key)
      if (!found) throw new UnknownForm(key)
      return found
    },
    all: () => forms.keys().map((k) => forms.get(k)),
  }

  return {
    current: () => snapshot,
    fresh,
    reload,
    forms,
    activeDefinition: (key, departmentPath) => versionInForce(snapshot.departmentDefinitions.get(key), departmentPath, snapshot.definitions.get(key) ?? null).version,
    departmentDefinitions: (key) => snapshot.departmentDefinitions.get(key) ?? NONE,
    entry: (kind, key) => snapshot.entries.get(entryId(kind, key))?.content,
    startPolling() {
      if (timer) return
      timer = setInterval(() => { fresh().catch(() => { /* the database is away: keep what we have, try again */ }) }, checkEveryMs)
      // The check must never keep a finished process (a CLI command, a test) alive.
      timer.unref()
    },
    stopPolling() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
