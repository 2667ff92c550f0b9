/**
 * A due timer fires, decided without a database. The adapter has claimed
 * the timer (only one scheduler wins it; the claim is the operation's first
 * statement, as a lock). A step's deadline (`due`) that passed while the step is
 * still open is logged and the app told (the overdue notice); a bpmn timer
 * of a running instance moves the instance on — a boundary timer interrupts
 * its step, an intermediate one lets the path continue — with the same
 * effects as any act: tasks, timers, the save, the end.
 *
 * @example
 *   const { effects } = await decideFireTimer({ timer, firedAt, target: { kind: 'instance', stored, instance, runtime: async () => runtime } }, ctx)
 *   // → [{ kind: 'cancelTasks', reason: 'interrupted', … }, { kind: 'openTasks', … }, { kind: 'saveInstance', … }, { kind: 'audit', entry: { action: 'timer.fire', … } }]
 */
import type { ProcessRuntime } from '../runtime/process-runtime.ts'
import { toTaskView, type TaskRow } from '../task-view.ts'
import { advance, ending, runOn, waitingBefore, type RuntimeDecision, type TransitionContext } from './advance.ts'
import type { Effect } from './effects.ts'
import type { InstanceRecord, StoredInstance } from './instance-state.ts'

export interface DueTimer {
  id: string
  /** `due` (a step's deadline; its execution id is the task's id) or the bpmn timer's kind. */
  kind: string
  instanceId: string
  executionId: string
  elementId: string
}

export type TimerTarget =
  /** A step's deadline: the task it watches, as stored (null when gone). */
  | { kind: 'step'; task: TaskRow | null }
  /** A bpmn timer: its instance; the runtime is asked for only when the instance still runs. */
  | { kind: 'instance'; stored: StoredInstance; instance: InstanceRecord; runtime: () => Promise<ProcessRuntime> }

export interface TimerFiring {
  timer: DueTimer
  /** The instant the scheduler fires at (the overdue notice's view of the task). */
  firedAt: Date
  target: TimerTarget
}

export async function decideFireTimer(input: TimerFiring, ctx: TransitionContext): Promise<RuntimeDecision<true>> {
  const { timer, target } = input
  const effects: Effect[] = []
  if (target.kind === 'step') {
    const task = target.task
    if (task?.status === 'open') {
      effects.push(
        { kind: 'audit', entry: { actor: null, action: 'task.overdue', targetType: 'Task', targetId: task.id, detail: { instanceId: task.instanceId, elementId: task.elementId, dueDate: task.dueDate } } },
        { kind: 'taskOverdue', task: toTaskView(task, input.firedAt) },
      )
    }
    return { result: true, effects, settled: [] }
  }
  const { stored, instance } = target
  if (stored.status !== 'running') return { result: true, effects, settled: [] }
  const runtime = await target.runtime()
  const before = waitingBefore(runtime, stored.armedTimers)
  const moved = await runOn(instance.id, () => runtime.fireTimer(timer.executionId))
  const advanced = await advance(ctx, instance, runtime, before, stored.revision, { timerExecutionId: timer.executionId })
  effects.push(...advanced.effects, {
    kind: 'audit',
    entry: { actor: null, action: 'timer.fire', targetType: 'Timer', targetId: timer.id, detail: { instanceId: instance.id, elementId: timer.elementId, kind: timer.kind, stale: !moved } },
  })
  if (advanced.ended) effects.push(...ending(ctx, stored, instance.variables))
  return { result: true, effects, settled: advanced.settled }
}
