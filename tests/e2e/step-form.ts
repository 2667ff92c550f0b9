/**
 * A step's document form as a person fills it: the page object behind every
 * procedure journey. It reads the form's schema (forms/<key>) to know which
 * widget each field is, and types the form's own valid example (required
 * fields only, unless asked) plus the journey's values into the browser,
 * leaving alone what the matter prefilled (party, officers, department, date).
 */
import { expect, type Page } from '@playwright/test'
import { clientFormDefinition, loadRegistry } from '../../forms/_lib/registry.ts'
import { validExample } from '../../forms/_lib/examples.ts'
import { acted } from './matter-page.ts'

type Schema = Record<string, unknown> & {
  type?: string
  format?: string
  enum?: unknown[]
  oneOf?: Array<{ const?: unknown; title?: string }>
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  $ref?: string
}
type Ui = Record<string, unknown>
type Json = Record<string, unknown>

const registry = loadRegistry()

/** The example payload of a form (what a complete, valid document says). */
export function exampleOf(formKey: string): Json {
  return structuredClone(validExample(registry.get(formKey)).payload)
}

function resolver(root: Schema) {
  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema?.$ref) return schema ?? {}
    const name = schema.$ref.replace('#/definitions/', '')
    const target = (root.definitions as Record<string, Schema>)[name]
    const { $ref: _ref, ...rest } = schema
    return { ...resolve(target), ...rest }
  }
  return resolve
}

/** Only what the schema requires of a value (recursively), so the journey types no more than a person must. */
function requiredPart(value: unknown, schema: Schema, resolve: (s: Schema | undefined) => Schema): unknown {
  const s = resolve(schema)
  if (Array.isArray(value)) return s.items ? value.map((v) => requiredPart(v, s.items!, resolve)) : value
  if (value && typeof value === 'object' && s.properties) {
    const out: Json = {}
    for (const [key, v] of Object.entries(value as Json)) {
      const child = resolve(s.properties[key])
      // A list with a minimum length is shown with that many empty entries, which must then be filled.
      const shown = child.type === 'array' && Number(child.minItems ?? 0) > 0
      if (s.required?.includes(key) || shown) out[key] = requiredPart(v, child, resolve)
    }
    return out
  }
  return value
}

function isPlainObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

function merge(base: Json, changes: Json): Json {
  const out: Json = { ...base }
  for (const [k, v] of Object.entries(changes)) out[k] = isPlainObject(v) && isPlainObject(out[k]) ? merge(out[k] as Json, v) : v
  return out
}

/** `2026-03-02T09:30:00+08:00` as the date-time picker shows it (China Standard Time). */
function pickerDateTime(iso: string): string {
  const at = new Date(iso)
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function optionLabel(schema: Schema, ui: Ui | undefined, value: unknown): { index: number; label: string } {
  if (schema.oneOf) {
    const index = schema.oneOf.findIndex((o) => o.const === value)
    return { index, label: schema.oneOf[index]?.title ?? String(value) }
  }
  const values = schema.enum ?? (schema.type === 'boolean' ? [true, false] : [])
  const index = values.indexOf(value)
  const names = (ui?.['ui:enumNames'] as string[] | undefined) ?? (schema.type === 'boolean' ? ['是', '否'] : undefined)
  return { index, label: names?.[index] ?? String(value) }
}

export class StepForm {
  private readonly resolve: (s: Schema | undefined) => Schema
  private readonly schema: Schema
  private readonly ui: Ui

  constructor(private readonly page: Page, readonly formKey: string) {
    const definition = clientFormDefinition(registry, formKey)
    this.schema = definition.schema as Schema
    this.ui = definition.uiSchema as Ui
    this.resolve = resolver(this.schema)
  }

  /** The form hydrated: typing now reaches React (and the draft autosave). */
  async ready() {
    await expect(this.page.locator('[data-hydrated="true"]')).toBeVisible()
    return this
  }

  /**
   * Types the journey's `values` into the form, over the required part of the
   * form's example (or all of it with `{ all: true }`). Fields already filled
   * (prefilled from the matter) keep their value unless `values` names them.
   */
  async fill(values: Json = {}, options: { all?: boolean } = {}) {
    const example = exampleOf(this.formKey)
    const base = options.all ? example : (requiredPart(example, this.schema, this.resolve) as Json)
    // What every field holds now, read at once (one round trip instead of two per field).
    this.fields = new Map(await this.page.locator('.zf-statutory-form').locator('input, textarea').evaluateAll((els) =>
      els.filter((e) => e.id).map((e) => [e.id, { disabled: (e as HTMLInputElement).disabled, value: (e as HTMLInputElement).value }] as const)))
    await this.fillObject('root', this.schema, this.ui, merge(base, values), values)
    return this
  }

  private fields = new Map<string, { disabled: boolean; value: string }>()

  private async fillObject(id: string, schema: Schema, ui: Ui | undefined, value: Json, forced: unknown) {
    const s = this.resolve(schema)
    for (const [key, v] of Object.entries(value)) {
      const child = s.properties?.[key]
      if (!child) throw new Error(`${this.formKey}: no field ${id}_${key}`)
      await this.fillValue(`${id}_${key}`, child, ui?.[key] as Ui | undefined, v, isPlainObject(forced) ? forced[key] : undefined)
    }
  }

  private async fillValue(id: string, schema: Schema, ui: Ui | undefined, value: unknown, forced: unknown): Promise<void> {
    const s = this.resolve(schema)
    if (value === undefined || value === null) return
    if (s.type === 'object' || s.properties) return this.fillObject(id, s, ui, value as Json, forced)
    if (s.type === 'array') return this.fillArray(id, s, ui, value as unknown[], forced)
    const field = this.page.locator(`#${id}`)
    // Fields added by this fill (list entries) are not in the snapshot: they are empty and enabled.
    const known = this.fields.get(id)
    if (known?.disabled) return
    const current = s.type === 'boolean' || s.enum || s.oneOf ? null : known?.value
    if (current && forced === undefined) return
    if (s.enum || s.oneOf || (s.type === 'boolean' && ui?.['ui:widget'] === 'radio')) return this.choose(id, s, ui, value)
    if (s.type === 'boolean') return this.tick(id, value as boolean)
    if (s.format === 'date') return this.typeDate(id, String(value))
    if (s.format === 'date-time') return this.typeDate(id, pickerDateTime(String(value)))
    await field.fill(String(value))
  }

  private async fillArray(id: string, schema: Schema, ui: Ui | undefined, value: unknown[], forced: unknown) {
    const items = this.resolve(schema.items)
    if (items.enum) {
      // A checkbox group (uniqueItems of an enum): tick each chosen option.
      for (const v of value) {
        const { label } = optionLabel(items, ui?.items as Ui | undefined, v)
        await this.page.locator(`#${id}`).getByRole('checkbox', { name: label, exact: true }).check()
      }
      return
    }
    const count = () => this.page.locator(`[id^="${id}_"]`).evaluateAll((els, prefix) =>
      els.filter((e) => new RegExp(`^${prefix}_\\d+$`).test(e.id)).length, id)
    while ((await count()) < value.length) await this.page.locator(`#${id}__add`).click()
    for (const [i, v] of value.entries()) {
      await this.fillValue(`${id}_${i}`, items, ui?.items as Ui | undefined, v, Array.isArray(forced) ? forced[i] : undefined)
    }
  }

  /**
   * A checkbox, toggled from the keyboard (focus, Space), as a keyboard user
   * does. Not a click: on the phone a date-time picker just closed can leave
   * the visual viewport shifted, and CI saw every click at the checkbox's
   * coordinates land on the sticky footer or a neighbouring field for two
   * minutes; the keyboard needs no coordinates.
   */
  private async tick(id: string, checked: boolean) {
    const box = this.page.locator(`#${id}`)
    if ((await box.isChecked()) === checked) return
    await box.focus()
    await this.page.keyboard.press('Space')
    await expect(box).toBeChecked({ checked })
  }

  /** A radio group or a select, by the option's label. */
  private async choose(id: string, schema: Schema, ui: Ui | undefined, value: unknown) {
    const { index, label } = optionLabel(schema, ui, value)
    if (index < 0) throw new Error(`${this.formKey}: ${String(value)} is not an option of ${id}`)
    if (ui?.['ui:widget'] === 'radio') {
      await this.page.locator(`label:has(#${id}-${index})`).click()
      await expect(this.page.locator(`#${id}-${index}`)).toBeChecked()
      return
    }
    // Typing the label leaves one option, active; Enter takes it (antd keeps that Enter from submitting the form).
    const select = this.page.locator(`.ant-select:has(#${id})`)
    await select.click()
    await this.page.locator(`#${id}`).fill(label)
    await expect(this.page.locator(`.ant-select-dropdown:visible .ant-select-item-option-active[title="${label}"]`)).toBeVisible()
    await this.page.locator(`#${id}`).press('Enter')
    await expect(select.locator(`[title="${label}"]`)).toBeVisible()
  }

  /** Types a date (or date and time) into a picker; Tab confirms it (Enter would submit the form). */
  private async typeDate(id: string, text: string) {
    const input = this.page.locator(`#${id}`)
    await input.click()
    await input.fill(text)
    await input.press('Tab')
    await expect(input).toHaveValue(text)
  }

  /** Writes the 办理意见 that goes with the outcome (required when returning). */
  async comment(text: string) {
    await this.page.locator('#step-comment').fill(text)
    return this
  }

  /**
   * Submits the step with an outcome (or the plain 提交 button) and waits for
   * the matter's page; a refused form fails with the messages it shows. When
   * the form asks whether a changed case fact corrects the earlier record,
   * answers as `correctEarlier` says (by default: this document only).
   */
  async submit(outcome?: string, options: { correctEarlier?: boolean } = {}) {
    const button = outcome ? this.page.getByTestId(`outcome-${outcome}`) : this.page.getByTestId('submit-step')
    await button.click()
    const matterPage = /\/matters\/[a-z0-9]{20,}$/
    // A prefilled case fact changed here: the form asks whether the earlier record is corrected too (ADR 038).
    const asked = this.page.getByTestId('fact-corrections')
    await expect(async () => expect(matterPage.test(new URL(this.page.url()).pathname) || await asked.isVisible()).toBe(true)).toPass({ timeout: 30_000 }).catch(() => {})
    if (await asked.isVisible()) await this.page.getByTestId(options.correctEarlier ? 'correct-earlier' : 'keep-earlier').click()
    try {
      await expect(this.page).toHaveURL(matterPage, { timeout: 30_000 })
      acted(this.page)
    } catch (error) {
      const shown = await this.page.locator('.ant-form-item-explain-error, [data-testid=form-error]').allInnerTexts()
      throw new Error(`${this.formKey} was not accepted: ${shown.join(' | ') || 'no message shown'}`, { cause: error })
    }
  }
}
