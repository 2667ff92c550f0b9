/**
 * A procedure's versions (issue 12 part 3): who published each, when, why
 * and from where, which one is in force and how many instances still run on
 * each; the history of activations (publish, roll back, adopt); a picker to
 * compare two versions; a roll back (an older version published again
 * through the catalog, note 回退到第 N 版, docs/decisions/031); and the
 * simulation of any version. Departments running their own version (a
 * county's review steps, docs/decisions/040) are named on their version and
 * listed with who made it theirs.
 */
import { useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, Popconfirm, Space, Table, Tag } from 'antd'
import { z } from '../utils/zod-zh.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { procedureVersions } from '../services/studio/procedures.server.ts'
import { rollBack } from '../services/studio/rollback.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { shanghaiDate } from '../../engine/calendar/dates.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { SimulationPanel } from '../components/studio/simulation-panel.tsx'
import { shanghaiMinute } from '../components/studio/shanghai-time.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? '流程'}的版本 · 执法` }]

const SOURCES: Record<string, string> = { baseline: '随版本发布', admin: '在线编辑', import: '导入' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const versions = await orRespond(procedureVersions(db, params.key ?? ''))
  return { ...versions, today: shanghaiDate(clock.now()) }
}

const schema = z.object({
  intent: z.literal('rollback'),
  version: z.coerce.number().int().positive('请选择版本'),
  reason: z.string().trim().max(300).default(''),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'ProcessDefinition')
  const key = params.key ?? ''
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  try {
    const { note } = await rollBack({ db, clock, workflow: workflow(), catalog: catalog() }, key, parsed.data.version, actor, parsed.data.reason)
    return redirectWithNotice(request, `/admin/definitions/${key}`, `已${note}，新开启的事项按第 ${parsed.data.version} 版办理`)
  } catch (error) {
    return actionError(error)
  }
}

function RollBack({ version }: { version: number }) {
  const [reason, setReason] = useState('')
  return (
    <Form method="post" id={`rollback-${version}`}>
      <CsrfInput />
      <input type="hidden" name="intent" value="rollback" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="reason" value={reason} />
      <Popconfirm
        title={`回退到第 ${version} 版？`}
        description={<Input size="small" placeholder="原因（可选）" value={reason} onChange={(e) => setReason(e.target.value)} />}
        okText="回退" cancelText="取消"
        onConfirm={() => (document.getElementById(`rollback-${version}`) as HTMLFormElement | null)?.requestSubmit()}
      >
        <Button size="small" data-testid={`rollback-${version}`}>回退到此版</Button>
      </Popconfirm>
    </Form>
  )
}

export default function DefinitionVersionsPage() {
  const { key, name, versions, activations, departments, today } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const active = versions.find((v) => v.active)
  const [simulated, setSimulated] = useState(active?.version ?? versions[0]!.version)
  const errors = result && 'fieldErrors' in result ? Object.values(result.fieldErrors as Record<string, string[]>).flat() : []
  return (
    <>
      <p><Link to="/admin/definitions">← 流程定义</Link></p>
      <h1 className="zf-page-title">{name} <small>（{key}）</small></h1>
      <Space wrap style={{ marginBottom: 12 }}>
        <ButtonLink to={`/admin/definitions/${key}/edit`} type="primary">编辑</ButtonLink>
        <ButtonLink to={`/admin/definitions/${key}/move`}>迁移进行中的事项</ButtonLink>
      </Space>
      {errors.length ? <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 12 }} data-testid="rollback-error" /> : null}
      <section className="zf-section">
        <h2>版本</h2>
        <Table
          rowKey="version" size="small" dataSource={versions} pagination={false} data-testid="versions" scroll={{ x: 'max-content' }}
          onRow={(v) => ({ 'data-version': v.version } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: '版本', render: (_, v) => <Space size={4}>第 {v.version} 版{v.active ? <Tag color="green">生效</Tag> : null}{v.available ? <Tag color="orange">可更新</Tag> : null}</Space> },
            { title: '自有此版本的部门', render: (_, v) => <span data-testid={`owned-v${v.version}`}>{v.ownedBy.length ? v.ownedBy.join('、') : '—'}</span> },
            { title: '发布人', render: (_, v) => v.createdByName ?? '系统' },
            { title: '时间', render: (_, v) => shanghaiMinute(v.createdAt) },
            { title: '变更说明', render: (_, v) => v.changeNote ?? '—' },
            { title: '来源', render: (_, v) => SOURCES[v.source] ?? v.source },
            { title: '运行中的实例', render: (_, v) => <span data-testid={`running-v${v.version}`}>{v.running}</span> },
            { title: '操作', render: (_, v) => (v.active ? null : <RollBack version={v.version} />) },
          ]}
        />
      </section>
      <section className="zf-section">
        <h2>部门自有版本</h2>
        {departments.length ? (
          <>
            <p>这些部门（及其下级部门）新开启的事项按自己的版本办理，不随上面的生效版本变化，直至其恢复使用上级版本。</p>
            <ul data-testid="department-versions">
              {departments.map((d) => <li key={d.departmentName}>{d.departmentName}：第 {d.version} 版（{d.byName ?? '系统'}，{shanghaiMinute(d.at)}）</li>)}
            </ul>
          </>
        ) : <p data-testid="department-versions">没有部门使用自有版本，全区按生效版本办理。</p>}
      </section>
      {versions.length > 1 ? (
        <section className="zf-section">
          <h2>比较两个版本</h2>
          <Form method="get" action={`/admin/definitions/${key}/compare`}>
            <Space wrap>
              <label>从 <select name="from" defaultValue={versions[1]!.version} data-testid="compare-from">{versions.map((v) => <option key={v.version} value={v.version}>第 {v.version} 版</option>)}</select></label>
              <label>到 <select name="to" defaultValue={versions[0]!.version} data-testid="compare-to">{versions.map((v) => <option key={v.version} value={v.version}>第 {v.version} 版</option>)}</select></label>
              <Button htmlType="submit" data-testid="compare-open">比较</Button>
            </Space>
          </Form>
        </section>
      ) : null}
      <section className="zf-section">
        <h2>生效记录</h2>
        {activations.length ? (
          <ul data-testid="activations">
            {activations.map((a, i) => (
              <li key={i}>{shanghaiMinute(a.at)} {a.byName ?? '系统'}：第 {a.version} 版生效{a.previous ? `（此前第 ${a.previous} 版）` : ''}{a.note ? `——${a.note}` : ''}</li>
            ))}
          </ul>
        ) : <p>尚无记录。</p>}
      </section>
      <div>
        <label>模拟的版本 <select value={simulated} onChange={(e) => setSimulated(Number(e.target.value))} data-testid="simulation-version" disabled={busy}>
          {versions.map((v) => <option key={v.version} value={v.version}>第 {v.version} 版{v.active ? '（生效）' : ''}</option>)}
        </select></label>
      </div>
      <SimulationPanel key={simulated} source={{ key, version: simulated }} defaultStart={today} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
