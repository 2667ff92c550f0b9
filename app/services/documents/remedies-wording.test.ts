import { describe, expect, it } from 'vitest'
import { printedText } from '../../../tests/support/printed-text.ts'

/** The printed text of a form's example with some fields changed (the payload must still be valid). */
const printed = (key: string, change: Record<string, unknown> = {}, drop: string[] = []) => printedText(key, { change, drop })

const LATE_CHARGE = '每日按罚款数额的百分之三加处罚款'

describe('the remedies and payment wording of an on-the-spot penalty (当场处罚决定书)', () => {
  it('tells the party to pay within fifteen days, with the late charge, only when the fine is paid later at the bank', async () => {
    const text = await printed('onsite-penalty-decision', { paymentMethod: '到指定银行缴纳' })
    expect(text).toContain('十五日内缴至指定银行')
    expect(text).toContain(LATE_CHARGE)
  })

  it('prints no payment deadline or late charge for a fine paid on the spot, and says it was paid', async () => {
    const text = await printed('onsite-penalty-decision', { paymentMethod: '当场缴纳' })
    expect(text).not.toContain('十五日内缴至')
    expect(text).not.toContain(LATE_CHARGE)
    expect(text).toContain('罚款已当场缴纳')
  })

  it('prints no payment sentence at all for a warning', async () => {
    const text = await printed('onsite-penalty-decision', { penalty: '警告' }, ['fineAmount', 'paymentMethod'])
    expect(text).not.toContain('缴纳')
    expect(text).not.toContain(LATE_CHARGE)
  })

  it('requires reconsideration first, as 行政复议法 (2023) Art. 23 does, and offers no direct lawsuit', async () => {
    const text = await printed('onsite-penalty-decision')
    expect(text).toContain('《中华人民共和国行政复议法》第二十三条')
    expect(text).toContain('应当先申请行政复议')
    expect(text).toContain('对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向伊宁市人民法院提起行政诉讼')
    expect(text).not.toContain('或者在六个月内')
  })
})

describe('each document’s remedies sentence matches its kind', () => {
  it('a rectification order carries the national format’s two fixed sentences: accidents make those responsible answerable, and violations are penalised', async () => {
    const text = await printed('rectification-order')
    expect(text).toContain('由此造成事故的，依法追究有关人员的责任。')
    expect(text).toContain('对安全生产违法行为，将依法予以行政处罚。')
  })

  it('a rectification order speaks of 本指令, not 本决定', async () => {
    const text = await printed('rectification-order')
    expect(text).toContain('如不服本指令')
    expect(text).toContain('本指令不停止执行')
    expect(text).not.toContain('本决定')
  })

  it('a penalty decision cites 行政处罚法 Art. 73 for penalties not suspended during review or suit', async () => {
    const text = await printed('penalty-decision')
    expect(text).toContain('本行政处罚决定不停止执行')
    expect(text).toContain('第七十三条')
    expect(text).toContain('或者在六个月内')
  })

  it('the decisions of coercion and on-site measures keep reconsideration or suit, and 本决定', async () => {
    for (const key of ['coercion-decision', 'onsite-measures-decision', 'seizure-extension-decision']) {
      const text = await printed(key)
      expect(text, key).toContain('如不服本决定')
      expect(text, key).toContain('或者在六个月内')
    }
  })
})
