/**
 * What other parts of Zhifa use from forms/: the registry, the validator
 * adapter the engine calls for document-making steps, and prefill.
 *
 * @example
 * import { createFormValidator } from '../forms/_lib/index.ts'
 * const forms = createFormValidator()
 * forms.exists('rectification-order') // true
 * forms.validate('rectification-order', payload) // { ok: true, formKey, formVersion } | { ok: false, errors: [{ path, message }] }
 */
export { createFormValidator, type FormValidator, type ValidationResult, type FieldError } from './validator.ts'
export { loadRegistry, clientFormDefinition, UnknownForm, type FormRegistry, type LoadedForm, type ClientFormDefinition } from './registry.ts'
export { prefill, shanghaiDate, type PrefillContext } from './prefill.ts'
export { createAjv, addZhifaKeywords } from './ajv.ts'
export type { FormManifest, FormKind } from './manifest.ts'
