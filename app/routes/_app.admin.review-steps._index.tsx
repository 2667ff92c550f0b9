/**
 * 审核环节配置: the procedures with review steps, each with the version in
 * force for the department configured — its own, or followed from the level
 * above — and whether its steps were configured here or read from the shipped
 * definition (issue 13 part 3, ADR 034, ADR 040). Legal reviewers for their
 * organ and those below it, region process administrators for every organ
 * (rules as data: `update ReviewSteps` on the department).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Table, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { departmentToConfigure, procedureSteps, REVIEW_PROCEDURES } from '../services/review-steps/review-steps.server.ts'
import { DepartmentChoice, InForceTag } from '../components/review-steps/department-choice.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '审核环节配置 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'ReviewSteps')
  const { department, choices } = await orRespond(departmentToConfigure(db, ability, actor, new URL(request.url).searchParams.get('department')))
  const rows = await Promise.all(REVIEW_PROCEDURES.map(async (key) => {
    const { definition, config, stored, inForce } = await procedureSteps(db, key, department)
    return { key, name: definition.name, version: definition.version, stored, inForce, sections: config.sections.map((s) => s.title) }
  }))
  return { rows, department, choices }
}

export default function ReviewStepsIndex() {
  const { rows, department, choices } = useLoaderData<typeof loader>()
  const query = `?department=${encodeURIComponent(department.id)}`
  return (
    <>
      <h1 className="zf-page-title">审核环节配置</h1>
      <p>为每个执法程序设置审核、审批步骤：由谁办理、几人办理（或签、会签、按比例）、何时适用、期限与逾期处理、退回到哪里。保存前检查全部部署规则和法定环节（未经案件审理审查不得作出决定），保存后作为新的流程版本生效，进行中的事项沿用原版本。
        {department.region ? '自治区保存的版本对全区生效（已有自有版本的机关除外）。' : `在此保存的版本只对${department.name}及下级部门新开启的事项生效。`}</p>
      <DepartmentChoice department={department} choices={choices} to="/admin/review-steps" />
      <Table
        rowKey="key" size="small" dataSource={rows} pagination={false} data-testid="review-procedures"
        columns={[
          { title: '程序', render: (_, r) => <Link to={`/admin/review-steps/${r.key}${query}`}>{r.name}</Link> },
          { title: '审核环节', render: (_, r) => r.sections.join('；') },
          { title: '生效版本', render: (_, r) => <span data-testid={`in-force-${r.key}`}>v{r.version} <InForceTag department={department} inForce={r.inForce} /></span> },
          { title: '来源', render: (_, r) => (r.stored ? <Tag color="blue">已配置</Tag> : <Tag>随版本发布</Tag>) },
        ]}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
