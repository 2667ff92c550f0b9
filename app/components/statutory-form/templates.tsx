/**
 * rjsf-antd templates adjusted for a phone: section titles read as headings
 * (left, no colon), the form's own title is left to the page, and each item
 * of a list (officers, findings, legal basis) is a card numbered in its bar,
 * with a labelled delete button instead of a bare icon.
 */
import { Button, Form } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { getTemplate, getUiOptions, TranslatableString, type ArrayFieldItemTemplateProps, type DescriptionFieldProps, type FieldTemplateProps, type IconButtonProps, type TemplatesType, type TitleFieldProps } from '@rjsf/utils'

function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  // The root title is the page's heading; an item's title is in its card bar.
  if (!title || id === 'root__title' || /_\d+__title$/.test(id)) return null
  return (
    <div className="zf-form-legend" id={id}>
      {required ? <span className="zf-required" aria-hidden="true">*</span> : null}
      {title}
    </div>
  )
}

/**
 * rjsf-antd's field, except that an error replaces the help text instead of
 * hiding behind it (antd shows one or the other).
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { children, description, displayLabel, errors, help, rawHelp, hidden, id, label, rawErrors, rawDescription, registry, required, schema, uiSchema } = props
  const uiOptions = getUiOptions(uiSchema)
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, uiOptions)
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>
  const hasErrors = !!rawErrors?.length
  return (
    <WrapIfAdditionalTemplate {...props}>
      <Form.Item
        colon={false}
        hasFeedback={schema.type !== 'array' && schema.type !== 'object'}
        help={hasErrors ? errors : rawHelp ? help : undefined}
        htmlFor={id}
        label={displayLabel && uiOptions.widget !== 'checkbox' && label}
        labelCol={{ span: 24 }}
        wrapperCol={{ span: 24 }}
        required={required}
        validateStatus={hasErrors ? 'error' : undefined}
        extra={rawDescription ? description : undefined}
      >
        {children}
      </Form.Item>
    </WrapIfAdditionalTemplate>
  )
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  // The form's own description is the page's lead paragraph.
  if (!description || id === 'root__description') return null
  return <div id={id} className="zf-form-description">{description}</div>
}

function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, index, registry, schema, uiSchema } = props
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema))
  return (
    <div className="zf-array-item">
      <div className="zf-array-item-bar">
        <span className="zf-array-item-title">{schema.title ?? '项'} {index + 1}</span>
        {hasToolbar ? <span className="zf-array-item-tools"><Buttons {...buttonsProps} /></span> : null}
      </div>
      {children}
    </div>
  )
}

function AddButton({ onClick, disabled, id, className, registry }: IconButtonProps) {
  return (
    <Button id={id} className={className} onClick={onClick} disabled={disabled} type="dashed" block icon={<PlusOutlined />}>
      {registry.translateString(TranslatableString.AddItemButton)}
    </Button>
  )
}

function RemoveButton({ onClick, disabled, id, className, registry }: IconButtonProps) {
  return (
    <Button id={id} className={className} onClick={onClick} disabled={disabled} type="text" danger size="small" icon={<DeleteOutlined />}>
      {registry.translateString(TranslatableString.RemoveButton)}
    </Button>
  )
}

export const zhifaTemplates: Partial<TemplatesType> = {
  FieldTemplate,
  TitleFieldTemplate,
  DescriptionFieldTemplate,
  ArrayFieldItemTemplate,
  ButtonTemplates: { AddButton, RemoveButton } as TemplatesType['ButtonTemplates'],
}
