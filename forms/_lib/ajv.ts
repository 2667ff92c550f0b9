/**
 * One Ajv set-up for the server (and, later, rjsf's customizeValidator in
 * the browser): draft-07, all errors, formats, and our keywords.
 */
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { isValidCreditCode, isValidIdNumber } from './checksums.ts'

// ajv-formats is CommonJS; under ESM its default export sits one level down.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule)

export function addZhifaKeywords(ajv: Ajv): Ajv {
  ajv.addKeyword({
    keyword: 'creditCode',
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    validate: (enabled: boolean, value: string) => !enabled || isValidCreditCode(value),
  })
  ajv.addKeyword({
    keyword: 'idNumber',
    type: 'string',
    schemaType: 'boolean',
    errors: false,
    validate: (enabled: boolean, value: string) => !enabled || isValidIdNumber(value),
  })
  // Friendly Chinese message for this field: a string for pattern/format/
  // checksum failures, or an object keyed by the failing keyword.
  ajv.addKeyword({ keyword: 'x-message', schemaType: ['string', 'object'] })
  // A field the system writes (not the person filling the form): validated, never shown as an input.
  ajv.addKeyword({ keyword: 'x-system', schemaType: 'boolean' })
  return ajv
}

export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, ...options })
  addFormats(ajv)
  // A scanned statement uploaded through rjsf's file widget, whose validator knows this format already.
  ajv.addFormat('data-url', /^data:([a-z]+\/[a-z0-9+.-]+)?(;name=[^;,]*)?;base64,[A-Za-z0-9+/]*={0,2}$/i)
  return addZhifaKeywords(ajv)
}
