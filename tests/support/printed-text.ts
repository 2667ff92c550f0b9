/**
 * The printed text of a form's example, as the renderer fills its template
 * (DOCX, tags stripped): what wording tests read. The changed payload must
 * still be valid, so a test cannot print a document the form would refuse.
 */
import PizZip from 'pizzip'
import { expect, it } from 'vitest'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { loadExamples } from '../../forms/_lib/examples.ts'
import { SAMPLE_STAMP } from '../../forms/_lib/check.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'

const registry = loadRegistry()
const validator = createFormValidator(registry)
const renderer = createRenderer(noPdfConverter)

export interface PrintOptions {
  /** The example's file name without `.json` (`valid`, `valid-individual`, …). */
  example?: string
  /** Top-level fields replaced in the example. */
  change?: Record<string, unknown>
  /** Top-level fields removed from the example. */
  drop?: string[]
}

/** The body and the first footer of a form's example as printed. */
export async function printedDocument(key: string, options: PrintOptions = {}): Promise<{ body: string; footer: string }> {
  const form = registry.get(key)
  const payload: Record<string, unknown> = { ...examplePayload(key, options.example), ...options.change }
  for (const field of options.drop ?? []) delete payload[field]
  const check = validator.validate(key, payload)
  expect(check.ok, check.ok ? '' : JSON.stringify(check.errors)).toBe(true)
  const zip = new PizZip(await renderer.renderDocx(form.template, payload, SAMPLE_STAMP))
  const text = (name: string) => zip.file(name)?.asText().replace(/<[^>]+>/g, '') ?? ''
  return { body: text('word/document.xml'), footer: text('word/footer1.xml') }
}

export async function printedText(key: string, options: PrintOptions = {}): Promise<string> {
  return (await printedDocument(key, options)).body
}

/** What one printing of a form must say (`prints`, each a text or a pattern) and must not (`omits`). */
export interface PrintedCase extends PrintOptions {
  /** The test's sentence. */
  title: string
  form: string
  prints: (string | RegExp)[]
  omits?: string[]
  /** A pattern the footer (on every page) matches. */
  footer?: RegExp
}

/** One test per case: the wording tests of the national formats are tables of these. */
export function itPrints(cases: PrintedCase[]): void {
  for (const c of cases) {
    it(c.title, async () => {
      const { body, footer } = await printedDocument(c.form, c)
      for (const wanted of c.prints) {
        if (typeof wanted === 'string') expect(body).toContain(wanted)
        else expect(body).toMatch(wanted)
      }
      for (const unwanted of c.omits ?? []) expect(body).not.toContain(unwanted)
      if (c.footer) expect(footer.trim()).toMatch(c.footer)
    })
  }
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
