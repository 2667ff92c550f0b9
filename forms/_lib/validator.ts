/**
 * Server-side validation of form payloads. The client is never trusted:
 * every submit goes through here, with the same bundled schema the browser
 * form uses.
 */
import type { ValidateFunction } from 'ajv'
import { createAjv } from './ajv.ts'
import { toFieldErrors, type FieldError } from './messages.ts'
import { loadRegistry, type FormRegistry, type LoadedForm } from './registry.ts'
import { derivedFields } from './derived.ts'

export type { FieldError }

export type ValidationResult =
  /** `derived`: the fields the system writes from the data (form.json `derived`), to be stored with it. */
  | { ok: true; formKey: string; formVersion: string; derived: Record<string, unknown> }
  | { ok: false; errors: FieldError[] }

/** What the engine calls for a document-making step (its validator adapter). */
export interface FormValidator {
  exists(key: string): boolean
  validate(key: string, payload: unknown): ValidationResult
  /** Validates against this exact form (a version a matter is pinned to, or a document's own). */
  validateForm(form: LoadedForm, payload: unknown): ValidationResult
  /** The same validator over another registry (a matter's versions), sharing the compiled schemas. */
  over(registry: FormRegistry): FormValidator
}

/**
 * @example
 * const forms = createFormValidator()
 * const r = forms.validate('rectification-order', payload)
 * if (!r.ok) return data({ errors: r.errors }, { status: 400 })
 */
export function createFormValidator(registry: FormRegistry = loadRegistry()): FormValidator {
  const ajv = createAjv()
  // By content hash, not key: a registry read from the catalog changes a form's schema without a restart,
  // and a matter pinned to an earlier version validates against that one.
  const compiled = new Map<string, ValidateFunction>()
  function compile(form: LoadedForm): ValidateFunction {
    let fn = compiled.get(form.contentHash)
    if (!fn) {
      // Two versions of a form share its $id, which ajv holds once per instance: each version is
      // compiled under its own (the content hash as a query), or the second would be refused.
      const schema = form.bundledSchema as { $id?: string }
      fn = ajv.compile(schema.$id ? { ...schema, $id: `${schema.$id}?sm3=${form.contentHash}` } : schema)
      compiled.set(form.contentHash, fn)
    }
    return fn
  }
  function validateForm(form: LoadedForm, payload: unknown): ValidationResult {
    const fn = compile(form)
    if (fn(payload)) return { ok: true, formKey: form.key, formVersion: form.contentHash, derived: derivedFields(form.manifest.derived, payload) }
    return { ok: false, errors: toFieldErrors(fn.errors, form.bundledSchema) }
  }
  function over(forms: FormRegistry): FormValidator {
    return {
      exists: (key) => forms.has(key),
      validate(key, payload) {
        if (!forms.has(key)) return { ok: false, errors: [{ path: '', message: `未知的表单「${key}」` }] }
        return validateForm(forms.get(key), payload)
      },
      validateForm,
      over,
    }
  }
  return over(registry)
}
