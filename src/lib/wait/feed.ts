// Follows one job's SSE feed (push-jobs-server.md §3.2) until job_complete or summary, reconnecting
// with Last-Event-ID after a drop and handing on each event exactly once.
import type {FeedEvent} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {SeenEvents} from './seen-events.js'
import {connectOnce} from './sse-connection.js'
import {backoffDelay, pause, type Sleep} from './timing.js'

export const JOB_FEED_EVENTS = ['start', 'quorum_vote', 'quorum_succeeded', 'run_start', 'run_complete', 'rehab', 'job_complete', 'summary'] as const

export type FeedOutcome =
  /** job_complete or summary arrived */
  | {kind: 'finished'}
  /** no usable feed (1.x server, 406, not an event stream) or too many failed reconnects: poll instead */
  | {kind: 'unavailable'; reason: string}
  | {kind: 'aborted'}

export interface ReconnectPolicy {
  /** wait before the first reconnect; doubles (with jitter) after each failed one */
  delayMs: number
  maxDelayMs: number
  /** consecutive reconnects that bring no new event before giving up on the feed */
  maxAttempts: number
}

const DEFAULT_RECONNECT: ReconnectPolicy = {delayMs: 500, maxDelayMs: 5000, maxAttempts: 5}

export interface JobFeedOptions {
  client: Pick<ChefClient, 'baseUrl' | 'signedFetch'>
  jobId: string
  onEvent: (event: FeedEvent) => void
  sleep: Sleep
  signal?: AbortSignal
  reconnect?: Partial<ReconnectPolicy>
  onReconnect?: (attempt: number, reason: string) => void
  random?: () => number
}

export const jobFeedUrl = (baseUrl: string, jobId: string): string => `${baseUrl}/pushy/job_status_feed/${encodeURIComponent(jobId)}`

export async function followJobFeed(options: JobFeedOptions): Promise<FeedOutcome> {
  const policy = {...DEFAULT_RECONNECT, ...options.reconnect}
  const seen = new SeenEvents()
  let failures = 0
  for (;;) {
    let progressed = false
    const end = await connectOnce({
      url: jobFeedUrl(options.client.baseUrl, options.jobId),
      fetch: options.client.signedFetch.bind(options.client),
      lastEventId: seen.lastId,
      eventNames: JOB_FEED_EVENTS,
      signal: options.signal,
      onEvent(event) {
        // A summary ignores Last-Event-ID and always says `job-1`, but it is the whole finished job.
        if (event.event !== 'summary' && !seen.isNew(event.id)) return false
        progressed = true
        options.onEvent(event)
        return event.event === 'job_complete' || event.event === 'summary'
      },
    })
    if (end.kind === 'finished' || end.kind === 'aborted') return end
    let reason: string
    if (end.kind === 'refused') {
      const noFeed = noFeedReason(end.status, end.message)
      if (noFeed) return {kind: 'unavailable', reason: noFeed}
      reason = `${end.message} (HTTP ${end.status})`
    } else {
      reason = end.reason
    }
    failures = progressed ? 1 : failures + 1
    if (failures > policy.maxAttempts) {
      return {kind: 'unavailable', reason: `the job feed failed ${policy.maxAttempts + 1} times in a row (${reason})`}
    }
    options.onReconnect?.(failures, reason)
    const waitMs = backoffDelay(failures - 1, {baseMs: policy.delayMs, maxMs: policy.maxDelayMs}, options.random)
    if (!(await pause(options.sleep, waitMs, options.signal))) return {kind: 'aborted'}
  }
}

/** Why a refused connection means "poll instead"; throws when it means "stop"; undefined: retry. */
function noFeedReason(status: number, message: string): string | undefined {
  if (status === 401 || status === 403) throw feedAuthError(status, message)
  if (status === 404) return 'the server has no job feed (404): a Push Jobs 1.x server'
  if (status === 406) return 'the server refused text/event-stream (406)'
  if (status === 200) return `the feed is not an event stream (${message})`
  return undefined
}

export function feedAuthError(status: number, message: string): PushyError {
  const hint =
    status === 401
      ? 'check the clock (skew over 15 minutes), the key and the user name'
      : 'the user must be in the pushy_job_readers group (or pushy_job_writers)'
  return new PushyError(message, ExitCode.Auth, {status, hint})
}
