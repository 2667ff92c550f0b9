/**
 * One procedure's review steps as an ordered list per review section: add,
 * remove, reorder; who, how many, when (a condition built from the form's
 * fields, its FEEL shown), deadline and what happens when it passes, where
 * 退回 goes, whether an opinion is required. 检查 builds the definition, runs
 * every deploy check and the gates and shows the diagram and a simulated
 * walk; 保存 publishes it as a new version through the catalog (ADR 034):
 * the region's for everyone, any other organ's for its own subtree only, which
 * may go back to the version above (恢复使用上级版本, ADR 040).
 */
import { useState } from 'react'
import diagramStyles from 'bpmn-js/dist/assets/diagram-js.css?url'
import minimapStyles from 'diagram-js-minimap/assets/diagram-js-minimap.css?url'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Card, Input, InputNumber, Popconfirm, Select, Space, Switch, Table } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { buildAndCheck, definitionForDepartment, departmentToConfigure, procedureSteps, publishReviewSteps, returnToVersionAbove, REVIEW_PROCEDURES } from '../services/review-steps/review-steps.server.ts'
import { departmentVersions } from '../services/catalog/department-activation.server.ts'
import { conditionFields } from '../services/review-steps/condition-fields.server.ts'
import { reviewStepWhoChoices, type WhoChoices } from '../services/review-groups/review-groups.server.ts'
import { roles } from '../reference/roles.ts'
import { scopeTitles } from '../services/workflow/scopes.server.ts'
import { simulateDefinition } from '../../engine/simulate.ts'
import { loadCalendar } from '../../engine/calendar/calendar-store.ts'
import { shanghaiDate } from '../../engine/calendar/dates.ts'
import { compileWhen } from '../../engine/review-steps/conditions.ts'
import { operatorTitles, OPERATORS, type Clause, type ReviewStep, type ReviewSteps } from '../../engine/review-steps/steps-schema.ts'
import { InvalidInput, NotFound } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { BpmnDiagram } from '../components/bpmn-diagram.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { DepartmentChoice, InForceTag } from '../components/review-steps/department-choice.tsx'

export const meta: MetaFunction = () => [{ title: '审核环节配置 · 执法' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: diagramStyles }, { rel: 'stylesheet', href: minimapStyles }]

function procedureOf(params: { procedure?: string }): string {
  const key = params.procedure ?? ''
  if (!(REVIEW_PROCEDURES as readonly string[]).includes(key)) throw new NotFound('没有这个执法程序，或它没有审核环节。')
  return key
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'ReviewSteps')
  const key = procedureOf(params)
  const { department, choices } = await orRespond(departmentToConfigure(db, ability, actor, new URL(request.url).searchParams.get('department')))
  const steps = await procedureSteps(db, key, department)
  const { xml } = await definitionForDepartment(db, key, department)
  // Organs below this one with their own version: within what the viewer may configure, so nothing of another county shows.
  const below = (await departmentVersions(db, 'definition', key, department.path)).filter((d) => d.departmentId !== department.id)
  return {
    ...steps,
    department, choices,
    below: below.map((d) => ({ name: d.departmentName, version: d.version })),
    fields: await conditionFields(xml, catalog().forms),
    // Roles, then the named review groups of this organ's subtree (小组, ADR 042).
    roles: await reviewStepWhoChoices(db, roles, department.path),
    scopes: Object.entries(scopeTitles).map(([value, label]) => ({ value, label })),
  }
}

const schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['check', 'save']),
    department: z.string().min(1, '缺少配置部门'),
    config: z.string().min(2, '没有可保存的配置'),
    note: z.string().trim().max(500).optional(),
  }),
  z.object({
    intent: z.literal('inherit'),
    department: z.string().min(1, '缺少配置部门'),
    reason: z.string().trim().max(300).optional(),
  }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'ReviewSteps')
  const key = procedureOf(params)
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  const here = `/admin/review-steps/${key}?department=${encodeURIComponent(parsed.data.department)}`
  const deps = { db, clock, workflow: workflow(), catalog: catalog() }
  try {
    if (parsed.data.intent === 'inherit') {
      const { version } = await returnToVersionAbove(deps, { actor, ability }, key, parsed.data.department, parsed.data.reason || null)
      return redirectWithNotice(request, here, `已恢复使用上级版本 v${version}，本部门新开启的事项按此办理`)
    }
    const { department } = await departmentToConfigure(db, ability, actor, parsed.data.department)
    let input: unknown
    try {
      input = JSON.parse(parsed.data.config) as unknown
    } catch {
      throw new InvalidInput({ config: ['配置无法读取，请刷新页面后重试'] })
    }
    if (parsed.data.intent === 'check') {
      const current = await definitionForDepartment(db, key, department)
      const built = await buildAndCheck(current.xml, input, catalog().forms)
      if (!built.ok) return { problems: built.problems }
      const walk = await simulateDefinition(built.xml, { start: shanghaiDate(clock.now()), calendar: await loadCalendar(db), maxSteps: 60 })
      const lines = walk.ok ? walk.steps.map((s) => `${s.opened}  ${s.name}${s.dueDate ? `  期限 ${s.dueDate}` : ''}${s.outcome ? `  → ${s.outcome}` : ''}`) : []
      return { checked: { xml: built.xml, lines } }
    }
    const note = parsed.data.note ?? ''
    if (!note) throw new InvalidInput({ note: ['请填写变更说明'] })
    const result = await publishReviewSteps(deps, { actor, ability }, key, department.id, input, note)
    if (!result.ok) return { problems: result.problems }
    return redirectWithNotice(request, here, `已保存，流程新版本 v${result.version} 生效${department.region ? '' : `（${department.name}及下级部门新开启的事项）`}`)
  } catch (error) {
    return actionError(error)
  }
}

type Options = Array<{ value: string; label: string }>

function ClauseRow({ clause, fields, onChange, onRemove }: { clause: Clause; fields: Array<{ path: string; label: string; type: string; options?: string[] }>; onChange: (c: Clause) => void; onRemove: () => void }) {
  const field = fields.find((f) => f.path === clause.field)
  return (
    <Space wrap>
      <Select showSearch style={{ minWidth: 260 }} value={clause.field} placeholder="字段" aria-label="条件字段" optionFilterProp="label"
        options={fields.map((f) => ({ value: f.path, label: f.label }))} onChange={(v) => onChange({ ...clause, field: v })} />
      <Select style={{ width: 120 }} value={clause.operator} aria-label="比较方式" options={OPERATORS.map((o) => ({ value: o, label: operatorTitles[o] }))} onChange={(v) => onChange({ ...clause, operator: v })} />
      {field?.options ? (
        <Select style={{ minWidth: 140 }} value={clause.value as string} aria-label="条件的值" options={field.options.map((o) => ({ value: o, label: o }))} onChange={(v) => onChange({ ...clause, value: v })} />
      ) : field?.type === 'number' ? (
        <InputNumber value={clause.value as number} aria-label="条件的值" onChange={(v) => onChange({ ...clause, value: v ?? 0 })} />
      ) : (
        <Input style={{ width: 160 }} value={String(clause.value ?? '')} aria-label="条件的值" onChange={(e) => onChange({ ...clause, value: e.target.value })} />
      )}
      <Button onClick={onRemove}>删除条件</Button>
    </Space>
  )
}

function StepCard({ step, index, earlier, data, onChange, onMove, onRemove }: {
  step: ReviewStep; index: number; earlier: ReviewStep[]
  data: { roles: WhoChoices[]; scopes: Options; fields: Array<{ path: string; label: string; type: string; options?: string[] }> }
  onChange: (s: ReviewStep) => void; onMove: (d: -1 | 1) => void; onRemove: () => void
}) {
  // A field of an earlier 会签/或签 step holds one form per signer: the FEEL shown is the one generated.
  const feel = compileWhen(step.when, new Set(earlier.filter((s) => s.count.kind !== 'one').map((s) => s.resultVariable)))
  const people = step.count.kind === 'one' ? 1 : step.count.people
  return (
    <Card size="small" title={`第${index + 1}步`} data-testid={`step-${step.id}`} style={{ marginBottom: 12 }}
      extra={<Space><Button size="small" onClick={() => onMove(-1)}>上移</Button><Button size="small" onClick={() => onMove(1)}>下移</Button><Button size="small" danger onClick={onRemove}>删除步骤</Button></Space>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <label>步骤名称 <Input value={step.name} aria-label="步骤名称" onChange={(e) => onChange({ ...step, name: e.target.value })} /></label>
        <Space wrap>
          <label>办理角色 <Select style={{ minWidth: 180 }} virtual={false} value={step.role} aria-label="办理角色" options={data.roles} onChange={(v) => onChange({ ...step, role: v })} /></label>
          <label>办理部门 <Select style={{ minWidth: 220 }} value={step.scope} aria-label="办理部门" options={data.scopes} onChange={(v) => onChange({ ...step, scope: v })} /></label>
        </Space>
        <Space wrap>
          <label>办理人数 <Select style={{ width: 170 }} value={step.count.kind === 'share' ? `share:${step.count.share}` : step.count.kind} aria-label="办理人数"
            options={[{ value: 'one', label: '一人办理' }, { value: 'any', label: '或签（一人同意即可）' }, { value: 'all', label: '会签（全部同意）' }, { value: 'share:>1/2', label: '过半数' }, { value: 'share:2/3', label: '三分之二' }]}
            onChange={(v: string) => onChange({ ...step, count: v === 'one' ? { kind: 'one' } : v.startsWith('share:') ? { kind: 'share', share: v.slice(6), people: Math.max(2, people) } : { kind: v as 'any' | 'all', people: Math.max(2, people) } })} /></label>
          {step.count.kind !== 'one' ? <label>人数 <InputNumber min={2} max={50} value={people} aria-label="人数" onChange={(v) => onChange({ ...step, count: { ...step.count, people: v ?? 2 } as ReviewStep['count'] })} /></label> : null}
        </Space>
        <Space wrap>
          <label>期限（工作日） <InputNumber min={1} max={366} aria-label="期限（工作日）" value={step.deadline && 'workingDays' in step.deadline ? step.deadline.workingDays : null} disabled={!!step.deadline && 'expression' in step.deadline}
            onChange={(v) => onChange({ ...step, deadline: v ? { workingDays: v, overdue: step.deadline?.overdue ?? 'remind-then-report' } : null })} /></label>
          {step.deadline && 'expression' in step.deadline ? <code>{step.deadline.expression}</code> : null}
          <label>逾期后 <Select style={{ width: 280 }} value={step.deadline?.overdue ?? 'remind-then-report'} disabled={!step.deadline} aria-label="逾期后"
            options={[
              { value: 'remind-then-report', label: '提醒办理人，逾期一日报告负责同志' },
              { value: 'remind', label: '只提醒办理人' },
              { value: 'report', label: '提醒办理人并立即报告负责同志' },
            ]}
            onChange={(v) => step.deadline && onChange({ ...step, deadline: { ...step.deadline, overdue: v } })} /></label>
        </Space>
        <Space wrap>
          <label>退回到 <Select style={{ minWidth: 200 }} value={step.returnTo} aria-label="退回到"
            options={[{ value: 'drafter', label: '起草人（重新制作）' }, ...earlier.map((s) => ({ value: s.id, label: s.name }))]} onChange={(v) => onChange({ ...step, returnTo: v })} /></label>
          <label>须填写意见 <Switch checked={step.opinionRequired} aria-label="须填写意见" onChange={(v) => onChange({ ...step, opinionRequired: v })} /></label>
        </Space>
        <Space wrap>
          <label>何时办理 <Select style={{ width: 200 }} value={step.when.kind} aria-label="何时办理"
            options={[{ value: 'always', label: '始终' }, { value: 'if', label: '满足条件时' }, { value: 'otherwise', label: '否则（上一步不适用时）' }, ...(step.when.kind === 'feel' ? [{ value: 'feel', label: '表达式（由流程定义导出）' }] : [])]}
            onChange={(v: string) => onChange({ ...step, when: v === 'if' ? { kind: 'if', match: 'any', clauses: [{ field: data.fields[0]?.path ?? '', operator: '=', value: '' }] } : v === 'otherwise' ? { kind: 'otherwise' } : { kind: 'always' } })} /></label>
          {step.when.kind === 'if' ? <Select style={{ width: 160 }} value={step.when.match} aria-label="条件组合" options={[{ value: 'any', label: '满足任一条件' }, { value: 'all', label: '同时满足全部条件' }]} onChange={(v) => step.when.kind === 'if' && onChange({ ...step, when: { ...step.when, match: v } })} /> : null}
        </Space>
        {step.when.kind === 'if' ? (
          <Space direction="vertical">
            {step.when.clauses.map((clause, i) => (
              <ClauseRow key={i} clause={clause} fields={data.fields}
                onChange={(c) => step.when.kind === 'if' && onChange({ ...step, when: { ...step.when, clauses: step.when.clauses.map((x, j) => (j === i ? c : x)) } })}
                onRemove={() => step.when.kind === 'if' && onChange({ ...step, when: { ...step.when, clauses: step.when.clauses.filter((_, j) => j !== i) } })} />
            ))}
            <Button onClick={() => step.when.kind === 'if' && onChange({ ...step, when: { ...step.when, clauses: [...step.when.clauses, { field: data.fields[0]?.path ?? '', operator: '=', value: '' }] } })}>添加条件</Button>
          </Space>
        ) : null}
        {feel ? <div>条件（FEEL）：<code data-testid={`feel-${step.id}`}>{feel}</code></div> : null}
      </Space>
    </Card>
  )
}

function newStep(steps: ReviewStep[]): ReviewStep {
  let n = steps.length + 1
  while (steps.some((s) => s.id === `review${n}`)) n += 1
  const id = `review${n}`
  return { id, name: '新增审核', role: 'legal-reviewer', scope: 'legal-office', form: null, count: { kind: 'one' }, when: { kind: 'always' }, deadline: null, outcomes: ['approve', 'return'], returnTo: 'drafter', routes: {}, opinionRequired: false, gate: null, outcomeVariable: `${id}Outcome`, resultVariable: id, issue: null, assignee: null }
}

function ReturnToVersionAbove({ departmentId }: { departmentId: string }) {
  const [reason, setReason] = useState('')
  return (
    <Form method="post" id="return-to-version-above">
      <CsrfInput />
      <input type="hidden" name="intent" value="inherit" />
      <input type="hidden" name="department" value={departmentId} />
      <input type="hidden" name="reason" value={reason} />
      <Popconfirm
        title="恢复使用上级版本？"
        description={<Space direction="vertical"><span>本部门自有的版本不再生效；新开启的事项按上级版本办理，进行中的事项不变。</span><Input size="small" placeholder="原因（可选）" value={reason} onChange={(e) => setReason(e.target.value)} /></Space>}
        okText="恢复" cancelText="取消"
        onConfirm={() => (document.getElementById('return-to-version-above') as HTMLFormElement | null)?.requestSubmit()}
      >
        <Button data-testid="return-to-version-above">恢复使用上级版本</Button>
      </Popconfirm>
    </Form>
  )
}

export default function ReviewStepsPage() {
  const data = useLoaderData<typeof loader>()
  // Another department, or another version in force (saved, or gone back to the one above): start from its steps.
  return <ReviewStepsEditor key={`${data.department.id}:${data.definition.version}`} />
}

function ReviewStepsEditor() {
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [config, setConfig] = useState<ReviewSteps>(data.config as ReviewSteps)
  const problems = result && 'problems' in result ? (result.problems as string[]) : null
  const fieldErrors = result && 'fieldErrors' in result ? (result.fieldErrors as Record<string, string[]>) : null
  const checked = result && 'checked' in result ? (result.checked as { xml: string; lines: string[] }) : null
  const setSteps = (sectionId: string, change: (steps: ReviewStep[]) => ReviewStep[]) =>
    setConfig((c) => ({ ...c, sections: c.sections.map((s) => (s.id === sectionId ? { ...s, steps: change(s.steps) } : s)) }))
  return (
    <>
      <h1 className="zf-page-title">审核环节配置：{data.definition.name}</h1>
      <DepartmentChoice department={data.department} choices={data.choices} to={`/admin/review-steps/${data.definition.key}`} />
      <p data-testid="in-force">生效版本 v{data.definition.version} <InForceTag department={data.department} inForce={data.inForce} />（{data.stored ? '已配置' : '随版本发布，由流程定义导出'}）。
        {data.department.region
          ? '保存后作为全区的新版本生效；已有自有版本的机关仍按其自有版本办理。'
          : data.inForce.own
            ? `这是${data.department.name}自有的版本，全区版本为 v${data.inForce.regionVersion}。`
            : `保存后作为${data.department.name}自有的版本，只对本部门及下级部门新开启的事项生效。`}
        {data.skipped.length ? `未纳入：${data.skipped.join('；')}` : ''}</p>
      {data.below.length ? <p data-testid="own-below">下级部门的自有版本：{data.below.map((b) => `${b.name} v${b.version}`).join('；')}</p> : null}
      {data.inForce.own ? <ReturnToVersionAbove departmentId={data.department.id} /> : null}
      {config.sections.map((section) => (
        <section className="zf-section" key={section.id} data-testid={`section-${section.id}`}>
          <h2>{section.title}</h2>
          {section.steps.map((step, index) => (
            <StepCard key={step.id} step={step} index={index} earlier={section.steps.slice(0, index)} data={data}
              onChange={(next) => setSteps(section.id, (steps) => steps.map((s) => (s.id === step.id ? next : s)))}
              onRemove={() => setSteps(section.id, (steps) => steps.filter((s) => s.id !== step.id))}
              onMove={(d) => setSteps(section.id, (steps) => {
                const to = index + d
                if (to < 0 || to >= steps.length) return steps
                const copy = [...steps]
                ;[copy[index], copy[to]] = [copy[to]!, copy[index]!]
                return copy
              })} />
          ))}
          <Button onClick={() => setSteps(section.id, (steps) => [...steps, newStep(steps)])}>添加步骤</Button>
        </section>
      ))}
      <Form method="post" className="zf-section">
        <CsrfInput />
        <input type="hidden" name="department" value={data.department.id} />
        <input type="hidden" name="config" value={JSON.stringify(config)} />
        <p><Input.TextArea name="note" rows={2} placeholder="变更说明（保存时必填）：为什么改" aria-label="变更说明" /></p>
        {fieldErrors ? <Alert type="error" showIcon message={Object.values(fieldErrors).flat().join('；')} style={{ marginBottom: 12 }} /> : null}
        {problems ? (
          <Alert type="error" showIcon data-testid="review-steps-problems" style={{ marginBottom: 12 }} message={`不能保存：${problems.length} 处问题，流程未改变`}
            description={<ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
        ) : null}
        <Space>
          <Button htmlType="submit" name="intent" value="check" loading={busy}>检查并预览</Button>
          <Button type="primary" htmlType="submit" name="intent" value="save" loading={busy}>保存并发布</Button>
        </Space>
      </Form>
      {checked ? (
        <section className="zf-section" data-testid="review-steps-preview">
          <Alert type="success" showIcon message="检查通过：全部部署检查与法定环节" style={{ marginBottom: 12 }} />
          <BpmnDiagram xml={checked.xml} active={[]} done={[]} />
          <h3>模拟办理（每步取第一个结果，期限按工作日历）</h3>
          <Table size="small" pagination={false} rowKey={(l) => l} dataSource={checked.lines} columns={[{ title: '环节', render: (_, l) => l }]} />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
