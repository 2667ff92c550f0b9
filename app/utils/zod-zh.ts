/**
 * Chinese default messages for zod, for the cases a schema does not word
 * itself (a field missing from the post, a wrong type). Imported by every
 * schema module, so no English message reaches a user.
 */
import { z } from 'zod'

z.setErrorMap((issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' || issue.received === 'null' ? '此项为必填项' : '格式不正确' }
    case z.ZodIssueCode.invalid_enum_value:
      return { message: '请从选项中选择' }
    case z.ZodIssueCode.too_small:
      return { message: issue.type === 'string' ? `至少 ${issue.minimum} 个字符` : `至少 ${issue.minimum} 项` }
    case z.ZodIssueCode.too_big:
      return { message: issue.type === 'string' ? `不能超过 ${issue.maximum} 个字符` : `不能超过 ${issue.maximum} 项` }
    default:
      return { message: ctx.defaultError === 'Required' ? '此项为必填项' : '内容不符合要求' }
  }
})

export { z }
