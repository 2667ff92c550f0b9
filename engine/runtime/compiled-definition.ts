/**
 * A deployed definition made ready to run: its model and the serialized
 * source context bpmn-engine builds instances from. Parsing and serializing
 * cost milliseconds, so each version is compiled once per process and
 * cached; instance state never carries the source.
 */
import { BpmnModdle } from 'bpmn-moddle'
import * as Elements from 'bpmn-elements'
import serializer, { TypeResolver } from 'moddle-context-serializer'
import type { DefinitionModel } from '../definition/definition-model.ts'
import { prescanDefinition } from '../definition/limits.ts'
import { moddleExtensions } from '../definition/parse-bpmn.ts'
import { DurableTimerEventDefinition } from './durable-timers.ts'

export interface CompiledDefinition {
  id: string
  key: string
  version: number
  model: DefinitionModel
  /** moddle-context-serializer's context; opaque outside engine/runtime. */
  source: unknown
}

export const elementTypes: Record<string, unknown> = { ...Elements, TimerEventDefinition: DurableTimerEventDefinition }

const typeResolver = TypeResolver(elementTypes)

/**
 * Parses the XML afresh: validation walks the moddle tree, and reading a
 * collection such as `eventDefinitions` creates it empty, which would make
 * a plain start event wait for event definitions it does not have.
 */
export async function compileDefinition(
  row: { id: string; key: string; version: number; xml: string },
  model: DefinitionModel,
): Promise<CompiledDefinition> {
  // The same text the validator parsed (an ASCII file's encoding declaration read as UTF-8).
  const prescan = prescanDefinition(row.xml)
  const context = await new BpmnModdle(moddleExtensions).fromXML(prescan.ok ? prescan.xml : row.xml.trim())
  // The serializer's own types describe a narrower moddle shape than bpmn-moddle 10's.
  const source = serializer(context as unknown as Parameters<typeof serializer>[0], typeResolver)
  return { id: row.id, key: row.key, version: row.version, model, source }
}
