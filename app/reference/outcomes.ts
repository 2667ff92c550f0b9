/**
 * Chinese titles of step outcomes (zf:outcomes in definitions/). A step's
 * buttons read these; an outcome missing here shows its key.
 */
export const outcomeTitles: Record<string, string> = {
  approve: '同意',
  return: '退回',
  reject: '不同意',
  submit: '提交',
  done: '完成',
  penalize: '决定给予行政处罚',
  'no-penalty': '决定不予行政处罚',
  committee: '提交案件审理委员会',
  deputy: '由分管负责同志决定',
  hearing: '当事人申请听证',
  'no-hearing': '当事人未申请听证',
  statement: '当事人陈述申辩',
  'no-statement': '当事人放弃陈述申辩',
  rectify: '责令限期整改',
  measures: '现场处理措施',
  case: '移交立案查处',
  coercion: '采取即时强制措施',
  close: '检查结束',
  rectified: '已整改',
  'not-rectified': '逾期未整改',
  paid: '已缴纳罚款',
  unpaid: '未按期缴纳',
  more: '继续调查取证',
  enough: '调查终结',
  published: '已公开',
}

export function outcomeTitle(outcome: string | null | undefined): string {
  return outcome ? outcomeTitles[outcome] ?? outcome : ''
}

/** Outcomes that send a step back: they need a comment saying why. */
export const returningOutcomes = new Set(['return', 'reject'])
