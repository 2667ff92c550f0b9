/**
 * 模拟办理: walks a procedure before it is published (issue 12 part 4) —
 * the XML being edited in the modeler, or a stored version — from a chosen
 * start date with the system's working-day calendar, and shows the path:
 * each step's role, department, due date, the documents it issues and the
 * gate it passes. At each step that offers several outcomes the user picks
 * another one and the walk is taken again from there (earlier visits keep
 * what they took). The server does the walk (POST /admin/definitions/simulate).
 */
import { useCallback, useState } from 'react'
import { Alert, Button, Input, Space, Table, Tag } from 'antd'
import { useCsrfToken } from '../../root.tsx'
import type { SimulationResponse, SimulationRow } from '../../services/studio/simulation.server.ts'

export type SimulationSource = { xml: string } | { key: string; version: number }

export interface SimulationPanelProps {
  /** What to walk: the modeler's current XML, or a stored version. */
  source: SimulationSource
  /** The start date first offered, YYYY-MM-DD. */
  defaultStart: string
}

type Outcomes = Record<string, string[]>

export function SimulationPanel({ source, defaultStart }: SimulationPanelProps) {
  const csrf = useCsrfToken()
  const [start, setStart] = useState(defaultStart)
  const [variables, setVariables] = useState('{}')
  const [outcomes, setOutcomes] = useState<Outcomes>({})
  const [result, setResult] = useState<SimulationResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = useCallback(async (chosen: Outcomes) => {
    let vars: unknown
    try {
      vars = JSON.parse(variables.trim() || '{}')
      if (!vars || typeof vars !== 'object' || Array.isArray(vars)) throw new Error('not an object')
    } catch {
      setError('案件数据应为 JSON 对象，例如 {"partyPeriods": {"statementDays": 3}}')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const response = await fetch('/admin/definitions/simulate', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ ...source, start, outcomes: chosen, variables: vars }),
      })
      const body = (await response.json().catch(() => null)) as (SimulationResponse & { message?: string }) | null
      if (!response.ok || !body) setError(body?.message ?? `模拟失败（${response.status}）`)
      else setResult(body)
    } catch {
      setError('无法连接服务器，请稍后重试')
    } finally {
      setBusy(false)
    }
  }, [csrf, source, start, variables])

  /** Another outcome at one visit: the visits before it keep theirs, the later ones walk on by the rule. */
  const choose = (steps: SimulationRow[], index: number, outcome: string) => {
    const step = steps[index]!
    const before = steps.slice(0, index).filter((s) => s.elementId === step.elementId).map((s) => s.outcome ?? '')
    const next = { ...outcomes, [step.elementId]: [...before, outcome] }
    setOutcomes(next)
    void run(next)
  }

  const steps = result?.ok ? result.steps : []
  return (
    <section className="zf-section" data-testid="simulation-panel">
      <h2>模拟办理</h2>
      <p>按工作日历计算每个环节的期限（每个环节在其期限届满日办结，即法定最长用时）；在有多个结果的环节可改选结果，模拟从该处重新进行。不保存任何内容。</p>
      <Space wrap align="end">
        <label>开始日期 <Input type="date" value={start} onChange={(e) => setStart(e.target.value)} style={{ width: 170 }} data-testid="simulation-start" /></label>
        <Button type="primary" loading={busy} onClick={() => void run(outcomes)} data-testid="simulation-run">模拟</Button>
        {Object.keys(outcomes).length ? <Button onClick={() => { setOutcomes({}); void run({}) }}>恢复默认结果</Button> : null}
      </Space>
      <details style={{ marginTop: 8 }}>
        <summary>案件数据（可选，JSON）</summary>
        <Input.TextArea rows={3} value={variables} onChange={(e) => setVariables(e.target.value)} data-testid="simulation-variables"
          placeholder='例如 {"partyPeriods": {"statementDays": 3}}' />
      </details>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="simulation-error" /> : null}
      {result && !result.ok ? (
        <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="simulation-problems" message="不能模拟：流程定义有问题"
          description={<ul>{result.problems.map((p, i) => <li key={i}>{p.elementId ? `(${p.elementId}) ` : ''}{p.message}</li>)}</ul>} />
      ) : null}
      {result?.ok ? (
        <>
          <p style={{ marginTop: 12 }} data-testid="simulation-summary">
            自 {result.start} 开始，共 {steps.length} 步，{result.ended ? '流程结束。' : '未结束（步数已达上限，可能在循环中）。'}
          </p>
          <Table
            size="small" pagination={false} dataSource={steps.map((s, i) => ({ ...s, index: i }))} rowKey="index" scroll={{ x: 'max-content' }}
            data-testid="simulation-steps"
            onRow={(s) => ({ 'data-element': s.elementId } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: '序号', render: (_, s) => s.index + 1 },
              { title: '开启', dataIndex: 'opened' },
              { title: '环节', render: (_, s) => s.name },
              { title: '岗位', render: (_, s) => s.roleTitle ?? '—' },
              { title: '办理部门', render: (_, s) => s.scopeTitle ?? '—' },
              {
                title: '期限', render: (_, s) => (s.dueDate
                  ? <span data-testid="simulation-due">{s.dueDate}{s.provisional ? <Tag color="orange" style={{ marginLeft: 4 }}>暂定</Tag> : null}</span>
                  : <span>{s.dueNote ?? '无期限'}</span>),
              },
              {
                title: '结果', render: (_, s) => (s.offeredTitles.length > 1 ? (
                  <select className="zf-native-select" value={s.outcome ?? ''} aria-label={`「${s.name}」的结果`} disabled={busy}
                    onChange={(e) => choose(steps, s.index, e.target.value)}>
                    {s.offeredTitles.map((o) => <option key={o.key} value={o.key}>{o.title}</option>)}
                  </select>
                ) : s.outcomeTitle ?? '—'),
              },
              {
                title: '文书', render: (_, s) => (
                  <>
                    {s.documentTitles.map((t) => <Tag color="blue" key={t}>制发《{t}》</Tag>)}
                    {!s.documentTitles.length && s.formTitle && s.form !== 'approval' ? <span>填写《{s.formTitle}》</span> : null}
                  </>
                ),
              },
              {
                title: '法定关卡', render: (_, s) => (s.gate
                  ? <Tag color={s.gatePassed ? 'green' : 'red'}>{s.gatePassed ? '通过' : '未通过'}「{s.gateTitle}」</Tag>
                  : null),
              },
            ]}
          />
        </>
      ) : null}
    </section>
  )
}
