/**
 * A deployed definition made ready to run: its model and the serialized
 * source context bpmn-engine builds instances from. Parsing and serializing
 * cost milliseconds, so each version is compiled once per process and
 * cached; instance state never carries the source.
 */
import type { ParseResult } from 'bpmn-moddle'
import * as Elements from 'bpmn-elements'
import serializer, { TypeResolver } from 'moddle-context-serializer'
import type { DefinitionModel } from '../definition/definition-model.ts'
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

export function compileDefinition(
  row: { id: string; key: string; version: number },
  model: DefinitionModel,
  context: ParseResult,
): CompiledDefinition {
  // The serializer's own types describe a narrower moddle shape than bpmn-moddle 10's.
  const source = serializer(context as unknown as Parameters<typeof serializer>[0], typeResolver)
  return { id: row.id, key: row.key, version: row.version, model, source }
}
