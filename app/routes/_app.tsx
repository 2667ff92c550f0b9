import type { LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { App as AntApp } from 'antd'
import { useEffect } from 'react'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { takeNotice } from '../utils/http.server.ts'
import { navigationFor } from '../services/navigation.server.ts'
import { AntdProvider } from '../components/antd-provider.tsx'
import { AppShell } from '../components/app-shell.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  const { account, ability } = await requireActor(request)
  const { notice, setCookie } = await takeNotice(request)
  const unread = await db.notification.count({ where: { userId: account.id, readAt: null } })
  return data(
    {
      user: { displayName: account.displayName, departmentName: account.department.name, unread },
      nav: navigationFor(ability),
      notice,
    },
    setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined,
  )
}

function Notice({ text }: { text: string | null }) {
  const { message } = AntApp.useApp()
  useEffect(() => {
    if (text) message.success(text)
  }, [text, message])
  return null
}

export default function AppLayout() {
  const { user, nav, notice } = useLoaderData<typeof loader>()
  return (
    <AntdProvider>
      <AppShell user={user} nav={nav}>
        <Notice text={notice} />
        <Outlet />
      </AppShell>
    </AntdProvider>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
