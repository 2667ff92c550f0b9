/**
 * A statutory document's form: rjsf with the antd theme, in Chinese, with
 * large touch targets. The form is controlled (the page owns the data, for
 * drafts); the page renders its own footer (status and submit button) as
 * the form's children.
 */
import { useMemo, useState } from 'react'
import Form from '@rjsf/antd'
import { ConfigProvider } from 'antd'
import { getDefaultFormState, type ErrorSchema, type Experimental_DefaultFormStateBehavior, type RJSFSchema, type UiSchema } from '@rjsf/utils'
import type { JsonSchema } from '../../../forms/_lib/schema-ref.ts'
import { friendlyErrors, translateZh, zhValidator } from './rjsf-zh.ts'
import { zhifaTemplates } from './templates.tsx'

export interface StatutoryFormProps {
  schema: JsonSchema
  uiSchema: JsonSchema
  formData: unknown
  onChange: (data: unknown) => void
  onSubmit: (data: unknown) => void
  /** The browser found errors (shown on the fields); `count` of them. */
  onInvalid?: (count: number) => void
  /** Errors the server found, shown under their fields. */
  extraErrors?: ErrorSchema
  disabled?: boolean
  children: React.ReactNode
}

// Descriptions under the fields, no colons after labels, narrow gutters for a phone.
const formContext = { descriptionLocation: 'below', rowGutter: 8, colon: false }

// Lists start with as many entries as they need (two officers), also when the prefill brings fewer.
const defaultsBehavior: Experimental_DefaultFormStateBehavior = { arrayMinItems: { populate: 'all', mergeExtraDefaults: true } }

/**
 * The data the form starts with: the draft or prefill plus the schema's
 * defaults, computed the same way on the server and in the browser so the
 * page hydrates as it was served.
 */
export function initialFormData(schema: JsonSchema, data: unknown): unknown {
  return getDefaultFormState(zhValidator, schema as RJSFSchema, data, schema as RJSFSchema, false, defaultsBehavior)
}

/** The first field marked in error, in the order the user reads them (rjsf's own focus follows the schema's order). */
function focusFirstError() {
  setTimeout(() => {
    const field = document.querySelector<HTMLElement>('.zf-statutory-form .ant-form-item-has-error :is(input, textarea, [tabindex])')
    field?.scrollIntoView({ block: 'center' })
    field?.focus({ preventScroll: true })
  }, 0)
}

export function StatutoryForm({ schema, uiSchema, formData, onChange, onSubmit, onInvalid, extraErrors, disabled, children }: StatutoryFormProps) {
  // Errors update as the user types only after a first submit attempt.
  const [tried, setTried] = useState(false)
  const transformErrors = useMemo(() => friendlyErrors(schema), [schema])
  return (
    <ConfigProvider componentSize="large">
      {/* Enter (a phone keyboard's 前往) in a field moves on; it never submits the whole form. */}
      <div onKeyDown={(event) => {
        const target = event.target as HTMLElement
        if (event.key === 'Enter' && target.tagName === 'INPUT') event.preventDefault()
      }}>
      <Form
        className="zf-statutory-form"
        schema={schema as RJSFSchema}
        uiSchema={uiSchema as UiSchema}
        formData={formData}
        validator={zhValidator}
        templates={zhifaTemplates}
        experimental_defaultFormStateBehavior={defaultsBehavior}
        translateString={translateZh}
        transformErrors={transformErrors}
        formContext={formContext}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        liveValidate={tried ? 'onChange' : undefined}
        disabled={disabled}
        onChange={(event) => onChange(event.formData)}
        onError={(errors) => {
          setTried(true)
          onInvalid?.(errors.length)
          focusFirstError()
        }}
        onSubmit={(event) => onSubmit(event.formData)}
      >
        {children}
      </Form>
      </div>
    </ConfigProvider>
  )
}
