/**
 * A round of work the server repeats on a timer (the scheduler, the render
 * loop): one round at a time — a round still running when the next tick
 * comes is not started again —, a failed round is logged and the next one
 * tries again, and the timer never keeps a finished process alive.
 */
export interface PeriodicTask {
  runOnce(): Promise<void>
  start(intervalMs: number): void
  stop(): void
}

export function periodicTask(name: string, round: () => Promise<void>): PeriodicTask {
  let timer: NodeJS.Timeout | null = null
  let running = false
  async function runOnce() {
    if (running) return
    running = true
    try {
      await round()
    } catch (error) {
      console.error(`${name} round failed`, error)
    } finally {
      running = false
    }
  }
  return {
    runOnce,
    start(intervalMs) {
      if (timer) return
      timer = setInterval(() => void runOnce(), intervalMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
