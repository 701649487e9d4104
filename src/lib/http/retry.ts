import {backoffDelay} from '../backoff.js'
import type {RetryPolicy} from './types.js'

/** Up to 4 more attempts, exponential backoff, within about 30 s in total (docs/exit-codes.md, 7). */
export const DEFAULT_RETRY: Required<RetryPolicy> = {limit: 4, baseDelayMs: 500, maxDelayMs: 8000, budgetMs: 30_000}

export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504, 520, 521, 522, 524]
export const RETRY_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN']

export const retryPolicy = (overrides: Partial<RetryPolicy> = {}): Required<RetryPolicy> => ({...DEFAULT_RETRY, ...overrides})

/**
 * Milliseconds to wait before attempt `attempt + 1`, or 0 to give up: got said the failure is not
 * retryable (`computedValue` 0), the limit is reached, or the wait (the server's Retry-After, else
 * jittered backoff) would end past the budget counted from the first attempt.
 */
export function retryDelay(policy: Required<RetryPolicy>, input: {attempt: number; computedValue: number; retryAfter?: number; elapsedMs: number}): number {
  if (input.computedValue === 0 || input.attempt > policy.limit) return 0
  const delay = input.retryAfter ?? Math.max(1, Math.round(backoffDelay(input.attempt - 1, {baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs})))
  return input.elapsedMs + delay > policy.budgetMs ? 0 : delay
}
