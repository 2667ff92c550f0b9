/**
 * Timers for bpmn-engine that never run in the process. bpmn-engine asks
 * for a timeout when a timer event starts; we only note it (the caller turns
 * it into a Timer row with a due time from our clock) and fire it when the
 * scheduler says so. So requests leave no live timers behind, timers of any
 * length work (setTimeout drops delays of 24.8 days and more), and a
 * ManualClock moves them in tests.
 */
import { TimerEventDefinition } from 'bpmn-elements'

export interface ArmedTimer {
  /** Execution id of the timer (e.g. `late_3fa2_0`): stable across recover/resume. */
  executionId: string
  /** Id of the timer event element. */
  elementId: string
  fire(): void
}

interface TimerRef {
  owner: { id: string; executionId: string }
  callback: (...args: unknown[]) => void
  args: unknown[]
}

export class DurableTimers {
  readonly #armed = new Map<string, TimerRef>()

  get executing(): TimerRef[] {
    return [...this.#armed.values()]
  }

  register(owner: { id: string; executionId: string }) {
    return {
      setTimeout: (callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]) => this.#arm(owner, callback, args),
      clearTimeout: (ref: unknown) => this.clearTimeout(ref),
    }
  }

  setTimeout(callback: (...args: unknown[]) => void, _delay: number, ...args: unknown[]): TimerRef {
    // Unowned timers are not used by the elements we allow; keep them inert too.
    return { owner: { id: '', executionId: '' }, callback, args }
  }

  clearTimeout(ref: unknown): void {
    const timer = ref as TimerRef | undefined
    if (timer && this.#armed.get(timer.owner.executionId) === timer) this.#armed.delete(timer.owner.executionId)
  }

  #arm(owner: { id: string; executionId: string }, callback: (...args: unknown[]) => void, args: unknown[]): TimerRef {
    const ref: TimerRef = { owner, callback, args }
    this.#armed.set(owner.executionId, ref)
    return ref
  }

  armed(): ArmedTimer[] {
    return [...this.#armed.values()].map((ref) => ({
      executionId: ref.owner.executionId,
      elementId: ref.owner.id,
      fire: () => {
        this.#armed.delete(ref.owner.executionId)
        ref.callback(...ref.args)
      },
    }))
  }
}

/**
 * bpmn-elements completes a timer at once when its (wall-clock) expiry has
 * passed at resume. Our scheduler decides when a timer is due, so this
 * variant always waits to be fired.
 */
export function DurableTimerEventDefinition(this: unknown, activity: unknown, eventDefinition: unknown) {
  TimerEventDefinition.call(this, activity, eventDefinition)
}
DurableTimerEventDefinition.prototype = Object.create(TimerEventDefinition.prototype)
DurableTimerEventDefinition.prototype.constructor = DurableTimerEventDefinition
DurableTimerEventDefinition.prototype._getTimers = function getTimers(this: { constructor: unknown }, executeMessage: unknown) {
  const result = TimerEventDefinition.prototype._getTimers.call(this, executeMessage) as { timeout?: number }
  result.timeout = Math.max(1, result.timeout ?? 1)
  return result
}
