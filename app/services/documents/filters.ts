/**
 * Filters usable in template tags (`{issueDate|date}`): how dates, laws,
 * officers and amounts are printed on a document. Pure functions.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖'

/** `2026-03-02` → `2026年3月2日`; `2026-03-02T09:30` → `2026年3月2日9时30分`. */
export function chineseDate(value: unknown): string {
  if (typeof value !== 'string') return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value)
  if (!m) return value
  const date = `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
  return m[4] ? `${date}${Number(m[4])}时${m[5]}分` : date
}

/** Amount in yuan → `5000.00元（人民币伍仟元整）`. */
export function money(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return ''
  return `${value.toFixed(2)}元（人民币${capitalAmount(value)}）`
}

/** RMB amount in the capital numerals used on decisions and receipts. */
export function capitalAmount(amount: number): string {
  const fen = Math.round(amount * 100)
  if (fen === 0) return '零元整'
  const yuan = Math.floor(fen / 100)
  const jiao = Math.floor((fen % 100) / 10)
  const cent = fen % 10
  const units = ['', '拾', '佰', '仟']
  const groups = ['', '万', '亿', '万亿']
  let s = ''
  let n = yuan
  let g = 0
  let needZero = false
  while (n > 0) {
    const part = n % 10000
    let ps = ''
    let zero = false
    for (let i = 0, p = part; i < 4; i++, p = Math.floor(p / 10)) {
      const d = p % 10
      if (d === 0) {
        if (ps) zero = true
      } else {
        ps = DIGITS[d]! + units[i]! + (zero ? '零' : '') + ps
        zero = false
      }
    }
    if (part > 0) {
      s = ps + groups[g]! + (needZero ? '零' : '') + s
      needZero = part < 1000
    } else if (s) {
      needZero = true
    }
    n = Math.floor(n / 10000)
    g++
  }
  s = s.replace(/^零/, '')
  let out = yuan > 0 ? `${s}元` : ''
  if (jiao === 0 && cent === 0) return `${out}整`
  if (jiao > 0) out += `${DIGITS[jiao]}角`
  else if (yuan > 0) out += '零'
  if (cent > 0) out += `${DIGITS[cent]}分`
  return out
}

interface LawRef { law?: string; article?: string }
interface OfficerRef { name?: string; certificateNo?: string }

export const filters: Record<string, (value: unknown) => unknown> = {
  date: chineseDate,
  money,
  yesno: (v) => (v === true ? '是' : v === false ? '否' : ''),
  /** `《安全生产法》第一百零二条、《…》第…条` */
  laws: (v) => (Array.isArray(v) ? (v as LawRef[]).map((l) => `${l.law ?? ''}${l.article ?? ''}`).join('、') : ''),
  /** `张三（执法证号 65000001）、李四（执法证号 65000002）` */
  officers: (v) => (Array.isArray(v) ? (v as OfficerRef[]).map((o) => `${o.name ?? ''}（执法证号：${o.certificateNo ?? ''}）`).join('、') : ''),
  /** Officers' names alone, for an opening sentence: `张三、李四` (现场检查记录, 询问笔录). */
  names: (v) => (Array.isArray(v) ? (v as OfficerRef[]).map((o) => o.name ?? '').join('、') : ''),
  /** Their 执法证号 in the same order: `65000001、65000002`. */
  certificates: (v) => (Array.isArray(v) ? (v as OfficerRef[]).map((o) => o.certificateNo ?? '').join('、') : ''),
  /** The shared approval form's decision key → its Chinese label. */
  decision: (v) => (v === 'approve' ? '同意' : v === 'return' ? '退回修改' : v === 'reject' ? '不予批准' : ''),
  /** A fine paid later (to the bank), not on the spot: the 15-day deadline and the late charge apply (行政处罚法第六十七、七十二条). */
  deferred: (v) => typeof v === 'string' && v !== '' && v !== '当场缴纳',
  onTheSpot: (v) => v === '当场缴纳',
  /** A party's kind (`party.kind`): the national formats print a person's 住址 and work unit, an organisation's 地址. */
  person: (v) => v === '个人',
  organisation: (v) => v !== '个人',
  /** Strings joined with the Chinese enumeration comma. */
  list: (v) => (Array.isArray(v) ? v.map(String).join('、') : ''),
  /** Typed text set inside a sentence the template ends: its own closing 。；. dropped, so the page never reads 。。 */
  clause: (v) => (typeof v === 'string' ? v.trim().replace(/[。；;.，,\s]+$/u, '') : ''),
}
