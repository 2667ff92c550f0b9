/**
 * The one place where typed service errors become HTTP: invalid input is a
 * 400 with field errors the form shows; the rest are thrown responses that
 * the ErrorBoundary renders with a Chinese message.
 */
import { data, redirect } from '@remix-run/node'
import { Conflict, Forbidden, InvalidInput, NotFound, type FieldErrors } from '../services/errors.ts'
import { makeCookie, serializeCookie } from './cookies.server.ts'

export interface ActionErrors {
  formError?: string
  fieldErrors: FieldErrors
}

/** Known error kinds by their stable `code` (services of other modules use the same codes). */
const statusByCode: Record<string, number> = {
  'forbidden': 403,
  'not-found': 404,
  'conflict': 409,
  'gate-not-passed': 409,
  // Engine errors (engine/errors.ts) carry upper-case codes.
  FORBIDDEN: 403,
  TASK_NOT_FOUND: 404,
  INSTANCE_NOT_FOUND: 404,
  DEFINITION_NOT_FOUND: 404,
  TASK_NOT_ACTIVE: 409,
  NOT_WITHDRAWABLE: 409,
  CONFLICT: 409,
}

export function httpStatusOf(error: unknown): number | null {
  if (error instanceof Forbidden) return 403
  if (error instanceof NotFound) return 404
  if (error instanceof Conflict) return 409
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' ? statusByCode[code] ?? null : null
}

/**
 * For actions: returns 400 data for invalid input, throws a response for
 * known errors, rethrows anything unexpected (500).
 */
export function actionError(error: unknown) {
  if (error instanceof InvalidInput) {
    return data<ActionErrors>({ formError: error.message, fieldErrors: error.fieldErrors }, { status: 400 })
  }
  const status = httpStatusOf(error)
  if (status) throw new Response((error as Error).message, { status })
  throw error
}

/** For loaders: turns known errors into thrown responses. */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    const status = httpStatusOf(error)
    if (status) throw new Response((error as Error).message, { status })
    throw error
  }
}

const flashCookie = makeCookie('zf_flash', 60)

/** Redirect with a one-time notice ("已保存") shown on the next page. */
export async function redirectWithNotice(request: Request, to: string, notice: string) {
  return redirect(to, { headers: { 'Set-Cookie': await serializeCookie(flashCookie, request, notice) } })
}

/** Reads the notice and the header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: string | null; setCookie: string | null }> {
  const value = await flashCookie.parse(request.headers.get('cookie'))
  if (typeof value !== 'string' || !value) return { notice: null, setCookie: null }
  return { notice: value, setCookie: await serializeCookie(flashCookie, request, '', { expire: true }) }
}

/** Form fields as an object; a name given more than once becomes an array. */
export async function formFields(request: Request): Promise<Record<string, string | string[]>> {
  const form = await request.formData()
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of form) {
    if (typeof value !== 'string' || key === 'csrf') continue
    const existing = out[key]
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}
