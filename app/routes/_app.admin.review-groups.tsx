/**
 * 审核小组: the named review groups of the departments the viewer manages
 * (a legal reviewer: their organ and those below it, ADR 042). Set one up
 * (name, key given or generated, the department it sits in, members from
 * that department's staff) and change its members. A group is a role the
 * review-step configurator offers as 小组; its members find its steps in
 * their inbox like any role's.
 */
import { useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Card, Input, Select, Space, Table } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, redirectWithNotice } from '../utils/http.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { createReviewGroup, groupDepartments, listReviewGroups, setReviewGroupMembers, type ReviewGroupView } from '../services/review-groups/review-groups.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '审核小组 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'update', 'ReviewGroup')
  return { groups: await listReviewGroups(db, ability), departments: await groupDepartments(db, ability) }
}

const members = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))

const schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    title: z.string().trim().min(2, '请填写小组名称（2 至 40 个字）').max(40, '小组名称不能超过 40 个字'),
    key: z.string().trim().max(40).optional(),
    departmentId: z.string().min(1, '请选择小组所在部门'),
    members,
    note: z.string().trim().min(1, '请填写变更说明').max(500),
  }),
  z.object({ intent: z.literal('members'), key: z.string().min(1).max(40), members }),
])

export async function action({ request }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'ReviewGroup')
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  const deps = { db, clock, catalog: catalog() }
  try {
    if (parsed.data.intent === 'create') {
      const { title, key, departmentId, members: memberIds, note } = parsed.data
      const created = await createReviewGroup(deps, { actor, ability }, { title, key: key || null, departmentId, memberIds, note })
      return redirectWithNotice(request, '/admin/review-groups', `已设立审核小组「${title}」（标识 ${created.key}），可在审核环节配置中选用`)
    }
    const { added, removed } = await setReviewGroupMembers(deps, { actor, ability }, parsed.data.key, parsed.data.members)
    return redirectWithNotice(request, '/admin/review-groups', `已调整成员：新增 ${added.length} 人，移出 ${removed.length} 人`)
  } catch (error) {
    return actionError(error)
  }
}

type Department = { id: string; name: string; users: Array<{ id: string; name: string }> }

function MembersForm({ group, department, busy }: { group: ReviewGroupView; department: Department | undefined; busy: boolean }) {
  const [chosen, setChosen] = useState(group.members.map((m) => m.id))
  // Current members stay choosable even if they left the department's active staff.
  const options = [...(department?.users ?? []), ...group.members.filter((m) => !department?.users.some((u) => u.id === m.id))]
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="key" value={group.key} />
      {chosen.map((id) => <input key={id} type="hidden" name="members" value={id} />)}
      <Space wrap>
        <Select mode="multiple" style={{ minWidth: 320 }} aria-label={`${group.title}的成员`} value={chosen} onChange={setChosen}
          options={options.map((u) => ({ value: u.id, label: u.name }))} optionFilterProp="label" />
        <Button htmlType="submit" name="intent" value="members" loading={busy}>保存成员</Button>
      </Space>
    </Form>
  )
}

export default function ReviewGroupsPage() {
  const { groups, departments } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const [departmentId, setDepartmentId] = useState<string | undefined>(undefined)
  const [chosen, setChosen] = useState<string[]>([])
  const department = departments.find((d) => d.id === departmentId)
  const errors = result && 'fieldErrors' in result ? result.fieldErrors : undefined

  return (
    <>
      <h1>审核小组</h1>
      <p>审核小组是可以在审核环节配置中选作「办理人」的一组人员（如重大案件法制审核组）。小组设在一个部门，成员从该部门在岗人员中选择；小组的待办进入每名成员的待办事项，由其中一人签收办理。</p>
      {errors ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={Object.values(errors).flat().join('；')} /> : null}
      <Table<ReviewGroupView> rowKey="key" dataSource={groups} pagination={false} locale={{ emptyText: '尚未设立审核小组' }}
        columns={[
          { title: '小组名称', dataIndex: 'title' },
          { title: '标识', dataIndex: 'key' },
          { title: '所在部门', render: (_, g) => g.department.name },
          { title: '成员', render: (_, g) => <MembersForm group={g} department={departments.find((d) => d.id === g.department.id)} busy={busy} /> },
        ]} />
      <Card title="设立审核小组" style={{ marginTop: 16 }}>
        <Form method="post">
          <CsrfInput />
          {departmentId ? <input type="hidden" name="departmentId" value={departmentId} /> : null}
          {chosen.map((id) => <input key={id} type="hidden" name="members" value={id} />)}
          <Space direction="vertical" style={{ width: '100%' }}>
            <label>小组名称 <Input name="title" required minLength={2} maxLength={40} placeholder="如：重大案件法制审核组" aria-label="小组名称" /></label>
            <label>标识（可不填，自动生成） <Input name="key" maxLength={40} placeholder="如：major-case-legal-group" aria-label="标识" /></label>
            <label>所在部门 <Select style={{ minWidth: 320 }} aria-label="所在部门" value={departmentId} placeholder="选择部门"
              options={departments.map((d) => ({ value: d.id, label: d.name }))} onChange={(v) => { setDepartmentId(v); setChosen([]) }} /></label>
            <label>成员 <Select mode="multiple" style={{ minWidth: 320 }} aria-label="成员" value={chosen} onChange={setChosen} disabled={!department}
              options={(department?.users ?? []).map((u) => ({ value: u.id, label: u.name }))} optionFilterProp="label" /></label>
            <label>变更说明 <Input name="note" required maxLength={500} aria-label="变更说明" /></label>
            <Button type="primary" htmlType="submit" name="intent" value="create" loading={busy}>设立</Button>
          </Space>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
