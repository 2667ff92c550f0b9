/**
 * The catalog of this server process, created once (kept on globalThis so
 * the dev server's module reloads share it). bootstrap loads it before the
 * first request and starts its counter check; routes and services read it.
 */
import { db } from '../../utils/db.server.ts'
import type { NumberingConfig } from '../documents/numbering.server.ts'
import { createCatalog, type Catalog } from './catalog.server.ts'

const holder = globalThis as unknown as { __zhifaCatalog?: Catalog }

export function catalog(): Catalog {
  holder.__zhifaCatalog ??= createCatalog(db, {
    applyReferenceLists: true,
    checkEveryMs: Number(process.env.ZHIFA_CATALOG_CHECK_MS ?? 1000),
  })
  return holder.__zhifaCatalog
}

/** The numbering patterns in force (reference list `numbering`), for document and case numbers alike; absent before the catalog loads: the shipped file. */
export function catalogNumbering(): NumberingConfig | undefined {
  return catalog().entry('reference', 'numbering') as NumberingConfig | undefined
}
