/**
 * All time in Zhifa goes through a Clock, so tests can move time instead of
 * waiting and deadlines are computed from one notion of "now".
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that only moves when told to.
 *
 * @example
 * const clock = new ManualClock('2025-09-30T09:00:00+08:00')
 * clock.advance({ days: 12 })
 */
export class ManualClock implements Clock {
  #now: Date
  constructor(start: Date | string) {
    this.#now = new Date(start)
  }
  now(): Date {
    return new Date(this.#now)
  }
  set(to: Date | string): void {
    this.#now = new Date(to)
  }
  advance({ days = 0, hours = 0, minutes = 0, seconds = 0 }: { days?: number; hours?: number; minutes?: number; seconds?: number }): void {
    this.#now = new Date(this.#now.getTime() + ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000)
  }
}
