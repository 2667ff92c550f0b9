/**
 * 审核环节配置: the procedures with review steps, each with its version in
 * force and whether its steps were configured here or read from the shipped
 * definition (issue 13 part 3, ADR 034). Legal reviewers and region process
 * administrators (rules as data: `update ReviewSteps`).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Table, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { procedureSteps, REVIEW_PROCEDURES } from '../services/review-steps/review-steps.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '审核环节配置 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'update', 'ReviewSteps')
  const rows = await Promise.all(REVIEW_PROCEDURES.map(async (key) => {
    const { definition, config, stored } = await procedureSteps(db, key)
    return { key, name: definition.name, version: definition.version, stored, sections: config.sections.map((s) => s.title) }
  }))
  return { rows }
}

export default function ReviewStepsIndex() {
  const { rows } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">审核环节配置</h1>
      <p>为每个执法程序设置审核、审批步骤：由谁办理、几人办理（或签、会签、按比例）、何时适用、期限与逾期处理、退回到哪里。保存前检查全部部署规则和法定环节（未经案件审理审查不得作出决定），保存后作为新的流程版本生效，进行中的事项沿用原版本。</p>
      <Table
        rowKey="key" size="small" dataSource={rows} pagination={false} data-testid="review-procedures"
        columns={[
          { title: '程序', render: (_, r) => <Link to={`/admin/review-steps/${r.key}`}>{r.name}</Link> },
          { title: '审核环节', render: (_, r) => r.sections.join('；') },
          { title: '生效版本', render: (_, r) => `v${r.version}` },
          { title: '来源', render: (_, r) => (r.stored ? <Tag color="blue">已配置</Tag> : <Tag>随版本发布</Tag>) },
        ]}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
