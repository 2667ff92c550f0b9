// HTTP-layer guards run before Remix reads anything (ADR 024):
// - security headers: a Content-Security-Policy with a per-request script
//   nonce, and HSTS only when the request really came over HTTPS (directly,
//   or as a trusted proxy says);
// - cross-origin state-changing requests answer 403 (Remix would throw its
//   own CSRF check and answer 500);
// - request size limits by declared length, checked before the body is
//   read: sign-in a few KB, uploads their own limit, everything else 1 MB;
//   a body without a declared length (chunked) is refused with 411.
import crypto from 'node:crypto'

export const LIMITS = {
  signIn: 8 * 1024,
  upload: 21 * 1024 * 1024,
  form: 1024 * 1024,
}

/** The byte limit for a request's body, by path. */
export function bodyLimit(pathname) {
  // `/login.data` is the same form submitted by the page's JavaScript (Remix single fetch).
  if (/^\/login(\.data)?\/?$/.test(pathname)) return LIMITS.signIn
  // Verifying a document by uploading its PDF (app/routes/verify.$code.tsx, 20 MB plus the form around it).
  if (/^\/verify\/[^/]+\/?$/.test(pathname)) return LIMITS.upload
  // Importing a catalog export (app/routes/_app.admin.catalog.tsx): every form's template, in base64.
  if (/^\/admin\/catalog(\.data)?\/?$/.test(pathname)) return LIMITS.upload
  return LIMITS.form
}

const hasBody = (method) => !['GET', 'HEAD', 'OPTIONS'].includes(method)

function refuse(res, status, message) {
  res.status(status).set('Content-Type', 'text/plain; charset=utf-8').set('Connection', 'close').end(message)
}

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`
}

/** Express middleware: size limits by declared length, before the body is read. */
export function limitBodies() {
  return (req, res, next) => {
    if (!hasBody(req.method)) return next()
    const length = req.headers['content-length']
    if (req.headers['transfer-encoding'] && length === undefined) {
      return refuse(res, 411, '请求缺少长度信息 Content-Length required')
    }
    const limit = bodyLimit(req.path)
    if (length !== undefined && Number(length) > limit) {
      // The body is never read: the connection is closed after the answer.
      return refuse(res, 413, `请求内容过大（不能超过 ${sizeText(limit)}） request body too large`)
    }
    next()
  }
}

/** The origin the request was addressed to (scheme and host as the socket, or a trusted proxy, says). */
function ownOrigin(req, trustProxy) {
  const host = (trustProxy && req.get('x-forwarded-host')?.split(',')[0]?.trim()) || req.get('host')
  return `${req.protocol}://${host}`
}

/** Express middleware: state-changing requests from another site answer 403. */
export function refuseCrossOrigin({ trustProxy = false } = {}) {
  return (req, res, next) => {
    if (!hasBody(req.method)) return next()
    const origin = req.headers.origin
    const site = req.headers['sec-fetch-site']
    // `Origin: null` comes from sandboxed frames and data: pages, never from this site's own forms.
    if ((origin && origin !== ownOrigin(req, trustProxy)) || site === 'cross-site') {
      return refuse(res, 403, '拒绝来自其他网站的提交 cross-origin request refused')
    }
    next()
  }
}

/**
 * Express middleware: CSP with a fresh nonce for the page's inline scripts
 * (res.locals.cspNonce, handed to Remix through the load context), and HSTS
 * over HTTPS only — sent over plain HTTP it would lock browsers out of a
 * server that has no certificate.
 */
export function securityHeaders({ dev = false } = {}) {
  return (req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    // 'unsafe-eval': the statutory forms validate in the browser with ajv (@rjsf/validator-ajv8), which
    // compiles each schema into a function with new Function(); without it no form can be checked or
    // sent. Inline scripts still need the nonce. Precompiled validators would let us drop it (ADR 024).
    const script = dev ? `'self' 'unsafe-inline' 'unsafe-eval'` : `'self' 'nonce-${nonce}' 'unsafe-eval'`
    res.setHeader('Content-Security-Policy', [
      `default-src 'self'`,
      `script-src ${script}`,
      // antd sets inline style attributes; no inline <style> from the app itself.
      `style-src 'self' 'unsafe-inline'`,
      `img-src 'self' data: blob:`,
      `font-src 'self' data:`,
      `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
      `frame-ancestors 'none'`,
      `form-action 'self'`,
      `base-uri 'self'`,
      `object-src 'none'`,
    ].join('; '))
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}
