/** The form studio's services as routes use them: this process's catalog, documents runtime, database and clock; and the studio's guard. */
import type { StudioDeps } from '../services/catalog/form-studio.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { formOwner, mayPropose } from '../services/catalog/form-proposals.server.ts'
import { documentRuntime } from '../services/documents/runtime.server.ts'
import { publicBaseUrl } from '../services/documents/base-url.server.ts'
import { db } from './db.server.ts'
import { clock } from './clock.server.ts'
import { forbidden, requireActor, type AuthContext } from './auth.server.ts'
import { orRespond } from './http.server.ts'

export async function studioDeps(request: Request): Promise<StudioDeps> {
  const runtime = await documentRuntime()
  return { db, clock, catalog: catalog(), renderer: runtime.renderer, documents: runtime.service(db, { clock, baseUrl: publicBaseUrl(request) }) }
}

/** save: a process administrator (`manage Form`) saves versions; propose: the legal office of the form's owner (`create CatalogProposal`, ADR 041). */
export type StudioMode = 'save' | 'propose'

/**
 * The first line of the form studio's loader and action: 403 for whoever may
 * neither manage forms nor propose to any (before the form is looked up, so
 * nothing is told about it), 404 for an unknown form, 403 for a proposer
 * whose rules do not reach this form's owner.
 */
export async function requireFormStudio(request: Request, key: string): Promise<AuthContext & { mode: StudioMode }> {
  const auth = await requireActor(request)
  if (auth.ability.can('manage', 'Form')) return { ...auth, mode: 'save' }
  if (!auth.ability.can('create', 'CatalogProposal')) throw forbidden()
  await catalog().fresh()
  await orRespond(() => catalog().forms.get(key))
  if (!mayPropose(auth.ability, key, await formOwner(db, key))) throw forbidden()
  return { ...auth, mode: 'propose' }
}
