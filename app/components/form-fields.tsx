/**
 * Form fields for Remix <Form>s rendered with antd inputs. Values travel as
 * plain named inputs, so forms post without client-side state, and the
 * server's field errors (status 400) show under each field.
 */
import { useState } from 'react'
import { DatePicker, Input, Select } from 'antd'
import dayjs from 'dayjs'

export type FieldErrorMap = Record<string, string[] | undefined> | undefined

export function Field({ label, name, errors, required, help, children }: { label: string; name: string; errors?: FieldErrorMap; required?: boolean; help?: string; children: React.ReactNode }) {
  const messages = errors?.[name]
  return (
    <div className="zf-field" style={{ marginBottom: 16 }}>
      <label htmlFor={name} style={{ display: 'block', marginBottom: 4 }}>
        {required ? <span style={{ color: '#ff4d4f', marginRight: 4 }}>*</span> : null}
        {label}
      </label>
      {children}
      {help && !messages ? <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 13, marginTop: 4 }}>{help}</div> : null}
      {messages ? <div className="zf-field-error" id={`${name}-error`} role="alert">{messages.join('；')}</div> : null}
    </div>
  )
}

export function TextField({ label, name, errors, required, help, defaultValue, maxLength, pattern, type, autoComplete, placeholder }: {
  label: string; name: string; errors?: FieldErrorMap; required?: boolean; help?: string; defaultValue?: string
  maxLength?: number; pattern?: string; type?: 'text' | 'password' | 'tel'; autoComplete?: string; placeholder?: string
}) {
  const Component = type === 'password' ? Input.Password : Input
  return (
    <Field label={label} name={name} errors={errors} required={required} help={help}>
      <Component
        id={name} name={name} defaultValue={defaultValue} maxLength={maxLength} pattern={pattern} required={required}
        type={type === 'tel' ? 'tel' : undefined} autoComplete={autoComplete} placeholder={placeholder}
        status={errors?.[name] ? 'error' : undefined} aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={errors?.[name] ? `${name}-error` : undefined}
      />
    </Field>
  )
}

/** antd Select carrying its value in hidden inputs (one per value when multiple). */
export function SelectField({ label, name, errors, required, help, options, defaultValue, multiple, placeholder, allowClear }: {
  label: string; name: string; errors?: FieldErrorMap; required?: boolean; help?: string
  options: Array<{ value: string; label: string }>; defaultValue?: string | string[]; multiple?: boolean; placeholder?: string; allowClear?: boolean
}) {
  const [value, setValue] = useState<string | string[] | undefined>(defaultValue)
  const values = Array.isArray(value) ? value : value ? [value] : []
  return (
    <Field label={label} name={name} errors={errors} required={required} help={help}>
      <Select
        id={name} value={value} onChange={(v) => setValue(v as string | string[])} options={options}
        mode={multiple ? 'multiple' : undefined} placeholder={placeholder ?? '请选择'} allowClear={allowClear}
        status={errors?.[name] ? 'error' : undefined} style={{ width: '100%' }} showSearch={{ optionFilterProp: 'label' }}
        data-testid={`select-${name}`}
      />
      {values.map((v) => <input key={v} type="hidden" name={name} value={v} />)}
    </Field>
  )
}

/** antd DatePicker posting `YYYY-MM-DD`. */
export function DateField({ label, name, errors, required, help, defaultValue }: { label: string; name: string; errors?: FieldErrorMap; required?: boolean; help?: string; defaultValue?: string }) {
  const [value, setValue] = useState<string>(defaultValue ?? '')
  return (
    <Field label={label} name={name} errors={errors} required={required} help={help}>
      <DatePicker
        id={name} value={value ? dayjs(value) : null} onChange={(d) => setValue(d ? d.format('YYYY-MM-DD') : '')}
        status={errors?.[name] ? 'error' : undefined} style={{ width: "100%" }} format="YYYY-MM-DD"
      />
      <input type="hidden" name={name} value={value} />
    </Field>
  )
}
