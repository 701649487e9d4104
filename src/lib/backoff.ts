// The one backoff formula, for HTTP retries, polling after errors and feed reconnects.

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/**
 * Exponential backoff with "equal jitter": attempt n (from 0) waits between half and all of
 * min(max, base × 2^n), so clients that failed together do not retry together, yet never retry at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt)
  return ceiling / 2 + (random() * ceiling) / 2
}
