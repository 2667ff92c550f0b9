/**
 * Input checks every request goes through before a service sees it
 * (ADR 024): where to go after sign-in, control characters, JSON depth.
 */

/**
 * A same-origin path to go to after sign-in, or `/`. Browsers drop tabs and
 * line breaks inside URLs, so `/\t/evil.example` would become the
 * protocol-relative `//evil.example`: anything with a control character or
 * a backslash is refused, and the rest must resolve to this origin.
 *
 * @example safeRedirect('/matters?kind=inspection') // '/matters?kind=inspection'
 * @example safeRedirect('/%09/evil.example') // '/%09/evil.example' stays a path here
 * @example safeRedirect('/\t/evil.example') // '/'
 */
export function safeRedirect(to: unknown): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > 2048) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to) || to.startsWith('//')) return '/'
  const base = 'http://zhifa.invalid'
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return '/'
  }
  return url.origin === base ? url.pathname + url.search + url.hash : '/'
}

/**
 * Characters no field of this system may contain: NUL and the other C0
 * controls except tab and line breaks, and DEL. PostgreSQL cannot store NUL
 * in text at all (it answered 500); SQLite would store it silently.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value)
}

/** True when any string inside a parsed JSON value (keys included) has a control character. */
export function jsonHasControlCharacters(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (CONTROL.test(item)) return true
    } else if (Array.isArray(item)) {
      stack.push(...item)
    } else if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) {
        if (CONTROL.test(k)) return true
        stack.push(v)
      }
    }
  }
  return false
}

export const MAX_JSON_DEPTH = 64

/**
 * JSON.parse with a nesting limit checked on the text first, without
 * recursion: a 50,000-deep array is refused here instead of overflowing the
 * stack of whatever walks it later (the validator, the database driver).
 * Returns `{ ok: false }` for bad JSON and for too deep JSON alike.
 */
export function parseJsonWithin(text: string, maxDepth = MAX_JSON_DEPTH): { ok: true; value: unknown } | { ok: false; reason: 'depth' | 'syntax' } {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { ok: false, reason: 'depth' }
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, reason: 'syntax' }
  }
}

/** A refusal of bad input before any service runs: 400 with a Chinese message. */
export function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

export const controlCharacterMessage = '提交的内容含有不可见的控制字符（如 NUL），请删除后重试。'

/**
 * Throws a 400 when the query string, a form body or a JSON body carries a
 * control character, or the JSON is nested too deep. Reads a clone, so the
 * action can still read the body. (Multipart bodies — file uploads — are
 * left to their own reader; their files are bytes, not text.)
 */
export async function refuseControlCharacters(request: Request): Promise<void> {
  for (const [key, value] of new URL(request.url).searchParams) {
    if (CONTROL.test(key) || CONTROL.test(value)) throw badRequest(controlCharacterMessage)
  }
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())) return
  const type = request.headers.get('content-type') ?? ''
  if (type.includes('application/x-www-form-urlencoded')) {
    let form: FormData
    try {
      form = await request.clone().formData()
    } catch {
      throw badRequest('提交的内容无法读取。')
    }
    for (const [key, value] of form) {
      if (CONTROL.test(key) || (typeof value === 'string' && CONTROL.test(value))) throw badRequest(controlCharacterMessage)
    }
  } else if (type.includes('json')) {
    const parsed = parseJsonWithin(await request.clone().text())
    if (!parsed.ok) throw badRequest(parsed.reason === 'depth' ? `内容嵌套过深（超过 ${MAX_JSON_DEPTH} 层）。` : '内容无法读取。')
    if (jsonHasControlCharacters(parsed.value)) throw badRequest(controlCharacterMessage)
  }
}
