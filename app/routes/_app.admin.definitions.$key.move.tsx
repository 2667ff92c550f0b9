/**
 * 迁移进行中的事项: process administrators list the running matters of a
 * procedure on versions before the chosen one (default: the version in
 * force), see which can move and why the others cannot, choose, confirm, and
 * move them in one audited operation (ADR 032). Nothing moves unless every
 * chosen matter can.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, List, Space, Tag } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond } from '../utils/http.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { listMoves, moveMatters } from '../services/studio/move-matters.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { MoveRefused } from '../../engine/index.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '迁移进行中的事项 · 执法' }]

const params = z.object({ key: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/).max(100) })
const version = z.coerce.number().int().min(1).max(100_000)

function parseParams(raw: unknown): string {
  const parsed = params.safeParse(raw)
  if (!parsed.success) throw new Response('没有这个流程。', { status: 404 })
  return parsed.data.key
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'manage', 'ProcessDefinition')
  const key = parseParams(raw)
  const asked = new URL(request.url).searchParams.get('to')
  const to = asked === null ? undefined : version.safeParse(asked)
  if (to && !to.success) throw new Response('版本号应为正整数。', { status: 400 })
  const listing = await orRespond(listMoves(db, workflow(), ability, key, to?.data))
  return {
    ...listing,
    versions: listing.versions.map((v) => ({ ...v, deployedAt: v.deployedAt.toISOString() })),
  }
}

const schema = z.object({
  intent: z.enum(['confirm', 'move']),
  to: version,
  instanceId: z.union([z.string().uuid(), z.array(z.string().uuid()).max(500)], { required_error: '请至少选择一件事项' }).transform((v) => (Array.isArray(v) ? v : [v])),
  note: z.string().trim().max(500).optional(),
})

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'manage', 'ProcessDefinition')
  const key = parseParams(raw)
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  const { intent, to, instanceId, note } = parsed.data
  if (intent === 'confirm') return { confirm: { to, instanceIds: instanceId } }
  try {
    const moved = await moveMatters(db, workflow(), ability, clock, actor, { key, toVersion: to, instanceIds: instanceId, note: note || null })
    return { moved: moved.map((m) => ({ instanceId: m.instanceId, label: m.label, fromVersion: m.fromVersion, toVersion: m.toVersion })) }
  } catch (error) {
    if (error instanceof MoveRefused) {
      return data({ refused: error.refused.map((r) => ({ instanceId: r.instanceId, reasons: r.reasons.map((x) => x.message) })) }, { status: 409 })
    }
    return actionError(error)
  }
}

export default function MoveMattersPage() {
  const { key, name, toVersion, versions, rows } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const labelOf = new Map(rows.map((r) => [r.instanceId, r.label]))
  const confirm = result && 'confirm' in result ? result.confirm : null
  const moved = result && 'moved' in result ? result.moved : null
  const refused = result && 'refused' in result ? result.refused : null
  const fieldErrors = result && 'fieldErrors' in result ? (result.fieldErrors as Record<string, string[]>) : null
  const movable = rows.filter((r) => r.movable).length
  return (
    <>
      <h1 className="zf-page-title">迁移进行中的事项 · {name}</h1>
      <section className="zf-section">
        <p>把按旧版本办理的事项改按第 {toVersion} 版继续办理。已办环节、文书和操作日志保持不变；正在等待的环节须在新版本中仍然存在且表单不变，且不得因此跳过尚未经过的法定环节。</p>
        <Space wrap data-testid="move-versions">
          目标版本：
          {versions.map((v) => (
            <Link key={v.version} to={`/admin/definitions/${key}/move?to=${v.version}`}>
              <Tag color={v.version === toVersion ? 'blue' : undefined}>v{v.version}{v.active ? '（生效）' : ''}</Tag>
            </Link>
          ))}
        </Space>
      </section>
      {moved ? (
        <Alert type="success" showIcon data-testid="move-result" style={{ marginBottom: 16 }}
          message={`已将 ${moved.length} 件事项迁移到第 ${toVersion} 版`}
          description={<ul>{moved.map((m) => <li key={m.instanceId}>{m.label}：v{m.fromVersion} → v{m.toVersion}</li>)}</ul>} />
      ) : null}
      {refused ? (
        <Alert type="error" showIcon data-testid="move-refused" style={{ marginBottom: 16 }}
          message="未迁移任何事项：以下事项不能迁移"
          description={<ul>{refused.map((r) => <li key={r.instanceId}>{labelOf.get(r.instanceId) ?? r.instanceId}：{r.reasons.join('；')}</li>)}</ul>} />
      ) : null}
      {fieldErrors ? <Alert type="error" showIcon message={Object.values(fieldErrors).flat().join('；')} style={{ marginBottom: 16 }} data-testid="move-errors" /> : null}
      {confirm ? (
        <section className="zf-section" data-testid="move-confirm">
          <h2>确认迁移</h2>
          <p>将以下 {confirm.instanceIds.length} 件事项迁移到第 {confirm.to} 版：</p>
          <ul>{confirm.instanceIds.map((id) => <li key={id}>{labelOf.get(id) ?? id}</li>)}</ul>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="to" value={confirm.to} />
            {confirm.instanceIds.map((id) => <input key={id} type="hidden" name="instanceId" value={id} />)}
            <p><Input.TextArea name="note" rows={2} maxLength={500} placeholder="迁移说明（记入操作日志）" data-testid="move-note" /></p>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="move-submit">确认迁移</Button>
              <Link to={`/admin/definitions/${key}/move?to=${toVersion}`}>取消</Link>
            </Space>
          </Form>
        </section>
      ) : null}
      <section className="zf-section">
        <h2>第 {toVersion} 版之前版本上进行中的事项（{rows.length} 件，可迁移 {movable} 件）</h2>
        {rows.length === 0 ? <p data-testid="move-none">没有按更早版本办理的进行中事项。</p> : (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="to" value={toVersion} />
            <List
              data-testid="move-list" size="small" bordered dataSource={rows}
              renderItem={(r) => (
                <List.Item data-testid="move-row">
                  <label style={{ display: 'flex', gap: 12, width: '100%', alignItems: 'flex-start' }}>
                    <input type="checkbox" name="instanceId" value={r.instanceId} disabled={!r.movable} aria-label={`选择 ${r.label}`} style={{ marginTop: 4 }} />
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div>
                        {r.matterId ? <Link to={`/matters/${r.matterId}`}>{r.label}</Link> : r.label}
                        {r.departmentName ? <span> · {r.departmentName}</span> : null}
                        <span> · 现为第 {r.fromVersion} 版</span>
                      </div>
                      <div>当前环节：{r.waiting.length ? r.waiting.join('、') : '（无待办）'}</div>
                      <div>
                        {r.movable ? <Tag color="green">可迁移</Tag> : <Tag color="red">不可迁移</Tag>}
                        {r.reasons.length ? <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>{r.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul> : null}
                      </div>
                    </div>
                  </label>
                </List.Item>
              )}
            />
            <p style={{ marginTop: 12 }}><Button htmlType="submit" disabled={movable === 0} data-testid="move-choose">迁移所选事项…</Button></p>
          </Form>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
