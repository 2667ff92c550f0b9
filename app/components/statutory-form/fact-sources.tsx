/**
 * The case facts a step's form was prefilled with (docs/decisions/038): the
 * source under each such field, and, when the user changed one and submits,
 * the question whether to correct the earlier record too — asked in the
 * form, never in a browser dialog.
 */
import { Alert, Button, Space } from 'antd'
import { getPath, sameValue } from '../../../forms/_lib/case-facts.ts'
import type { PrefilledFact } from '../../services/matters/case-facts.server.ts'

/** A prefilled field as the server sends it with the step's form. */
export type FormFact = PrefilledFact

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '（空）'
  if (Array.isArray(value)) return value.map(shown).join('；')
  if (typeof value === 'object') return Object.values(value).map(shown).join('')
  return String(value)
}

/** The UI schema with each prefilled field's source as its help text (and a note once the user changed it). */
export function withFactSources(uiSchema: Record<string, unknown>, facts: FormFact[], data: unknown): Record<string, unknown> {
  if (facts.length === 0) return uiSchema
  const out: Record<string, unknown> = { ...uiSchema }
  for (const fact of facts) {
    const parts = fact.field.split('.')
    let ui = out
    for (const part of parts) {
      ui[part] = { ...(ui[part] as Record<string, unknown> | undefined) }
      ui = ui[part] as Record<string, unknown>
    }
    ui['ui:help'] = sameValue(getPath(data, fact.field), fact.value) ? fact.label : `本文书已修改；原值${fact.label}`
  }
  return out
}

/** The correctable facts whose value the user changed in this document. */
export function changedFacts(facts: FormFact[], data: unknown): FormFact[] {
  return facts.filter((f) => f.correctable && !sameValue(getPath(data, f.field), f.value))
}

export function CorrectEarlierRecord({ changed, data, busy, onAnswer }: { changed: FormFact[]; data: unknown; busy: boolean; onAnswer: (correct: boolean) => void }) {
  return (
    <Alert type="warning" showIcon className="zf-form-alert" data-testid="fact-corrections"
      message="您修改了预填的案件信息，是否同时更正原记录？"
      description={(
        <>
          <ul className="zf-changes">
            {changed.map((f) => (
              <li key={f.field}><strong>{f.title}</strong>：<del>{shown(f.value)}</del> → <ins>{shown(getPath(data, f.field))}</ins>（{f.label}）</li>
            ))}
          </ul>
          <p style={{ margin: '4px 0 8px' }}>原记录是草稿的，直接更正；已制发的，开启执法记录更改申请（第七条），经审核、审批后更正。选择“仅修改本文书”则原记录不变。</p>
          <Space wrap>
            <Button type="primary" loading={busy} onClick={() => onAnswer(true)} data-testid="correct-earlier">同时更正原记录并提交</Button>
            <Button loading={busy} onClick={() => onAnswer(false)} data-testid="keep-earlier">仅修改本文书并提交</Button>
          </Space>
        </>
      )} />
  )
}
