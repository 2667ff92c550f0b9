/**
 * The documents runtime of a process: ONE LibreOffice converter, started
 * once (with the server, a CLI command or a bench) and shared by every
 * render, plus the form registry and validator. Routes get the service from
 * here; tests build their own with `createDocumentService`.
 */
import type { Db } from '../../../prisma/client.ts'
import { systemClock, type Clock } from '../../../engine/clock.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { createFormValidator, type FormValidator } from '../../../forms/_lib/validator.ts'
import { LibreOfficeConverter, noPdfConverter, type PdfConverter } from './converter.server.ts'
import { createRenderer, type DocumentRenderer } from './render.server.ts'
import { createDocumentService, type DocumentService } from './documents.server.ts'
import { publicBaseUrl } from './base-url.server.ts'
import { catalog, catalogNumbering } from '../catalog/runtime.server.ts'

export interface DocumentRuntime {
  registry: FormRegistry
  validator: FormValidator
  converter: PdfConverter
  renderer: DocumentRenderer
  service(db: Db, options?: { clock?: Clock; baseUrl?: string }): DocumentService
  close(): Promise<void>
}

let forms: { registry: FormRegistry; validator: FormValidator } | null = null

/**
 * The forms registry and validator of this process (no LibreOffice needed):
 * the catalog's active form versions, which follow activations in any
 * process on the same database (docs/decisions/025).
 */
export function formsRuntime(): { registry: FormRegistry; validator: FormValidator } {
  if (!forms) {
    const registry = catalog().forms
    forms = { registry, validator: createFormValidator(registry) }
  }
  return forms
}

// On globalThis, so the dev server's module reloads reuse the running
// converter instead of starting a second LibreOffice.
const holder = globalThis as unknown as { __zhifaDocumentRuntime?: Promise<DocumentRuntime> | null }

/** Starts (once) and returns the runtime; `ZHIFA_PDF=off` skips LibreOffice. */
export function documentRuntime(): Promise<DocumentRuntime> {
  holder.__zhifaDocumentRuntime ??= (async () => {
    const { registry, validator } = formsRuntime()
    const converter = process.env.ZHIFA_PDF === 'off' ? noPdfConverter : await LibreOfficeConverter.start()
    const renderer = createRenderer(converter)
    return {
      registry, validator, converter, renderer,
      service: (db, options = {}) => createDocumentService({
        db, registry, validator, renderer,
        numbering: catalogNumbering(),
        clock: options.clock ?? systemClock,
        baseUrl: options.baseUrl ?? publicBaseUrl(),
      }),
      async close() {
        holder.__zhifaDocumentRuntime = null
        await converter.close()
      },
    }
  })()
  return holder.__zhifaDocumentRuntime
}

/** Closes the runtime if one was started (server shut-down). */
export async function closeDocumentRuntime(): Promise<void> {
  const running = holder.__zhifaDocumentRuntime
  if (running) await (await running).close()
}
