/**
 * rjsf in Chinese, with the same validation as the server: the validator is
 * Ajv with our keywords (统一社会信用代码 and 身份证号 check characters,
 * `x-message`), ajv-i18n's Chinese texts, and the friendly per-field
 * messages of forms/_lib/messages.ts; the server's field errors (JSON
 * Pointers) are shown on the same fields.
 */
import type { Ajv } from 'ajv'
import { customizeValidator } from '@rjsf/validator-ajv8'
import { replaceStringParameters, TranslatableString, type ErrorSchema, type RJSFValidationError } from '@rjsf/utils'
import localizeZhModule from 'ajv-i18n/localize/zh'
import { addZhifaKeywords } from '../../../forms/_lib/ajv.ts'
import { fieldMessage, isNoise, type FieldError } from '../../../forms/_lib/messages.ts'
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'

const localizeZh = ((localizeZhModule as unknown as { default?: typeof localizeZhModule }).default ?? localizeZhModule)

const zhStrings: Record<TranslatableString, string> = {
  [TranslatableString.ArrayItemTitle]: '项',
  [TranslatableString.MissingItems]: '缺少数组项的定义',
  [TranslatableString.EmptyArray]: '暂无内容，请点击下方按钮添加。',
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.CloseLabel]: '关闭',
  [TranslatableString.ErrorsLabel]: '错误',
  [TranslatableString.NewStringDefault]: '新值',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.AddItemButton]: '添加一项',
  [TranslatableString.CopyButton]: '复制',
  [TranslatableString.ExpandButton]: '展开',
  [TranslatableString.MoveDownButton]: '下移',
  [TranslatableString.MoveUpButton]: '上移',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.NowLabel]: '现在',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
  [TranslatableString.PreviewLabel]: '预览',
  [TranslatableString.DecrementAriaLabel]: '减 1',
  [TranslatableString.IncrementAriaLabel]: '加 1',
  [TranslatableString.OptionalObjectAdd]: '填写此项',
  [TranslatableString.OptionalObjectRemove]: '不填此项',
  [TranslatableString.OptionalObjectEmptyMsg]: '（未填写）',
  [TranslatableString.Type]: '类型',
  [TranslatableString.Value]: '值',
  [TranslatableString.ClearButton]: '清空',
  [TranslatableString.UnknownFieldType]: '未知的字段类型 %1',
  [TranslatableString.OptionPrefix]: '选项 %1',
  [TranslatableString.TitleOptionPrefix]: '%1 选项 %2',
  [TranslatableString.KeyLabel]: '%1 键',
  [TranslatableString.DeprecatedLabel]: '%1（已停用）',
  [TranslatableString.CycleDetected]: '字段「%1」存在循环引用',
  [TranslatableString.InvalidObjectField]: '字段「%1」配置有误：%2',
  [TranslatableString.UnsupportedField]: '不支持的字段',
  [TranslatableString.UnsupportedFieldWithId]: '不支持的字段 %1',
  [TranslatableString.UnsupportedFieldWithReason]: '不支持的字段：%1',
  [TranslatableString.UnsupportedFieldWithIdAndReason]: '不支持的字段 %1：%2',
  [TranslatableString.FilesInfo]: '**%1**（%2，%3 字节）',
}

/** rjsf's `translateString`: every button, label and notice of the form in Chinese. */
export function translateZh(text: TranslatableString, params?: string[]): string {
  return replaceStringParameters(zhStrings[text] ?? text, params)
}

/** The browser's validator: the server's Ajv keywords and ajv-i18n's Chinese messages. */
export const zhValidator = customizeValidator(
  { extenderFn: (ajv) => addZhifaKeywords(ajv as unknown as Ajv) as unknown as typeof ajv },
  localizeZh as Parameters<typeof customizeValidator>[1],
)

/** rjsf's `.party.officers.0.name` → the JSON Pointer `/party/officers/0/name`. */
export function propertyToPointer(property: string | undefined): string {
  if (!property) return ''
  return property.replace(/^\.?/, '/').replace(/\./g, '/').replace(/\['([^']+)'\]/g, '/$1').replace(/^\/$/, '')
}

/** rjsf's `transformErrors`: wrapper noise dropped, each message as the server would word it. */
export function friendlyErrors(schema: JsonSchema) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] => {
    const seen = new Set<string>()
    return errors
      .filter((e) => !isNoise(e.name ?? ''))
      .map((e) => {
        const message = fieldMessage(schema, { keyword: e.name ?? '', path: propertyToPointer(e.property), localized: e.message })
        return { ...e, message, stack: message }
      })
      // A keyword repeated by a shared part and its override says the same thing twice.
      .filter((e) => !seen.has(`${e.property} ${e.message}`) && !!seen.add(`${e.property} ${e.message}`))
  }
}

/**
 * The server's field errors as rjsf's `extraErrors`, so they show under the
 * fields; errors of the whole form (path ``) come back separately.
 */
export function serverErrorSchema(errors: FieldError[]): { schema: ErrorSchema; formErrors: string[] } {
  const schema: Record<string, unknown> = {}
  const formErrors: string[] = []
  for (const { path, message } of errors) {
    const segments = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    if (segments.length === 0) {
      formErrors.push(message)
      continue
    }
    let node = schema
    for (const segment of segments) node = (node[segment] ??= {}) as Record<string, unknown>
    ;((node.__errors ??= []) as string[]).push(message)
  }
  return { schema: schema as ErrorSchema, formErrors }
}
