/**
 * The documents service as routes use it: the process's one documents
 * runtime (its LibreOffice converter was started with the server), over the
 * app's database and clock. Verification addresses printed on documents use
 * ZHIFA_BASE_URL — set it in production to the public address — and fall
 * back to the address the request came in on.
 */
import { documentRuntime } from '../services/documents/runtime.server.ts'
import { publicBaseUrl } from '../services/documents/base-url.server.ts'
import type { DocumentService } from '../services/documents/documents.server.ts'
import type { FormRegistry } from '../../forms/_lib/registry.ts'
import { db } from './db.server.ts'
import { clock } from './clock.server.ts'

export async function documentsFor(request: Request): Promise<{ service: DocumentService; registry: FormRegistry }> {
  const runtime = await documentRuntime()
  return { service: runtime.service(db, { clock, baseUrl: publicBaseUrl(request) }), registry: runtime.registry }
}

/** The registry alone (pages that only list or render forms). */
export async function formRegistry(): Promise<FormRegistry> {
  return (await documentRuntime()).registry
}

/** The registry and whether PDFs can be made right now (LibreOffice running). */
export async function documentsRuntimeInfo(): Promise<{ registry: FormRegistry; pdfAvailable: boolean }> {
  const runtime = await documentRuntime()
  return { registry: runtime.registry, pdfAvailable: runtime.renderer.pdfAvailable() }
}
