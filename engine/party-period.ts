/**
 * zf:period — a step that records what a party did within a period the law
 * gives it (陈述申辩 3 working days, 听证申请 5 working days, 行政处罚法
 * Art. 45, 64, 85) may not conclude "the party did nothing" while the period
 * still runs, unless the party waived it in writing. Pure: the spec, the
 * submitted payload, the step's due date (the period's last day) and today
 * go in; a field error comes out when the conclusion is premature.
 *
 *   "requested = false until due unless waiver"
 *   "made = false until due unless waiver"
 *
 * `<field> = <JSON literal>` is what "did nothing" looks like in the form;
 * `due` is the step's zf:due, which therefore counts from the day the party
 * received the notice; `<waiver field>` is the form's record of the party's
 * written waiver in the shape of forms/_common/waiver.json: its `date`, and a
 * `scan` or the party's `partySignature`. The engine checks that much itself,
 * so that no form or route can weaken it.
 */
import type { PeriodSpec } from './definition/definition-model.ts'
import type { FieldError } from './errors.ts'
import type { FeelProblem } from './feel.ts'
import { valueAt } from './lead.ts'

const PATH = '[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*'
const PERIOD = new RegExp(`^(${PATH})\\s*=\\s*(true|false|null|-?\\d+(?:\\.\\d+)?|"[^"]*")\\s+until\\s+due\\s+unless\\s+(${PATH})$`)

export function parsePeriod(text: string): PeriodSpec | FeelProblem {
  const match = PERIOD.exec(text.trim())
  if (!match) {
    return {
      code: 'PERIOD_INVALID',
      message: `当事人期限「${text}」无法识别：应为「字段 = 值 until due unless 放弃声明字段」，如 requested = false until due unless waiver`,
      messageEn: `period "${text}" is not "<field> = <value> until due unless <waiver field>", e.g. requested = false until due unless waiver`,
    }
  }
  return { field: match[1]!, equals: JSON.parse(match[2]!) as PeriodSpec['equals'], waiverField: match[3]! }
}

export function isPeriodSpec(value: PeriodSpec | FeelProblem): value is PeriodSpec {
  return 'waiverField' in value
}

const filled = (value: unknown) => (typeof value === 'string' ? value.trim() !== '' : value !== null && typeof value === 'object' && Object.keys(value).length > 0)

/** A written waiver: its date, and a scan of it or the party's signature. */
function waived(payload: unknown, field: string): boolean {
  const waiver = valueAt(payload, field)
  if (waiver === null || typeof waiver !== 'object') return false
  const { date, scan, partySignature } = waiver as Record<string, unknown>
  return filled(date) && (filled(scan) || filled(partySignature))
}

/**
 * A field error when the payload concludes that the party did nothing
 * while the period (ending on `dueDate`, inclusive) still runs on `today`
 * and no waiver is recorded; null otherwise. A step without a due date has
 * no period to wait for.
 *
 * @example
 * checkPeriod({ field: 'requested', equals: false, waiverField: 'waiver' }, { requested: false }, '2026-10-15', '2026-10-09', '听证申请登记')
 * // → { path: '/requested', message: '…期限至 2026-10-15 届满…' }
 */
export function checkPeriod(spec: PeriodSpec, payload: unknown, dueDate: string | null, today: string, stepName: string): FieldError | null {
  if (!dueDate || today > dueDate) return null
  if (valueAt(payload, spec.field) !== spec.equals) return null
  if (waived(payload, spec.waiverField)) return null
  return {
    path: `/${spec.field.replaceAll('.', '/')}`,
    message: `当事人的法定期限至 ${dueDate} 届满（含当日），今天（${today}）尚在期限内，「${stepName}」不能登记为当事人未提出；` +
      `当事人书面放弃的，请填写放弃声明（放弃日期及扫描件或当事人签名），否则请于 ${dueDate} 之后办理`,
  }
}
