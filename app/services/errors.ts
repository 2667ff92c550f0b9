/**
 * Typed errors of the services. Services throw these; only app/utils/http.server.ts
 * turns them into HTTP responses. Messages are Chinese, for the user.
 */
export type FieldErrors = Record<string, string[]>

export class InvalidInput extends Error {
  readonly code = 'invalid-input'
  constructor(readonly fieldErrors: FieldErrors, message = '提交的内容有误，请按提示修改。') {
    super(message)
  }
}

export class Forbidden extends Error {
  readonly code = 'forbidden'
  constructor(message = '您没有执行此操作的权限。') {
    super(message)
  }
}

export class NotFound extends Error {
  readonly code = 'not-found'
  constructor(message = '未找到该记录，或您无权查看。') {
    super(message)
  }
}

export class Conflict extends Error {
  readonly code = 'conflict'
  constructor(message = '该记录已被他人修改，请刷新后重试。') {
    super(message)
  }
}
