import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'

// A bare route: no session, no database, no UI library. It answers health
// checks and is the floor that `npm run bench:pages` compares pages against.
export const meta: MetaFunction = () => [{ title: '运行状态' }]

export function loader() {
  return { status: 'ok', at: new Date().toISOString() }
}

export default function Health() {
  const { status, at } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>执法系统运行状态：{status === 'ok' ? '正常' : status}</h1>
      <p>{at}</p>
    </main>
  )
}
