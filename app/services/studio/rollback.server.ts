/**
 * Rolling a procedure back: an older version is published again through the
 * catalog's import, so it passes every check a publish passes (the forms and
 * roles it names must still exist, the statutory gates) and is activated
 * with the note 回退到第 N 版 in one audited transaction. Versions are
 * content-addressed (ADR 025): the older version itself becomes the one in
 * force again — no copy with a new number — and the operation log's
 * activation entry records who rolled back, when and why (docs/decisions/031).
 */
import type { Actor } from '../../../engine/actor.ts'
import { importBundle, type ImportDeps } from '../catalog/import.server.ts'
import { Conflict, InvalidInput, NotFound } from '../errors.ts'

export async function rollBack(deps: ImportDeps, key: string, version: number, actor: Actor, reason = ''): Promise<{ note: string }> {
  const row = await deps.db.processDefinition.findUnique({ where: { key_version: { key, version } }, select: { xml: true } })
  if (!row) throw new NotFound(`流程「${key}」没有第 ${version} 版`)
  const current = await deps.catalog.reload()
  if (current.definitions.get(key) === version) throw new Conflict(`第 ${version} 版已是生效版本`)
  const note = `回退到第 ${version} 版${reason.trim() ? `：${reason.trim()}` : ''}`
  const result = await importBundle(deps, { definitions: [{ key, xml: row.xml }], forms: [], entries: [], gates: undefined, problems: [] }, { note, actor })
  if (!result.ok) throw new InvalidInput({ version: result.problems }, `第 ${version} 版不能再次发布：${result.problems.join('；')}`)
  return { note }
}
