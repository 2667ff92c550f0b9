/**
 * The account form's schema: one definition drives server validation, the
 * client-side hints and the HTML constraints (maxLength, pattern, required).
 */
import { z } from '../utils/zod-zh.ts'

export const LOGIN_NAME = { min: 3, max: 32, pattern: '^[A-Za-z0-9_.-]+$' }
export const DISPLAY_NAME = { min: 2, max: 32 }
export const PASSWORD = { min: 10, max: 128 }
export const CERTIFICATE_NO = { min: 6, max: 30, pattern: '^[A-Za-z0-9-]+$' }
export const PHONE = { pattern: '^1[3-9]\\d{9}$' }

const certificateFields = {
  certificateKind: z.enum(['', 'enforcement', 'supervision'], { message: '请选择证件类型' }).default(''),
  certificateNo: z.string().trim().max(CERTIFICATE_NO.max, `证件编号不能超过 ${CERTIFICATE_NO.max} 个字符`).default(''),
  certificateExpiresAt: z.string().trim().default(''),
}

function refineCertificate(value: { certificateKind: string; certificateNo: string; certificateExpiresAt: string }, ctx: z.RefinementCtx) {
  if (!value.certificateKind) {
    if (value.certificateNo || value.certificateExpiresAt) {
      ctx.addIssue({ code: 'custom', path: ['certificateKind'], message: '填写了证件编号或有效期，请选择证件类型' })
    }
    return
  }
  if (value.certificateNo.length < CERTIFICATE_NO.min || !new RegExp(CERTIFICATE_NO.pattern).test(value.certificateNo)) {
    ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: `证件编号为 ${CERTIFICATE_NO.min}–${CERTIFICATE_NO.max} 位字母、数字或连字符` })
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.certificateExpiresAt) || Number.isNaN(Date.parse(value.certificateExpiresAt))) {
    ctx.addIssue({ code: 'custom', path: ['certificateExpiresAt'], message: '请填写证件有效期（年-月-日）' })
  }
}

export const createUserSchema = z
  .object({
    loginName: z.string({ required_error: '请填写登录名' }).trim()
      .min(LOGIN_NAME.min, `登录名至少 ${LOGIN_NAME.min} 个字符`)
      .max(LOGIN_NAME.max, `登录名不能超过 ${LOGIN_NAME.max} 个字符`)
      .regex(new RegExp(LOGIN_NAME.pattern), '登录名只能包含字母、数字、下划线、点和连字符'),
    displayName: z.string({ required_error: '请填写姓名' }).trim()
      .min(DISPLAY_NAME.min, `姓名至少 ${DISPLAY_NAME.min} 个字符`)
      .max(DISPLAY_NAME.max, `姓名不能超过 ${DISPLAY_NAME.max} 个字符`),
    password: z.string({ required_error: '请填写初始密码' })
      .min(PASSWORD.min, `初始密码至少 ${PASSWORD.min} 位`)
      .max(PASSWORD.max, `密码不能超过 ${PASSWORD.max} 位`)
      .regex(/[A-Za-z]/, '密码须同时包含字母和数字')
      .regex(/\d/, '密码须同时包含字母和数字'),
    departmentId: z.string({ required_error: '请选择所在部门' }).min(1, '请选择所在部门'),
    phone: z.string().trim().refine((v) => v === '' || new RegExp(PHONE.pattern).test(v), '请填写 11 位手机号码').default(''),
    /** Roles given at once, in the account's own department. */
    roles: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()).max(9, '角色过多')),
    ...certificateFields,
  })
  .superRefine(refineCertificate)

export type CreateUserInput = z.infer<typeof createUserSchema>

export const certificateSchema = z.object(certificateFields).superRefine(refineCertificate)

export const assignRoleSchema = z.object({
  role: z.string({ required_error: '请选择角色' }).min(1, '请选择角色'),
  departmentId: z.string({ required_error: '请选择部门' }).min(1, '请选择部门'),
})

/** Zod issues as field → messages, the shape forms display. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}
