/** The examples beside each form: one valid payload and several invalid ones, each saying what is wrong. */
import fs from 'node:fs'
import path from 'node:path'
import type { LoadedForm } from './registry.ts'

export interface FormExample {
  file: string
  valid: boolean
  description: string
  /** For invalid examples: JSON Pointers that must be among the reported field errors. */
  expectedErrors: string[]
  payload: Record<string, unknown>
}

/** The version's own examples (made in the studio), else the shipped folder's. */
export function loadExamples(form: LoadedForm): FormExample[] {
  if (Array.isArray(form.manifest.examples)) {
    return form.manifest.examples.map((e) => ({ ...e, valid: e.file.startsWith('valid'), expectedErrors: e.expectedErrors ?? [] }))
  }
  const dir = path.join(form.dir, 'examples')
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Partial<FormExample>
    return {
      file,
      valid: file.startsWith('valid'),
      description: raw.description ?? '',
      expectedErrors: raw.expectedErrors ?? [],
      payload: (raw.payload ?? {}) as Record<string, unknown>,
    }
  })
}

/** `valid.json`, the form's main example (others, such as `valid-individual.json`, show variants). */
export function validExample(form: LoadedForm): FormExample {
  const examples = loadExamples(form)
  const ex = examples.find((e) => e.file === 'valid.json') ?? examples.find((e) => e.valid)
  if (!ex) throw new Error(`forms/${form.key}/examples: 缺少 valid.json`)
  return ex
}

/** Value at a dotted path (`officers.0.name`); used to check what a rendered document must show. */
export function valueAt(obj: unknown, dotted: string): unknown {
  let cur = obj
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}
