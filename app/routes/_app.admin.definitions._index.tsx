/**
 * 流程定义: the process administrators' home in the studio (issue 12 part
 * 3) — every procedure with the version in force, who published it and
 * when, and how many instances still run on it; from here they open a
 * procedure's versions (compare, simulate, roll back), edit it in the
 * modeler, or start a new one.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Space, Table, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { procedureList } from '../services/studio/procedures.server.ts'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { shanghaiMinute } from '../components/studio/shanghai-time.ts'

export const meta: MetaFunction = () => [{ title: '流程定义 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  return { procedures: await procedureList(db) }
}

export default function DefinitionsPage() {
  const { procedures } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">流程定义</h1>
      <p>
        编辑和发布流程定义；每次发布形成新版本，新开启的事项按生效版本办理，进行中的事项沿用开启时的版本。
        表单、模板和参考清单见 <Link to="/admin/catalog">配置目录</Link>。
      </p>
      <p><ButtonLink to="/admin/definitions/new" type="primary">新建流程</ButtonLink></p>
      <Table
        rowKey="key" size="small" dataSource={procedures} pagination={false} data-testid="procedures" scroll={{ x: 'max-content' }}
        columns={[
          { title: '流程', render: (_, p) => <Link to={`/admin/definitions/${p.key}`}>{p.name}</Link> },
          { title: '键', dataIndex: 'key', responsive: ['md'] },
          { title: '生效版本', render: (_, p) => <Tag color="green">第 {p.activeVersion} 版</Tag> },
          { title: '发布', render: (_, p) => `${p.publishedByName ?? '系统'} ${shanghaiMinute(p.publishedAt)}` },
          { title: '运行中', render: (_, p) => <span data-testid={`running-${p.key}`}>{p.running}</span> },
          {
            title: '操作', render: (_, p) => (
              <Space wrap size={4}>
                <Link to={`/admin/definitions/${p.key}`} aria-label={`「${p.name}」的版本`}>版本</Link>
                <Link to={`/admin/definitions/${p.key}/edit`} aria-label={`编辑「${p.name}」`}>编辑</Link>
              </Space>
            ),
          },
        ]}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
