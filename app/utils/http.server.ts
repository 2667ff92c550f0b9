/**
 * The one place where typed service errors become HTTP: invalid input is a
 * 400 with field errors the form shows; the rest are thrown responses that
 * the ErrorBoundary renders with a Chinese message.
 */
import { data, redirect } from '@remix-run/node'
import { Conflict, Forbidden, InvalidInput, NotFound, type FieldErrors } from '../services/errors.ts'
import { InvalidForm } from '../services/documents/errors.ts'
import type { FieldError } from '../../forms/_lib/messages.ts'
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
  MOVE_REFUSED: 409,
  CONFLICT: 409,
  // The case's data gives a multi-instance step an impossible number of people: the user can fix the data.
  CARDINALITY_INVALID: 422,
}

/**
 * Typed errors of the documents service and forms/ (they carry a `type`),
 * with the Chinese text the page shows instead of their bilingual message.
 */
const byType: Record<string, { status: number; message: string }> = {
  DocumentNotFound: { status: 404, message: '文书不存在，或您无权查看。' },
  UnknownForm: { status: 404, message: '没有这种文书。' },
  NotIssuable: { status: 404, message: '这种表单不是可以制发的文书。' },
  DepartmentWithoutPrefix: { status: 409, message: '本机关尚未设置机关代字，文书无法编号。请联系执法系统管理员。' },
  DraftConflict: { status: 409, message: '草稿已在其他页面或设备上更新。' },
  DraftMigrationRefused: { status: 409, message: '草稿不能迁移到表单的新版本。' },
}

export function httpStatusOf(error: unknown): number | null {
  if (error instanceof Forbidden) return 403
  if (error instanceof NotFound) return 404
  if (error instanceof Conflict) return 409
  const { code, type } = (error ?? {}) as { code?: unknown; type?: unknown }
  if (typeof type === 'string' && byType[type]) return byType[type].status
  return typeof code === 'string' ? statusByCode[code] ?? null : null
}

function errorResponse(error: unknown, status: number): Response {
  const type = (error as { type?: unknown }).type
  const message = typeof type === 'string' && byType[type] ? byType[type].message : (error as Error).message
  return new Response(message, { status })
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
  if (status) throw errorResponse(error, status)
  throw error
}

/**
 * For actions submitting a statutory form: a payload the schema refuses is a
 * 400 with field errors addressed by JSON Pointer (shown on the rjsf
 * fields); everything else as in `actionError`.
 */
export function formActionError(error: unknown) {
  if (error instanceof InvalidForm) {
    return data<{ formError: string; fieldErrors: FieldError[] }>(
      { formError: '提交未成功，表单有需要修改的地方，请查看标红的栏目。', fieldErrors: error.errors },
      { status: 400 },
    )
  }
  const status = httpStatusOf(error)
  if (status) throw errorResponse(error, status)
  throw error
}

/** For loaders: turns known errors of the work (a promise or a function) into thrown responses. */
export async function orRespond<T>(work: Promise<T> | (() => T | Promise<T>)): Promise<T> {
  try {
    return await (typeof work === 'function' ? work() : work)
  } catch (error) {
    const status = httpStatusOf(error)
    if (status) throw errorResponse(error, status)
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
