import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import antdStylesheet from 'antd/dist/antd.css?url'
import appStylesheet from './styles/app.css?url'
import { csrfToken } from './utils/csrf.server.ts'
import { StandaloneErrorBoundary } from './components/error-boundary.tsx'
import { useNonce } from './utils/nonce.tsx'

export const meta: MetaFunction = () => [{ title: '执法 · 安全生产执法信息系统' }]

// One static, fingerprinted stylesheet for antd (zero-runtime theme), so
// pages arrive styled before JavaScript runs and nothing is extracted per request.
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: antdStylesheet },
  { rel: 'stylesheet', href: appStylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const { token, setCookie } = await csrfToken(request)
  return data({ csrf: token }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined)
}

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof loader>('root')?.csrf ?? ''
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <StandaloneErrorBoundary />
}
