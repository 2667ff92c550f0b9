/**
 * What a review step's condition may test, for the condition builder: the
 * fields of every form the procedure fills (its user tasks' forms, from the
 * catalog in force), under the step's result variable, and each review
 * step's outcome. Scalar fields to two levels (当事人 · 类别).
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import { readProcess, zfAttr } from '../../../engine/review-steps/process-graph.ts'

export interface ConditionField {
  /** Dotted path the condition compiles to, e.g. `legalReview.proposedFine`. */
  path: string
  label: string
  type: 'string' | 'number' | 'boolean'
  options?: string[]
}

interface Schema { type?: string | string[]; title?: string; enum?: unknown[]; properties?: Record<string, Schema> }

function fieldsOf(schema: Schema, prefix: string, label: string, depth: number, out: ConditionField[]) {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type
    const title = `${label} · ${property.title ?? name}`
    if (type === 'object' && depth < 2) fieldsOf(property, `${prefix}.${name}`, title, depth + 1, out)
    else if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') {
      out.push({ path: `${prefix}.${name}`, label: title, type: type === 'integer' ? 'number' : type, ...(property.enum ? { options: property.enum.map(String) } : {}) })
    }
  }
}

export async function conditionFields(xml: string, forms: FormRegistry): Promise<ConditionField[]> {
  const graph = await readProcess(xml)
  const out: ConditionField[] = []
  const tasks = [...graph.byId.values()].filter((e: ModdleElement) => e.$type === 'bpmn:UserTask')
  for (const task of tasks) {
    const outcome = zfAttr(task, 'outcome')
    if (outcome && zfAttr(task, 'outcomes')) out.push({ path: outcome, label: `${task.name} · 办理结果`, type: 'string', options: (zfAttr(task, 'outcomes') ?? '').split(/\s+/) })
    const form = zfAttr(task, 'form')
    if (!form || !forms.has(form)) continue
    fieldsOf(forms.get(form).bundledSchema as Schema, zfAttr(task, 'result') ?? task.id!, String(task.name ?? task.id), 1, out)
  }
  const seen = new Set<string>()
  return out.filter((f) => !seen.has(f.path) && seen.add(f.path))
}
