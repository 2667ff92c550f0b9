/**
 * The field list editor: the form's top-level fields in order, each with
 * its type, title and whether it is required; add, edit, move and remove.
 * Nested objects and arrays are shown and moved here and edited in the code
 * view. The operations themselves are in schema-edit.ts.
 */
import { useState } from 'react'
import { Alert, Button, Checkbox, Input, Space, Table, Tag } from 'antd'
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'
import { FIELD_KINDS, fieldRows, moveField, putField, removeField, rowProblem, type Editable, type FieldKind, type FieldRow } from './schema-edit.ts'

export interface CommonPart { name: string; title: string; definitions: Record<string, JsonSchema> }

const EMPTY: FieldRow = { key: '', title: '', kind: 'text', required: false, pattern: '', message: '', choices: [], common: '' }
const kindLabel = (kind: FieldKind) => FIELD_KINDS.find((k) => k.value === kind)?.label ?? '对象或列表（在代码视图中编辑）'

function FieldEditor({ initial, editable, previousKey, commons, onApply, onCancel }: {
  initial: FieldRow; editable: Editable; previousKey: string | null; commons: CommonPart[]
  onApply: (row: FieldRow) => void; onCancel: () => void
}) {
  const [row, setRow] = useState(initial)
  const [problem, setProblem] = useState<string | null>(null)
  const set = (patch: Partial<FieldRow>) => setRow((r) => ({ ...r, ...patch }))
  const textual = row.kind === 'text' || row.kind === 'textarea'
  return (
    <div className="zf-field-editor" data-testid="field-editor">
      <Space wrap>
        <label>字段键 <Input value={row.key} onChange={(e) => set({ key: e.target.value.trim() })} placeholder="如 contactPhone" aria-label="字段键" style={{ width: 180 }} /></label>
        <label>名称 <Input value={row.title} onChange={(e) => set({ title: e.target.value })} placeholder="如 联系电话" aria-label="字段名称" style={{ width: 180 }} /></label>
        <label>类型 <select className="zf-native-select" value={row.kind} aria-label="字段类型" onChange={(e) => set({ kind: e.target.value as FieldKind })}>
          {FIELD_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          {row.kind === 'other' ? <option value="other">对象或列表</option> : null}
        </select></label>
        <Checkbox checked={row.required} onChange={(e) => set({ required: e.target.checked })}>必填</Checkbox>
      </Space>
      {textual ? (
        <Space wrap style={{ marginTop: 8 }}>
          <label>格式（正则表达式） <Input value={row.pattern} onChange={(e) => set({ pattern: e.target.value })} placeholder="如 ^1\d{10}$" aria-label="格式" style={{ width: 200 }} /></label>
          <label>不符合格式时的提示 <Input value={row.message} onChange={(e) => set({ message: e.target.value })} placeholder="如 请填写11位手机号码" aria-label="格式提示" style={{ width: 240 }} /></label>
        </Space>
      ) : null}
      {row.kind === 'choice' ? (
        <p style={{ marginTop: 8 }}><label>选项（用顿号或逗号分隔） <Input value={row.choices.join('、')} aria-label="选项" onChange={(e) => set({ choices: e.target.value.split(/[、,，]/).map((s) => s.trim()).filter(Boolean) })} /></label></p>
      ) : null}
      {row.kind === 'common' ? (
        <p style={{ marginTop: 8 }}><label>共用部分 <select className="zf-native-select" value={row.common} aria-label="共用部分" onChange={(e) => set({ common: e.target.value })}>
          <option value="">请选择</option>
          {commons.map((c) => <option key={c.name} value={c.name}>{c.title}（{c.name}）</option>)}
        </select></label></p>
      ) : null}
      {problem ? <Alert type="error" showIcon message={problem} style={{ marginTop: 8 }} /> : null}
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" onClick={() => {
          const p = rowProblem(editable, row, previousKey)
          setProblem(p)
          if (!p) onApply(row)
        }}>确定</Button>
        <Button onClick={onCancel}>取消</Button>
      </Space>
    </div>
  )
}

export function FieldList({ editable, commons, onChange }: { editable: Editable; commons: CommonPart[]; onChange: (next: Editable) => void }) {
  const [editing, setEditing] = useState<{ row: FieldRow; previousKey: string | null } | null>(null)
  const rows = fieldRows(editable)
  const definitions = Object.fromEntries(commons.map((c) => [c.name, c.definitions]))
  return (
    <div data-testid="field-list">
      <Table
        rowKey="key" size="small" pagination={false} dataSource={rows}
        columns={[
          { title: '字段', render: (_, r) => <span><strong>{r.title || r.key}</strong> <code>{r.key}</code></span> },
          { title: '类型', render: (_, r) => kindLabel(r.kind) + (r.kind === 'common' ? `：${r.common}` : '') },
          { title: '必填', render: (_, r) => (r.required ? <Tag color="red">必填</Tag> : null) },
          {
            title: '操作', render: (_, r, i) => (
              <Space size={4} wrap>
                <Button size="small" aria-label={`上移 ${r.key}`} disabled={i === 0} onClick={() => onChange(moveField(editable, r.key, -1))}>上移</Button>
                <Button size="small" aria-label={`下移 ${r.key}`} disabled={i === rows.length - 1} onClick={() => onChange(moveField(editable, r.key, 1))}>下移</Button>
                <Button size="small" aria-label={`编辑 ${r.key}`} onClick={() => setEditing({ row: r, previousKey: r.key })}>编辑</Button>
                <Button size="small" danger aria-label={`删除 ${r.key}`} onClick={() => onChange(removeField(editable, r.key))}>删除</Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <FieldEditor
          key={editing.previousKey ?? 'new'} initial={editing.row} editable={editable} previousKey={editing.previousKey} commons={commons}
          onCancel={() => setEditing(null)}
          onApply={(row) => {
            onChange(putField(editable, row, definitions, editing.previousKey ?? row.key))
            setEditing(null)
          }}
        />
      ) : <Button style={{ marginTop: 8 }} onClick={() => setEditing({ row: EMPTY, previousKey: null })}>添加字段</Button>}
    </div>
  )
}
