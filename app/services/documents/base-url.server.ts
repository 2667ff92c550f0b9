/**
 * The address printed on documents (QR code and verification link): where
 * the system is reached. ZHIFA_BASE_URL, when set, is the public address and
 * wins (set it in production behind a proxy or a DNS name); otherwise the
 * origin of the request being served — server/index.js records it for every
 * request, so a document issued by a step the request completes gets it too
 * — and, outside any request (the scheduler), the port this server listens
 * on. Before, work outside the document routes printed
 * http://localhost:3000 on a server started with another PORT.
 */
import { requestOrigin } from '../../utils/request-memo.server.ts'

type Env = Partial<Record<'ZHIFA_BASE_URL' | 'PORT' | 'NODE_ENV', string>>

export function publicBaseUrl(request?: Request, env: Env = process.env): string {
  const configured = env.ZHIFA_BASE_URL?.trim()
  if (configured) return configured.replace(/\/+$/, '')
  if (request) return new URL(request.url).origin
  return requestOrigin() ?? `http://localhost:${env.PORT || 3000}`
}

/** The start-up warning when production prints addresses it guessed. */
export function baseUrlWarning(env: Env = process.env): string | null {
  return env.NODE_ENV === 'production' && !env.ZHIFA_BASE_URL?.trim()
    ? '警告：未设置 ZHIFA_BASE_URL，文书二维码和核验地址将使用访问本系统的地址 warning: ZHIFA_BASE_URL is unset; documents print the address each request came in on'
    : null
}
