/** The draft's save state in words a user can act on, next to the submit button. */
import { Tag } from 'antd'
import { CheckCircleOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined } from '@ant-design/icons'
import type { DraftState } from './use-draft-autosave.ts'

function clockTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso))
}

export function DraftStatus({ state, hasServerDraft }: { state: DraftState; hasServerDraft: boolean }) {
  let content: React.ReactNode
  switch (state.kind) {
    case 'idle':
      content = hasServerDraft ? <Tag icon={<CheckCircleOutlined />} color="success">已保存</Tag> : <Tag>尚未填写</Tag>
      break
    case 'pending':
    case 'saving':
      content = <Tag icon={<CloudSyncOutlined />} color="processing">保存中…</Tag>
      break
    case 'saved':
      content = <Tag icon={<CheckCircleOutlined />} color="success">已保存 {clockTime(state.at)}</Tag>
      break
    case 'offline':
      content = <Tag icon={<DisconnectOutlined />} color="warning">离线未保存 · 已暂存本机</Tag>
      break
    case 'signed-out':
      content = <Tag icon={<ExclamationCircleOutlined />} color="error">登录已失效 · 已暂存本机</Tag>
      break
    case 'failed':
      content = <Tag icon={<ExclamationCircleOutlined />} color="error">未保存 · 已暂存本机</Tag>
      break
    case 'conflict':
      content = <Tag icon={<ExclamationCircleOutlined />} color="error">已暂停自动保存</Tag>
      break
  }
  return <span className="zf-draft-status" role="status" aria-live="polite" data-testid="draft-status" data-state={state.kind}>{content}</span>
}
