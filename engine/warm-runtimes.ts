/**
 * Instances kept running in memory between operations, least recently used
 * first out. Recovering an instance (rebuilding bpmn-engine's object graph and
 * replaying its broker state) is the largest single cost of an operation; a
 * kept runtime skips it. It is used only when the stored revision is still
 * the one it saved, so another process's change always wins, and it is taken
 * out while an operation uses it, so a failed operation never puts back a
 * runtime that ran ahead of the database.
 */
import type { ProcessRuntime } from './runtime/process-runtime.ts'

export class WarmRuntimes {
  readonly #entries = new Map<string, { revision: number; runtime: ProcessRuntime }>()

  constructor(private readonly capacity: number) {}

  take(instanceId: string, revision: number): ProcessRuntime | null {
    const entry = this.#entries.get(instanceId)
    if (!entry) return null
    this.#entries.delete(instanceId)
    if (entry.revision === revision) return entry.runtime
    entry.runtime.dispose()
    return null
  }

  keep(instanceId: string, revision: number, runtime: ProcessRuntime): void {
    if (this.capacity <= 0) return runtime.dispose()
    this.#entries.get(instanceId)?.runtime.dispose()
    this.#entries.delete(instanceId)
    this.#entries.set(instanceId, { revision, runtime })
    while (this.#entries.size > this.capacity) {
      const [oldest, entry] = this.#entries.entries().next().value!
      entry.runtime.dispose()
      this.#entries.delete(oldest)
    }
  }
}
