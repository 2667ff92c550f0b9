/**
 * The printed text of a form's example, as the renderer fills its template
 * (DOCX, tags stripped): what wording tests read. The changed payload must
 * still be valid, so a test cannot print a document the form would refuse.
 */
import PizZip from 'pizzip'
import { expect } from 'vitest'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { loadExamples } from '../../forms/_lib/examples.ts'
import { SAMPLE_STAMP } from '../../forms/_lib/check.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'

const registry = loadRegistry()
const validator = createFormValidator(registry)
const renderer = createRenderer(noPdfConverter)

/** `example` is the file name without `.json` (`valid`, `valid-individual`, …); `change` replaces top-level fields, `drop` removes them. */
export async function printedText(key: string, options: { example?: string; change?: Record<string, unknown>; drop?: string[] } = {}): Promise<string> {
  const form = registry.get(key)
  const name = `${options.example ?? 'valid'}.json`
  const example = loadExamples(form).find((e) => e.file === name)
  if (!example) throw new Error(`forms/${key}/examples/${name} is missing`)
  const payload: Record<string, unknown> = { ...structuredClone(example.payload), ...options.change }
  for (const field of options.drop ?? []) delete payload[field]
  const check = validator.validate(key, payload)
  expect(check.ok, check.ok ? '' : JSON.stringify(check.errors)).toBe(true)
  const docx = await renderer.renderDocx(form.template, payload, SAMPLE_STAMP)
  return new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '')
}

/** Whether a payload is accepted by its form (for the fields a format makes mandatory). */
export function accepted(key: string, payload: Record<string, unknown>): boolean {
  return validator.validate(key, payload).ok
}

/** A valid example's payload, to change in a test. */
export function examplePayload(key: string, example = 'valid'): Record<string, unknown> {
  const found = loadExamples(registry.get(key)).find((e) => e.file === `${example}.json`)
  if (!found) throw new Error(`forms/${key}/examples/${example}.json is missing`)
  return structuredClone(found.payload)
}
