/**
 * Comparing two versions of a procedure (issue 12 part 3): both diagrams
 * side by side (one above the other on a phone) with added steps green,
 * removed red and changed amber, and the table of what changed in each —
 * names, zf attributes, conditions, the ends of flows — from the engine's
 * diff (engine/definition/definition-diff.ts). The same as JSON at
 * compare.json.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Button, Space, Table, Tag } from 'antd'
import diagramStyles from 'bpmn-js/dist/assets/diagram-js.css?url'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { compareVersions } from '../services/studio/compare.server.ts'
import { compareQuery } from '../services/studio/compare-query.ts'
import { InvalidInput } from '../services/errors.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { VersionDiagram, type DiffMark } from '../components/studio/version-diagram.tsx'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: diagramStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `比较第 ${data?.from.version ?? ''} 版与第 ${data?.to.version ?? ''} 版 · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const key = params.key ?? ''
  let query: { from: number; to: number }
  try {
    query = compareQuery(new URL(request.url))
  } catch (error) {
    if (error instanceof InvalidInput) throw new Response(error.message, { status: 400 })
    throw error
  }
  const comparison = await orRespond(compareVersions(db, key, query.from, query.to).catch((error: unknown) => {
    if (error instanceof InvalidInput) throw new Response(Object.values(error.fieldErrors).flat().join('；'), { status: 400 })
    throw error
  }))
  const versions = await db.processDefinition.findMany({ where: { key }, orderBy: { version: 'desc' }, select: { version: true } })
  return { ...comparison, versions: versions.map((v) => v.version) }
}

const MARK_TAGS: Record<DiffMark, { color: string; text: string }> = {
  added: { color: 'green', text: '新增' }, removed: { color: 'red', text: '删除' }, changed: { color: 'gold', text: '修改' },
}

export default function CompareVersionsPage() {
  const { key, from, to, added, removed, changed, versions } = useLoaderData<typeof loader>()
  const beforeMarks: Record<string, DiffMark> = Object.fromEntries([...removed.map((e) => [e.id, 'removed']), ...changed.map((e) => [e.id, 'changed'])])
  const afterMarks: Record<string, DiffMark> = Object.fromEntries([...added.map((e) => [e.id, 'added']), ...changed.map((e) => [e.id, 'changed'])])
  const rows = [
    ...added.map((e) => ({ ...e, mark: 'added' as const, changes: [] as typeof changed[number]['changes'] })),
    ...removed.map((e) => ({ ...e, mark: 'removed' as const, changes: [] as typeof changed[number]['changes'] })),
    ...changed.map((e) => ({ ...e, mark: 'changed' as const })),
  ]
  return (
    <>
      <p><Link to={`/admin/definitions/${key}`}>← {to.name}的版本</Link></p>
      <h1 className="zf-page-title">比较第 {from.version} 版与第 {to.version} 版</h1>
      <Form method="get" style={{ marginBottom: 12 }}>
        <Space wrap>
          <label>从 <select name="from" defaultValue={from.version}>{versions.map((v) => <option key={v} value={v}>第 {v} 版</option>)}</select></label>
          <label>到 <select name="to" defaultValue={to.version}>{versions.map((v) => <option key={v} value={v}>第 {v} 版</option>)}</select></label>
          <Button htmlType="submit" size="small">比较</Button>
        </Space>
      </Form>
      <p data-testid="compare-summary">
        新增 {added.length} 处，删除 {removed.length} 处，修改 {changed.length} 处（布局的变化不计）。
        图例：<Tag color="green">新增</Tag><Tag color="red">删除</Tag><Tag color="gold">修改</Tag>
      </p>
      <div className="zf-compare">
        <section className="zf-section">
          <h2>第 {from.version} 版（原）</h2>
          <VersionDiagram xml={from.xml} marks={beforeMarks} label={`第 ${from.version} 版流程图，红色为删除的环节，黄色为修改的环节`} />
        </section>
        <section className="zf-section">
          <h2>第 {to.version} 版（新）</h2>
          <VersionDiagram xml={to.xml} marks={afterMarks} label={`第 ${to.version} 版流程图，绿色为新增的环节，黄色为修改的环节`} />
        </section>
      </div>
      <section className="zf-section">
        <h2>变化</h2>
        <Table
          size="small" pagination={false} rowKey={(r) => `${r.mark}:${r.id}`} dataSource={rows} data-testid="compare-changes" scroll={{ x: 'max-content' }}
          locale={{ emptyText: '两个版本的流程相同' }}
          onRow={(r) => ({ 'data-element': r.id, 'data-mark': r.mark } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: '变化', render: (_, r) => <Tag color={MARK_TAGS[r.mark].color}>{MARK_TAGS[r.mark].text}</Tag> },
            { title: '元素', render: (_, r) => <span>{r.typeTitle} {r.name ? `「${r.name}」` : ''}<br /><small>{r.id}</small></span> },
            {
              title: '属性变化', render: (_, r) => (r.changes.length ? (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {r.changes.map((c) => <li key={c.name}><strong>{c.title}</strong>：{c.before ?? '（无）'} → {c.after ?? '（无）'}</li>)}
                </ul>
              ) : null),
            },
          ]}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
