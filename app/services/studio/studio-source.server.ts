/**
 * What the studio opens: the active version of a procedure (the catalog's
 * ProcessDefinition row), or a shipped definition as the template of a new
 * one. A key with neither is a NotFound.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Catalog } from '../catalog/catalog.server.ts'
import { shippedCallTargets } from '../workflow/workflow.server.ts'
import { NotFound } from '../errors.ts'

export interface StudioSource {
  key: string
  name: string
  xml: string
  /** The version opened; null: a new procedure from a template. */
  version: number | null
  template: string | null
}

/** The active version's row (the newest when none is active yet). */
export async function activeDefinitionRow(db: Db, catalog: Catalog, key: string) {
  const version = catalog.activeDefinition(key)
  return db.processDefinition.findFirst({
    where: version === null ? { key } : { key, version },
    orderBy: { version: 'desc' },
    select: { key: true, name: true, version: true, xml: true },
  })
}

export async function studioSource(db: Db, catalog: Catalog, key: string, template: { key: string; name: string } | null): Promise<StudioSource> {
  const row = await activeDefinitionRow(db, catalog, key)
  if (row) return { key, name: row.name || key, xml: row.xml, version: row.version, template: null }
  const xml = template ? await shippedCallTargets().xml(template.key) : null
  if (!template || !xml) throw new NotFound(`流程定义「${key}」不存在`)
  return { key, name: template.name || key, xml, version: null, template: template.key }
}
