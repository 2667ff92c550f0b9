import { describe, expect, it } from 'vitest'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { derivedFields } from '../../../forms/_lib/derived.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import { examplePayload, itPrints, printedDocument } from '../../../tests/support/printed-text.ts'

// The fields and fixed wording of the 安全生产行政执法文书 formats (安监总政法〔2016〕72号), each form's README says where from.
const registry = loadRegistry()
const validator = createFormValidator(registry)

describe('责令限期整改指令书', () => {
  itPrints([{
    title: 'gives each item its own deadline, prints the two fixed sentences, and says 本指令, never 本决定 nor 。。 (typed text ending in 。 inside a sentence the template ends)',
    form: 'rectification-order',
    prints: [
      '液氨储罐区可燃气体报警装置未与紧急切断装置联锁（部位：液氨储罐区）【重大事故隐患】，整改期限：2026年3月9日前',
      '特种作业人员未持证上岗（部位：制冷车间），整改期限：2026年3月16日前',
      '由此造成事故的，依法追究有关人员的责任',
      '对安全生产违法行为，将依法予以行政处罚',
      '本指令不停止执行',
    ],
    omits: ['本决定', '。。'],
  }])

  it('refuses an item without a deadline, and hands the latest item deadline to the re-inspection step as the order\'s deadline', () => {
    const payload = examplePayload('rectification-order') as { findings: Array<Record<string, unknown>> }
    const missing = { ...payload, findings: [payload.findings[0], { ...payload.findings[1], deadline: undefined }] }
    expect(validator.validate('rectification-order', JSON.parse(JSON.stringify(missing)))).toMatchObject({ ok: false, errors: [{ path: '/findings/1/deadline' }] })
    expect(validator.validate('rectification-order', payload)).toMatchObject({ ok: true, derived: { deadline: '2026-03-16' } })
    expect(derivedFields({ deadline: { latest: 'findings.deadline' } }, { findings: [{ deadline: '2026-04-01' }, { deadline: '2026-03-20' }] })).toEqual({ deadline: '2026-04-01' })
  })
})

itPrints([
  {
    title: '现场检查记录 names the officers and their 执法证号 in the opening sentence',
    form: 'onsite-inspection-record',
    prints: ['行政执法人员李明、阿依古丽·买买提，证件号码为65000012、65000034，这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。'],
  },
  {
    title: '现场处理措施决定书 says when the inspection found the hazards, in the national wording',
    form: 'onsite-measures-decision',
    change: { inspectionDate: '2026-03-04' },
    prints: ['本机关于2026年3月4日现场检查时，发现你单位有下列违法违规行为和事故隐患', '以上存在的问题无法保证安全生产，依据', '现作出如下现场处理决定'],
  },
  {
    title: '整改复查意见书 cites whichever earlier decision it reviews',
    form: 'rectification-review-opinion',
    change: { decisionTitle: '现场处理措施决定书', orderNumber: '（伊州）应急现决〔2026〕2号' },
    prints: ['作出了《现场处理措施决定书》（（伊州）应急现决〔2026〕2号）的决定', '对你单位整改情况进行了复查，提出如下意见'],
  },
  {
    title: '立案审批表 prints the 案件名称 beside the 案由 and the 案件发生时间',
    form: 'case-filing-approval',
    change: { caseTitle: '某化工公司未设报警联锁案', incidentTime: '2026-02-27T15:10:00+08:00' },
    prints: ['案件名称某化工公司未设报警联锁案', '案件发生时间2026年2月27日15时10分'],
  },
  {
    title: '询问笔录 prints the session, the interviewee\'s age and address, the interviewer, who was present, and the officers\' 执法证号 in the opening',
    form: 'inquiry-record',
    change: { session: 2, present: '翻译人员热依拉' },
    prints: ['第2次询问', '年龄：46', '住址：新疆伊犁哈萨克自治州伊宁市解放路12号', '询问人：李明', '在场人：翻译人员热依拉', '证件号码为65000012、65000034，这是我们的证件（出示证件）', '您有如实回答问题的义务，也有陈述、申辩和申请回避的权利'],
  },
  {
    title: '询问笔录 carries a blank signature line for the interviewee with the page count on every page',
    form: 'inquiry-record',
    prints: [],
    footer: /^被询问人（签名）：＿+\u3000+第 .* 页\u3000共 .* 页$/,
  },
  ...['penalty-notice', 'penalty-hearing-notice'].map((form) => ({
    title: `${form}: lists the facts, the main evidence, the provisions violated and applied, and the organ's address`,
    form,
    change: { organAddress: '新疆伊犁哈萨克自治州伊宁市斯大林街88号', organPostcode: '835000' },
    prints: [
      '现查明，你（单位）存在下列行为：',
      '以上事实主要证据如下：',
      '1. 《现场检查记录》（（伊州）应急检记〔2026〕3号）',
      /以上行为违反了《中华人民共和国安全生产法》第.+条.*的规定，依据.+的规定，拟对你（单位）作出如下行政处罚/,
      '本机关地址：新疆伊犁哈萨克自治州伊宁市斯大林街88号　邮政编码：835000',
    ],
  })),
])

it('other documents keep the page count alone in the footer, with no signature line', async () => {
  const { footer } = await printedDocument('penalty-notice')
  expect(footer).toMatch(/第 .* 页/)
  expect(footer).not.toContain('签名')
})

it('立案审批表 takes its 案件名称 from the case title', () => {
  expect(registry.get('case-filing-approval').manifest.prefill.caseTitle).toBe('case.title')
})

it('refuses a notice without its main evidence, in Chinese', () => {
  const payload = { ...examplePayload('penalty-notice'), evidence: [] }
  expect(validator.validate('penalty-notice', payload)).toMatchObject({ ok: false, errors: [{ path: '/evidence', message: '请至少列出一项证明上述事实的主要证据' }] })
})
