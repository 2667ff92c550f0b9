import { Tag, Tooltip } from 'antd'

/**
 * 暂定: the due date counts over a year whose State Council holiday schedule
 * is not entered yet (provisional calendar of the 放假办法); it may move
 * when the year is entered (ADR 018).
 */
export function ProvisionalTag({ show }: { show: boolean }) {
  if (!show) return null
  return (
    <Tooltip title="该年度国务院办公厅节假日安排尚未录入，期限按《全国年节及纪念日放假办法》暂定，录入后可能调整">
      <Tag color="gold" data-testid="due-provisional" style={{ marginLeft: 6 }}>暂定</Tag>
    </Tooltip>
  )
}
