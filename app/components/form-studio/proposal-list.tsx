/**
 * Proposed form changes as a list that reads on a phone: the form and the
 * note, who proposed it and when, its status and, once decided, by whom and
 * why. Shown on 表单与模板 and on a form's studio page (ADR 041).
 */
import { Link } from '@remix-run/react'
import { List, Space, Tag } from 'antd'
import { shanghaiMinute } from '../studio/shanghai-time.ts'
import type { ProposalRow } from '../../services/catalog/proposal-row.ts'

const STATUS = {
  pending: { color: 'orange', text: '待处理' },
  accepted: { color: 'green', text: '已采纳' },
  rejected: { color: 'red', text: '已驳回' },
} as const

function outcome(row: ProposalRow): string | null {
  if (row.status === 'pending' || !row.decidedAt) return null
  const by = `${row.decidedByName ?? ''} · ${shanghaiMinute(row.decidedAt)}`
  if (row.status === 'accepted') return `${by} 采纳，第 ${row.acceptedVersion} 版生效${row.decisionNote ? `（${row.decisionNote}）` : ''}`
  return `${by} 驳回：${row.decisionNote ?? ''}`
}

export function ProposalList({ rows, showForm }: { rows: ProposalRow[]; showForm: boolean }) {
  return (
    <List
      size="small" dataSource={rows} data-testid="proposal-list" locale={{ emptyText: '没有修改提议' }}
      renderItem={(p) => (
        <List.Item data-testid={`proposal-${p.id}`}>
          <List.Item.Meta
            title={(
              <Space wrap size={6}>
                <Tag color={STATUS[p.status].color}>{STATUS[p.status].text}</Tag>
                <Link to={`/admin/forms/${p.key}/proposals/${p.id}`}>{showForm ? `${p.title}：` : ''}{p.changeNote}</Link>
              </Space>
            )}
            description={(
              <>
                <div>{p.proposedByName} 提议 · {shanghaiMinute(p.createdAt)}</div>
                {outcome(p) ? <div>{outcome(p)}</div> : null}
              </>
            )}
          />
        </List.Item>
      )}
    />
  )
}
