import { describe, expect, it, vi } from 'vitest'
import { periodicTask } from './periodic.server.ts'

describe('a task the server repeats on a timer', () => {
  it('runs one round at a time: a tick while a round is still running starts nothing', async () => {
    let release!: () => void
    let rounds = 0
    const task = periodicTask('test', () => {
      rounds += 1
      return new Promise<void>((resolve) => { release = resolve })
    })
    const first = task.runOnce()
    await task.runOnce()
    expect(rounds).toBe(1)
    release()
    await first
    const second = task.runOnce()
    release()
    await second
    expect(rounds).toBe(2)
  })

  it('logs a failed round with its name and runs the next one', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    let rounds = 0
    const task = periodicTask('render', async () => {
      rounds += 1
      if (rounds === 1) throw new Error('LibreOffice went away')
    })
    await task.runOnce()
    await task.runOnce()
    expect(rounds).toBe(2)
    expect(logged).toHaveBeenCalledTimes(1)
    expect(String(logged.mock.calls[0]![0])).toBe('render round failed')
  })

  it('ticks every interval once started, and not after it is stopped', async () => {
    vi.useFakeTimers()
    try {
      let rounds = 0
      const task = periodicTask('test', async () => { rounds += 1 })
      task.start(1_000)
      task.start(1_000)
      await vi.advanceTimersByTimeAsync(3_000)
      expect(rounds).toBe(3)
      task.stop()
      await vi.advanceTimersByTimeAsync(3_000)
      expect(rounds).toBe(3)
    } finally {
      vi.useRealTimers()
    }
  })
})
