/**
 * Whose review steps a page shows (docs/decisions/040): the organ being
 * configured, with a choice when the viewer may configure more than one, and
 * a tag saying whether the version in force is the organ's own or followed
 * from above.
 */
import { useNavigate } from '@remix-run/react'
import { Select, Space, Tag } from 'antd'

export interface DepartmentView {
  id: string
  name: string
  region: boolean
}

export interface InForceView {
  own: boolean
  from: { id: string; name: string } | null
}

export function DepartmentChoice({ department, choices, to }: { department: DepartmentView; choices: DepartmentView[]; to: string }) {
  const navigate = useNavigate()
  const label = (d: DepartmentView) => (d.region ? `${d.name}（全区）` : d.name)
  return (
    <div style={{ marginBottom: 12 }}>
      <Space wrap>
        <span>配置部门</span>
        {choices.length > 1 ? (
          <Select style={{ minWidth: 260 }} value={department.id} aria-label="配置部门" data-testid="config-department"
            options={choices.map((d) => ({ value: d.id, label: label(d) }))}
            onChange={(id: string) => navigate(`${to}?department=${encodeURIComponent(id)}`)} />
        ) : <strong data-testid="config-department">{label(department)}</strong>}
      </Space>
    </div>
  )
}

export function InForceTag({ department, inForce }: { department: DepartmentView; inForce: InForceView }) {
  if (department.region) return <Tag>全区版本</Tag>
  if (inForce.own) return <Tag color="green">本部门自有</Tag>
  return <Tag>{inForce.from ? `沿用${inForce.from.name}的版本` : '沿用全区版本'}</Tag>
}
