/**
 * A bench for the pure decisions (transition/), without a database: real
 * fixtures compiled as a deploy compiles them, the statutory calendar, and
 * the in-memory store (store/memory-store.ts) that applies effects as the
 * database adapter does. Each decision is given what the engine's adapter
 * would load: the stored instance, its record parsed from the stored
 * variables, and its runtime recovered from the stored state — so a test
 * drives one decision after another through what was stored.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Actor } from '../actor.ts'
import { SEED_YEARS, statutoryCalendarDays } from '../calendar/statutory-holidays.ts'
import { buildCalendar } from '../calendar/working-calendar.ts'
import { parseBpmn } from '../definition/parse-bpmn.ts'
import { checkDefinition } from '../definition/zhifa-rules.ts'
import { compileDefinition, type CompiledDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import { MemoryStore } from '../store/memory-store.ts'
import { toTaskView, type TaskRow, type TaskView } from '../task-view.ts'
import type { RuntimeDecision, TransitionContext } from '../transition/advance.ts'
import type { Decision, NewInstance } from '../transition/effects.ts'
import type { InstanceRecord, StoredInstance } from '../transition/instance-state.ts'

const fixturesDir = path.join(import.meta.dirname, 'fixtures')

export const calendar = buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))

const anyCatalog = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }

/** A fixture (engine/test/fixtures/<name>, or a path) compiled as deployed version 1. */
export async function compiled(name: string): Promise<CompiledDefinition> {
  const xml = fs.readFileSync(path.isAbsolute(name) ? name : path.join(fixturesDir, name), 'utf8')
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) throw new Error(`${name} does not parse: ${JSON.stringify(parsed.problems)}`)
  const { model, problems } = await checkDefinition(parsed.context, anyCatalog, parsed.visited)
  if (!model || problems.length) throw new Error(`${name} does not deploy: ${JSON.stringify(problems)}`)
  return compileDefinition({ id: `${model.key}@1`, key: model.key, version: 1, xml }, model)
}

/** `case-department` is the instance's department; `legal-office` its legal office (as the engine tests' scope resolver). */
function scopeOf(scope: string, instance: { departmentId: string | null }): string | null {
  if (!instance.departmentId) return null
  return scope === 'legal-office' ? `${instance.departmentId}.legal-office` : instance.departmentId
}

export function person(id: string, role: string, departmentId = 'county-a'): Actor {
  return {
    id, loginName: id, displayName: id, departmentId, departmentPath: `/${departmentId}/`, organId: departmentId,
    roles: [{ role, departmentId, departmentPath: `/${departmentId}/`, organId: departmentId, organPath: `/${departmentId}/` }],
  }
}

export class DecisionBench {
  readonly store = new MemoryStore(scopeOf)
  readonly #definitions: CompiledDefinition[]
  readonly #rows = new Map<string, NewInstance>()
  #ids = 0

  constructor(...definitions: CompiledDefinition[]) {
    this.#definitions = definitions
  }

  /** The context of a decision taken at `instant` by `actor`; call activities start the bench's definitions. */
  at(instant: string, actor: Actor | null = null): TransitionContext {
    return {
      now: new Date(instant), actor, calendar: () => calendar, newId: () => `id-${++this.#ids}`,
      callee: (key) => this.#definitions.find((d) => d.key === key) ?? null,
    }
  }

  /** Applies a decision's effects to the store, as the adapter does after deciding. */
  apply<T>(decided: Decision<T> | RuntimeDecision<T>): T {
    for (const effect of decided.effects) if (effect.kind === 'insertInstance') this.#rows.set(effect.instance.id, effect.instance)
    this.store.apply(decided.effects)
    for (const { runtime } of 'settled' in decided ? decided.settled : []) runtime.dispose()
    return decided.result
  }

  /** What the adapter loads for an instance: the stored row, the record parsed from it, the runtime recovered from its state. */
  load(instanceId: string): { stored: StoredInstance; instance: InstanceRecord; runtime: () => Promise<ProcessRuntime> } {
    const stored = this.store.instance(instanceId)
    const row = this.#rows.get(instanceId)!
    const definition = this.#definitions.find((d) => d.id === row.definitionId)!
    const instance: InstanceRecord = {
      id: instanceId, definition, businessKey: row.businessKey, departmentId: row.departmentId, startedById: row.startedById,
      variables: JSON.parse(stored.variables) as InstanceRecord['variables'],
    }
    return { stored, instance, runtime: () => ProcessRuntime.recover(definition, stored.state, instance.variables) }
  }

  /** The one open task of this element. */
  open(elementId: string): TaskRow {
    const tasks = this.store.openTasks().filter((t) => t.elementId === elementId)
    if (tasks.length !== 1) throw new Error(`${tasks.length} open tasks of ${elementId}`)
    return tasks[0]!
  }

  view(task: TaskRow, instant: string): TaskView {
    return toTaskView(task, new Date(instant))
  }
}

/** A runtime that must not be asked for: the decision refuses before acting. */
export const notAsked = (): Promise<ProcessRuntime> => Promise.reject(new Error('the runtime was asked for'))
