/**
 * The configuration travels inside the definition it generated: one
 * `<zf:reviewSteps section="…">` (JSON) per section in the process's
 * extension elements. It is versioned, hashed, exported and imported with
 * the definition, and a running case keeps the version it started on
 * (docs/decisions/034).
 */
import type { ModdleElement } from 'bpmn-moddle'
import type { ProcessGraph } from './process-graph.ts'
import { sectionSchema, type ReviewSection } from './steps-schema.ts'

const TYPE = 'zf:ReviewSteps'

function extensionValues(graph: ProcessGraph): ModdleElement[] {
  const ext = graph.process.extensionElements as ModdleElement | undefined
  return ((ext?.values as ModdleElement[] | undefined) ?? [])
}

/** The sections stored in the definition (an unreadable one is ignored: it is derived again). */
export function storedSections(graph: ProcessGraph): ReviewSection[] {
  const sections: ReviewSection[] = []
  for (const value of extensionValues(graph).filter((v) => v.$type === TYPE)) {
    try {
      const parsed = sectionSchema.safeParse(JSON.parse(String(value.text ?? '')))
      if (parsed.success) sections.push(parsed.data)
    } catch {
      // Not JSON: the section is read from the process instead.
    }
  }
  return sections
}

/** Replaces the stored sections with these. */
export function storeSections(graph: ProcessGraph, sections: ReviewSection[]): void {
  let ext = graph.process.extensionElements as ModdleElement | undefined
  if (!ext) {
    ext = graph.moddle.create('bpmn:ExtensionElements', { values: [] })
    ext.$parent = graph.process
    graph.process.extensionElements = ext
  }
  const kept = extensionValues(graph).filter((v) => v.$type !== TYPE)
  const added = sections.map((section) => {
    const element = graph.moddle.create(TYPE, { section: section.id, text: JSON.stringify(section) })
    element.$parent = ext
    return element
  })
  ext.values = [...kept, ...added]
}
