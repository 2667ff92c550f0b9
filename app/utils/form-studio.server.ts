/** The form studio's services as routes use them: this process's catalog, documents runtime, database and clock. */
import type { StudioDeps } from '../services/catalog/form-studio.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { documentRuntime } from '../services/documents/runtime.server.ts'
import { publicBaseUrl } from '../services/documents/base-url.server.ts'
import { db } from './db.server.ts'
import { clock } from './clock.server.ts'

export async function studioDeps(request: Request): Promise<StudioDeps> {
  const runtime = await documentRuntime()
  return { db, clock, catalog: catalog(), renderer: runtime.renderer, documents: runtime.service(db, { clock, baseUrl: publicBaseUrl(request) }) }
}
