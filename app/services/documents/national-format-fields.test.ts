/**
 * The fields and fixed wording the national 安全生产行政执法文书 formats
 * (安监总政法〔2016〕72号; see each form's README) give these documents,
 * read from the printed text of their examples.
 */
import { describe, expect, it } from 'vitest'
import { accepted, examplePayload, itPrints } from '../../../tests/support/printed-text.ts'

const signatureLine = '＿＿＿＿＿＿＿＿＿＿＿＿　　＿＿＿＿年＿＿月＿＿日'

describe('行政处罚决定书 (penalty-decision)', () => {
  itPrints([
    {
      title: 'says the organ will apply to the court for enforcement when the party neither seeks review nor complies (行政处罚法第七十二条, 行政强制法第五十三条)',
      form: 'penalty-decision',
      prints: ['在法定期限内不申请行政复议或者提起行政诉讼，又不履行本行政处罚决定的，本机关将依照《中华人民共和国行政处罚法》第七十二条第一款第四项和《中华人民共和国行政强制法》第五十三条的规定申请人民法院强制执行。'],
    },
    {
      title: 'names the bank and account a fine is paid to, and caps the late charge at the fine (行政处罚法 2021 第七十二条)',
      form: 'penalty-decision',
      prints: ['十五日内缴至中国农业银行伊宁市分行 非税收入账户', '加处罚款的数额不得超出罚款的数额'],
    },
    {
      title: 'prints an individual party as the 个人 format does: sex, age, ID number, home address, work unit, post and work address, and no unit fields',
      form: 'penalty-decision',
      example: 'valid-individual',
      prints: [
        '当事人：张建军',
        '公民身份号码：654002198003152012',
        '性别：男　年龄：46　所在单位：伊宁市恒安化工有限公司　职务：制冷车间主任　联系电话：13999123457',
        '住址：新疆伊犁哈萨克自治州伊宁市解放路16号3单元2室　邮政编码：835000',
        '单位地址：新疆伊犁哈萨克自治州伊宁市工业园区纬三路8号',
        '申请人民法院强制执行',
      ],
      omits: ['统一社会信用代码', '法定代表人'],
    },
    {
      title: 'prints a unit party with its address, not a home address',
      form: 'penalty-decision',
      prints: ['统一社会信用代码：91654002MA78K3QX5G', '地址：新疆伊犁哈萨克自治州伊宁市工业园区纬三路8号　邮政编码：835000'],
      omits: ['住址', '性别'],
    },
  ])

  it('requires the payment account for a fine, and not for a warning alone', () => {
    const { paymentAccount: _account, ...withoutAccount } = examplePayload('penalty-decision')
    expect(accepted('penalty-decision', withoutAccount)).toBe(false)
    const { fineAmount: _fine, ...noFine } = withoutAccount
    expect(accepted('penalty-decision', { ...noFine, penalties: [{ type: '警告', detail: '予以警告' }] })).toBe(true)
  })

  it('refuses a person under fourteen as the party (行政处罚法第三十条)', () => {
    const payload = examplePayload('penalty-decision', 'valid-individual')
    expect(accepted('penalty-decision', { ...payload, party: { ...(payload.party as object), age: 13 } })).toBe(false)
  })
})

describe('送达回执 (service-receipt)', () => {
  itPrints([
    {
      title: 'names the case and gives each document served its own row, the row’s date falling back to the receipt’s',
      form: 'service-receipt',
      prints: [
        '案件名称：特种作业人员未持证上岗案',
        '受送达单位（个人）：伊宁市恒安化工有限公司',
        /行政处罚决定书（伊州）应急罚〔2026〕12号.*2026年3月20日15时30分.*行政处罚听证告知书（伊州）应急听告〔2026〕3号.*2026年3月20日15时40分/,
      ],
    },
    {
      title: 'leaves the recipient’s signature blank with the name under it, marks a proxy and says how they relate to the party',
      form: 'service-receipt',
      prints: ['（刘会计，代收）', '本回执所列文书由刘会计代收，其与受送达人的关系：当事人财务部工作人员。'],
    },
    {
      title: 'names a recipient who signs for themselves without the proxy wording',
      form: 'service-receipt',
      drop: ['proxyRelation', 'note'],
      change: { recipient: '王建国' },
      prints: ['（王建国）'],
      omits: ['，代收）', '代收，其与受送达人的关系'],
    },
    {
      title: 'records a refusal (留置送达) with its reason and a blank signature place for the witness',
      form: 'service-receipt',
      example: 'valid-refused',
      prints: ['拒收事由：法定代表人以不认可处罚为由拒绝签收', '并以拍照、录像方式记录送达过程', '见证人（签名或者盖章）：＿＿＿＿＿＿＿＿＿＿＿＿', '（阿不都·热合曼，伊宁市工业园区管委会安全监管办公室干部）'],
    },
  ])

  it('requires the refusal’s reason and witness on a refused receipt', () => {
    const { refusal: _refusal, ...withoutRefusal } = examplePayload('service-receipt', 'valid-refused')
    expect(accepted('service-receipt', withoutRefusal)).toBe(false)
  })
})

describe('当事人陈述申辩笔录 (statement-defense-record)', () => {
  itPrints([
    {
      title: 'prints the start and end time, the speaker’s details and the officers’ opening sentence with their certificates shown',
      form: 'statement-defense-record',
      prints: [
        '时间：2026年3月13日15时00分至2026年3月13日15时40分',
        '陈述申辩人：王建国　性别：男　职务：法定代表人',
        '工作单位：伊宁市恒安化工有限公司　电话：13999123456',
        '邮编：835000',
        '我们是伊犁哈萨克自治州应急管理局的行政执法人员李明（执法证号：65000012）、阿依古丽·买买提（执法证号：65000034），这是我们的证件（出示证件）。现对特种作业人员未持证上岗案一案听取你（单位）的陈述申辩。',
      ],
    },
    {
      title: 'leaves the speaker’s and the recorder’s signatures blank, with their names under them',
      form: 'statement-defense-record',
      prints: [
        `陈述申辩人（签名）：${signatureLine}\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000（王建国）`,
        `记录人（签名）：${signatureLine}\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000（马晓燕）`,
      ],
    },
  ])
})

describe('听证会通知书 (hearing-notice)', () => {
  itPrints([
    {
      title: 'lists the hearing officer, each 听证员 and the clerk with their posts, and the right to ask for withdrawal under 行政处罚法第六十四条',
      form: 'hearing-notice',
      prints: ['听证主持人：赵法审　职务：法规科科长', '听证员：马法审　职务：法规科副科长', '听证员：古丽娜　职务：法规科科员', '书记员：吴秘书　职务：法规科科员', '《中华人民共和国行政处罚法》第六十四条第四项', '公开举行听证会'],
    },
    {
      title: 'prints the 注意事项 and the organ’s address, postcode, contact and phone',
      form: 'hearing-notice',
      prints: [
        '注意事项',
        '委托代理人参加听证的，应当在听证会前向本机关提交授权委托书等有关证明',
        '申请延期举行的，应当在举行听证会前向本机关提出',
        '视为放弃听证权利',
        '本机关地址：新疆伊犁哈萨克自治州伊宁市斯大林街2号　邮政编码：835000',
        '联系人：赵法审　联系电话：0999-8021234',
      ],
    },
    { title: 'says 不公开 for a closed hearing', form: 'hearing-notice', change: { publicHearing: false }, prints: ['不公开举行听证会'] },
  ])
})

describe('听证笔录 (hearing-record)', () => {
  itPrints([
    {
      title: 'prints the organ holding the hearing, the 听证员, the party’s agents with sex, age and work, the third party and other participants',
      form: 'hearing-record',
      prints: ['主持听证机关：伊犁哈萨克自治州应急管理局', '听证员：马法审', '委托代理人：陈律师　性别：女　年龄：38　工作单位（职务）：新疆天山律师事务所律师', '第三人：伊宁市安达劳务派遣有限公司', '其他参与人员：阿力木（证人（当事人制冷车间班长））'],
    },
    {
      title: 'leaves blank signature places for the applicant or agent, the chair, each 听证员 and the clerk',
      form: 'hearing-record',
      prints: [
        '申请听证人或者其委托代理人（签名）：＿＿＿＿＿＿＿＿＿＿＿＿',
        '（伊宁市恒安化工有限公司、陈律师）',
        '主持人（签名）：＿＿＿＿＿＿＿＿＿＿＿＿',
        `听证员（签名）：${signatureLine}\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000（马法审）`,
        '书记员（签名）：＿＿＿＿＿＿＿＿＿＿＿＿',
      ],
    },
  ])
})

describe('结案审批表 (case-closing-approval)', () => {
  itPrints([
    {
      title: 'prints a unit party’s details: credit code, address and postcode, legal representative and post',
      form: 'case-closing-approval',
      prints: ['案件名称', '被处罚单位：伊宁市恒安化工有限公司', '地址：新疆伊犁哈萨克自治州伊宁市工业园区纬三路8号　邮编：835000', '法定代表人（负责人）：王建国　职务：总经理'],
      omits: ['被处罚人：'],
    },
    {
      title: 'prints a person’s details as the 被处罚人（个人） row does, and blank signature places for the officers',
      form: 'case-closing-approval',
      example: 'valid-individual',
      prints: ['被处罚人：张建军　性别：男　年龄：46', '所在单位：伊宁市恒安化工有限公司　职务：制冷车间主任', '家庭住址：新疆伊犁哈萨克自治州伊宁市解放路16号3单元2室　邮编：835000', '＿＿＿＿＿＿＿＿（李明）'],
      omits: ['被处罚单位'],
    },
  ])
})

describe('案件审理委员会会议纪要 (committee-minutes)', () => {
  itPrints([{
    title: 'prints the time from start to end, the reporter, each attendee’s post beside their role, and a signature line for each attendee',
    form: 'committee-minutes',
    prints: [
      '讨论时间：2026年3月12日16时00分至2026年3月12日17时00分',
      '主持人：孙国庆　汇报人：李明',
      '副局长（分管负责同志）',
      '出席人员签名',
      ...['孙国庆', '赵法审', '钱立新', '周科长'].map((name) => `${signatureLine}（${name}）`),
      '记录人（签名）：＿＿＿＿＿＿＿＿＿＿＿＿',
    ],
  }])
})

describe('行政（当场）处罚决定书 (onsite-penalty-decision)', () => {
  itPrints([{
    title: 'lists the evidence and, for a fine paid later, the bank and account it is paid to',
    form: 'onsite-penalty-decision',
    prints: ['以上事实有下列证据为证：', '现场照片2张', '十五日内缴至指定银行（中国农业银行伊宁市分行 非税收入账户）'],
  }])

  it('requires the account for a fine paid later, and not for one paid on the spot', () => {
    const { paymentAccount: _account, ...withoutAccount } = examplePayload('onsite-penalty-decision')
    expect(accepted('onsite-penalty-decision', withoutAccount)).toBe(false)
    expect(accepted('onsite-penalty-decision', { ...withoutAccount, paymentMethod: '当场缴纳' })).toBe(true)
  })
})
