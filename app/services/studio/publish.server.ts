/**
 * Publishing a definition from the studio: the catalog's import with a
 * bundle holding that one definition, so every deploy check (moddle,
 * bpmnlint, our rules, the statutory gates), the versioning, the activation
 * and the operation log are the import's. The definition is first checked
 * here with the same function to return problems with their element ids
 * (and a bypassed gate's path), which the studio marks on the canvas.
 */
import type { Actor } from '../../../engine/actor.ts'
import type { DefinitionProblem } from '../../../engine/errors.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import { validateForApp } from '../workflow/workflow.server.ts'
import { callTargets, importBundle, type ImportDeps } from '../catalog/import.server.ts'
import type { CatalogBundle } from '../catalog/bundle.server.ts'
import { ITEM_KEY } from '../catalog/kinds.ts'

export type PublishResult =
  | { ok: true; key: string; version: number; unchanged: boolean }
  | { ok: false; problems: DefinitionProblem[] }

function refused(code: string, message: string, messageEn: string): PublishResult {
  return { ok: false, problems: [{ elementId: null, code, message, messageEn }] }
}

export async function publishDefinition(deps: ImportDeps, input: { key: string; xml: string; note: string; actor: Actor }): Promise<PublishResult> {
  const note = input.note.trim()
  if (!note) return refused('NOTE_MISSING', '请填写变更说明：为什么改', 'a change note is required')
  if (!ITEM_KEY.test(input.key)) return refused('KEY_INVALID', `流程键「${input.key}」不合规：只能用小写字母、数字和连字符`, 'invalid definition key')
  const bundle: CatalogBundle = { definitions: [{ key: input.key, xml: input.xml }], forms: [], entries: [], gates: undefined, problems: [] }
  const checked = await validateForApp(input.xml, createFormValidator(deps.catalog.forms), deps.catalog.forms, await callTargets(deps.db, bundle))
  if (!checked.ok) return { ok: false, problems: checked.problems }
  if (checked.key !== input.key) {
    return refused('KEY_MISMATCH', `流程 id「${checked.key}」与流程键「${input.key}」不一致：请在「常规」中把流程 ID 改为 ${input.key}`, `process id ${checked.key} differs from key ${input.key}`)
  }
  const result = await importBundle(deps, bundle, { note, actor: input.actor })
  if (!result.ok) return { ok: false, problems: result.problems.map((message) => ({ elementId: null, code: 'PUBLISH_REFUSED', message, messageEn: message })) }
  const activated = result.activated.find((a) => a.startsWith(`definition:${input.key} v`))
  const version = activated ? Number(activated.slice(activated.lastIndexOf('v') + 1)) : deps.catalog.activeDefinition(input.key) ?? 0
  return { ok: true, key: input.key, version, unchanged: !activated }
}
