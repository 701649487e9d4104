// Time is injected everywhere in waiting code, so tests run in milliseconds and never flake on a slow box.
import {setTimeout as delay} from 'node:timers/promises'

export interface Clock {
  now(): number
}

/** Waits `ms`; may resolve or reject once `signal` aborts (callers check the signal, see `pause`). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export const systemClock: Clock = {now: () => Date.now()}

export const systemSleep: Sleep = (ms, signal) => delay(ms, undefined, {signal})

/** Sleeps unless interrupted; true when the wait ran its course, false when `signal` aborted it. */
export async function pause(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false
  try {
    await sleep(ms, signal)
  } catch (error) {
    if (!signal?.aborted) throw error
  }
  return !signal?.aborted
}
