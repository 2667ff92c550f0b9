/**
 * How the template writes each field of a form (the 占位符说明 page): the
 * placeholder, and the filter that prints it the way documents do. The
 * filters are the renderer's (app/services/documents/filters.ts).
 */
import type { SchemaField } from '../../../forms/_lib/schema-fields.ts'

export const FILTER_GUIDE: { name: string; example: string; prints: string }[] = [
  { name: 'date', example: '{issueDate|date}', prints: '日期：2026年3月2日；日期时间：2026年3月4日10时00分' },
  { name: 'money', example: '{fineAmount|money}', prints: '金额：5000.00元（人民币伍仟元整）' },
  { name: 'laws', example: '{legalBasis|laws}', prints: '法律条款：《安全生产法》第一百零二条、…' },
  { name: 'officers', example: '{officers|officers}', prints: '执法人员：张三（执法证号：65000001）、李四（…）' },
  { name: 'names', example: '{officers|names}', prints: '执法人员姓名：张三、李四（用于笔录开头的句子）' },
  { name: 'certificates', example: '{officers|certificates}', prints: '执法证号，与姓名同序：65000001、65000002' },
  { name: 'list', example: '{measures|list}', prints: '文字列表，用顿号连接' },
  { name: 'yesno', example: '{agreed|yesno}', prints: '是 / 否' },
  { name: 'decision', example: '{decision|decision}', prints: '审批意见：同意 / 退回修改 / 不予批准' },
  { name: 'deferred', example: '{#paymentMethod|deferred}…{/paymentMethod|deferred}', prints: '条件：罚款不是当场缴纳时才打印其中内容' },
  { name: 'onTheSpot', example: '{#paymentMethod|onTheSpot}…{/paymentMethod|onTheSpot}', prints: '条件：罚款当场缴纳时才打印其中内容' },
  { name: 'person', example: '{#party.kind|person}…{/party.kind|person}', prints: '条件：当事人为个人时才打印其中内容（住址、工作单位）' },
  { name: 'organisation', example: '{#party.kind|organisation}…{/party.kind|organisation}', prints: '条件：当事人为单位时才打印其中内容（地址）' },
  { name: 'clause', example: '{measures|clause}。', prints: '句中的填写内容，去掉其末尾的句号、分号，避免打印成“。。”' },
]

/** The filter a field is usually printed with, by its type and name. */
function filterFor(field: SchemaField, members: SchemaField[]): string | null {
  const last = field.path.split(/\.|\[\]\./).pop() ?? ''
  if (field.type === 'boolean') return 'yesno'
  if (field.type === 'number' && /amount|fine|money/i.test(last)) return 'money'
  // By the schema's format, not the name: 'interviewee.gender' ends in 'end' and is no date.
  if (field.type === 'string' && (field.format === 'date' || field.format === 'date-time')) return 'date'
  if (field.type === 'array') {
    const names = members.map((m) => m.path.slice(field.path.length + 3))
    if (names.includes('law') && names.includes('article')) return 'laws'
    if (names.includes('name') && names.includes('certificateNo')) return 'officers'
    if (members.length === 0) return 'list'
  }
  return null
}

export interface PlaceholderRow extends SchemaField {
  placeholder: string
}

/** Each field with the placeholder that prints it; members of a list are written inside its loop. */
export function placeholderRows(fields: SchemaField[]): PlaceholderRow[] {
  return fields.map((field) => {
    const members = fields.filter((f) => f.path.startsWith(`${field.path}[].`))
    const filter = filterFor(field, members)
    const loop = field.path.lastIndexOf('[].')
    if (loop >= 0) {
      // A member is printed inside its list's loop, with the filter its type takes there too.
      const list = field.path.slice(0, loop).replace(/\[\]/g, '')
      const own = field.path.slice(loop + 3)
      return { ...field, placeholder: `{#${list}}…{${own}${filter ? `|${filter}` : ''}}…{/${list}}` }
    }
    if (field.type === 'array' && !filter) return { ...field, placeholder: `{#${field.path}}…{/${field.path}}` }
    return { ...field, placeholder: `{${field.path}${filter ? `|${filter}` : ''}}` }
  })
}
