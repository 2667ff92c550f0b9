/** Typed errors of the documents service; app/ turns them into HTTP statuses. */
import type { FieldError } from '../../../forms/_lib/validator.ts'

/** 400: the payload does not fit the form's schema; nothing was written. */
export class InvalidForm extends Error {
  readonly type = 'InvalidForm'
  constructor(readonly formKey: string, readonly errors: FieldError[]) {
    super(`表单填写有误 invalid ${formKey}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
  }
}

/** 400: approval forms are step data, not documents. */
export class NotIssuable extends Error {
  readonly type = 'NotIssuable'
  constructor(readonly formKey: string) {
    super(`「${formKey}」不是可制发的文书 not an issuable document`)
  }
}

/** 409: the department has no 机关代字, so no number can be made. */
export class DepartmentWithoutPrefix extends Error {
  readonly type = 'DepartmentWithoutPrefix'
  constructor(readonly departmentId: string) {
    super(`部门未设置机关代字 department ${departmentId} has no docPrefix`)
  }
}

/** 404 */
export class DocumentNotFound extends Error {
  readonly type = 'DocumentNotFound'
  constructor(what: string) {
    super(`文书不存在 document not found: ${what}`)
  }
}

/** 409: a draft was saved from another tab or device in between. */
export class DraftConflict extends Error {
  readonly type = 'DraftConflict'
  constructor(readonly currentRevision: number) {
    super(`草稿已在别处更新 draft changed elsewhere (revision ${currentRevision})`)
  }
}

/** 409: the draft cannot move to the newer form version (the reasons say why); it stays on its version. */
export class DraftMigrationRefused extends Error {
  readonly type = 'DraftMigrationRefused'
  constructor(readonly reasons: string[]) {
    super(`草稿不能迁移到新版本 draft cannot migrate: ${reasons.join('；')}`)
  }
}
