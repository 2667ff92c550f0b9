/** The two versions a compare request names (?from=N&to=M), checked once for the page and the JSON resource. */
import { z } from '../../utils/zod-zh.ts'
import { InvalidInput } from '../errors.ts'

const version = z.coerce.number({ invalid_type_error: '版本应为正整数' }).int('版本应为正整数').positive('版本应为正整数')
const schema = z.object({ from: version, to: version })

export function compareQuery(url: URL): { from: number; to: number } {
  const parsed = schema.safeParse({ from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined })
  if (!parsed.success) throw new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]])), '请选择要比较的两个版本')
  return parsed.data
}
