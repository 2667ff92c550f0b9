/**
 * The Content-Security-Policy nonce of this response (server/http-guards.js),
 * given by entry.server to the inline scripts Remix renders. In the browser
 * it is empty: the nonce only matters for the first HTML.
 */
import { createContext, useContext } from 'react'

const NonceContext = createContext<string>('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
