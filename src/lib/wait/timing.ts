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

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, base × 2^n), so clients that failed together do not retry together, yet never retry at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt)
  return ceiling / 2 + (random() * ceiling) / 2
}
