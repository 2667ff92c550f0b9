/**
 * 权限说明: a region administrator chooses a user and a record (a document
 * by number, a matter by number, a task by id) and sees, for each action,
 * whether it is allowed and which rule allows or denies it (ADR 026).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Alert, Button, List, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { httpStatusOf } from '../utils/http.server.ts'
import { explainAccess, type RecordKind } from '../services/permissions/explain.server.ts'
import { SelectField, TextField } from '../components/form-fields.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '权限说明 · 执法' }]

const KINDS: Array<{ value: RecordKind; label: string }> = [
  { value: 'document', label: '文书（文号或编号）' },
  { value: 'matter', label: '事项（编号）' },
  { value: 'task', label: '待办环节（编号）' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Permission')
  const p = new URL(request.url).searchParams
  // Rules are the region's to keep for everyone: its administrators explain them for any account (names only, no content).
  const users = await db.user.findMany({ orderBy: { loginName: 'asc' }, select: { loginName: true, displayName: true } })
  const asked = { user: p.get('user')?.trim() ?? '', kind: (KINDS.find((k) => k.value === p.get('kind'))?.value ?? 'document') as RecordKind, ref: p.get('ref')?.trim().slice(0, 100) ?? '' }
  let explanation = null
  let problem: string | null = null
  if (asked.user && asked.ref) {
    if (!users.some((u) => u.loginName === asked.user)) problem = '未找到该用户。'
    else {
      try {
        explanation = await explainAccess(db, clock, { loginName: asked.user, kind: asked.kind, ref: asked.ref })
      } catch (error) {
        if (httpStatusOf(error) !== 404) throw error
        problem = (error as Error).message
      }
    }
  }
  return { users: users.map((u) => ({ value: u.loginName, label: `${u.displayName}（${u.loginName}）` })), asked, explanation, problem }
}

export default function ExplainPage() {
  const { users, asked, explanation, problem } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">权限说明</h1>
      <p><Link to="/admin/permissions">返回权限规则</Link></p>
      <section className="zf-section">
        <Form method="get" data-testid="explain-form">
          <div className="zf-form-grid">
            <SelectField label="用户" name="user" required options={users} defaultValue={asked.user || undefined} placeholder="选择用户" />
            <SelectField label="记录类型" name="kind" required options={KINDS} defaultValue={asked.kind} />
            <TextField label="文号或编号" name="ref" required defaultValue={asked.ref} placeholder="例如：（伊县）应急检〔2026〕3号" />
          </div>
          <Button type="primary" htmlType="submit" data-testid="explain-submit">查看说明</Button>
        </Form>
      </section>
      {problem ? <Alert type="warning" showIcon message={problem} data-testid="explain-problem" /> : null}
      {explanation ? (
        <section className="zf-section" data-testid="explanation">
          <h2 className="zf-section-title">{explanation.user.displayName}（{explanation.user.loginName}）对「{explanation.record.label}」</h2>
          <List
            size="small" dataSource={explanation.actions}
            renderItem={(a) => (
              <List.Item data-testid={`explain-${a.action}`}>
                <div>
                  <div>{a.allowed ? <Tag color="green">可以</Tag> : <Tag color="red">不可以</Tag>}<strong>{a.actionTitle}</strong></div>
                  <div>
                    {a.ruleName
                      ? <>依据规则「{a.ruleName}」<Tag>{a.ruleRef}</Tag>{a.rule ? `：${a.rule.who} · ${a.rule.can} · ${a.rule.what} · ${a.rule.when === '不限' ? '不限条件' : `条件：${a.rule.when}`}` : ''}</>
                      : '没有任何规则允许（默认不可以）'}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
