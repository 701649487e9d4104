// Polling GET pushy/jobs/ID: the only way to wait on a Push Jobs 1.x server, the fallback when the
// feed is unusable, and the final GET after the feed. knife polled every second with no backoff, and
// rapid polling made the real server answer 5xx, so transient errors back off here.
import {getJob} from '../api/jobs.js'
import {TERMINAL_JOB_STATUSES, type Job} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {backoffDelay} from '../backoff.js'
import {pause, type Sleep} from './timing.js'

export interface PollOptions {
  client: Pick<ChefClient, 'get'>
  jobId: string
  intervalMs: number
  sleep: Sleep
  signal?: AbortSignal
  /** every job fetched, terminal or not */
  onJob?: (job: Job) => void
  /** consecutive transient failures tolerated before the last one is thrown (default 5) */
  maxConsecutiveErrors?: number
  /** cap of the error backoff (default 30 s) */
  maxBackoffMs?: number
  random?: () => number
}

export const isTerminal = (job: Job): boolean => TERMINAL_JOB_STATUSES.includes(job.status)

/**
 * GETs the job at once, then every `intervalMs` until its status is terminal, and returns that job.
 * Returns undefined when `signal` aborts. Errors other than server/network ones (exit 7) end it.
 */
export async function pollJob(options: PollOptions): Promise<Job | undefined> {
  const {client, jobId, intervalMs, sleep, signal} = options
  const maxErrors = options.maxConsecutiveErrors ?? 5
  const backoff = {baseMs: intervalMs, maxMs: options.maxBackoffMs ?? 30_000}
  let errors = 0
  for (;;) {
    let waitMs = intervalMs
    try {
      const job = await getJob(client, jobId)
      if (signal?.aborted) return undefined
      errors = 0
      options.onJob?.(job)
      if (isTerminal(job)) return job
    } catch (error) {
      if (signal?.aborted) return undefined
      if (!isTransient(error) || ++errors > maxErrors) throw error
      waitMs = backoffDelay(errors, backoff, options.random)
    }
    if (!(await pause(sleep, waitMs, signal))) return undefined
  }
}

/** The client has already retried these a few times; polling keeps trying, more slowly. */
const isTransient = (error: unknown): boolean => error instanceof PushyError && error.exitCode === ExitCode.Server
