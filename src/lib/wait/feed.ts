// Follows one job's SSE feed until job_complete or summary, reconnecting with Last-Event-ID
// after a drop and handing on each event exactly once.
import {feedRefusal, JOB_FEED_EVENTS, jobFeedPath} from '../api/feeds.js'
import type {FeedEvent} from '../api/types.js'
import {backoffDelay} from '../backoff.js'
import type {ChefClient} from '../http/types.js'
import {SeenEvents} from './seen-events.js'
import {connectOnce, type ConnectOptions} from './sse-connection.js'
import {pause, type Sleep} from './timing.js'

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
  client: Pick<ChefClient, 'baseUrl' | 'stream'>
  jobId: string
  /** called as a method of these options (followJob passes a class instance: see JobFeedConnection) */
  onEvent(event: FeedEvent): void
  sleep: Sleep
  signal?: AbortSignal
  reconnect?: Partial<ReconnectPolicy>
  onReconnect?: (attempt: number, reason: string) => void
  random?: () => number
}

export async function followJobFeed(options: JobFeedOptions): Promise<FeedOutcome> {
  const policy = {...DEFAULT_RECONNECT, ...options.reconnect}
  const seen = new SeenEvents()
  let failures = 0
  for (;;) {
    const connection = new JobFeedConnection(options, seen)
    const end = await connectOnce(connection)
    if (end.kind === 'finished' || end.kind === 'aborted') return end
    let reason: string
    if (end.kind === 'refused') {
      const refusal = feedRefusal(end.error)
      if (refusal.kind === 'no-feed') return {kind: 'unavailable', reason: refusal.reason}
      reason = refusal.reason
    } else {
      reason = end.reason
    }
    failures = connection.progressed ? 1 : failures + 1
    if (failures > policy.maxAttempts) {
      return {kind: 'unavailable', reason: `the job feed failed ${policy.maxAttempts + 1} times in a row (${reason})`}
    }
    options.onReconnect?.(failures, reason)
    const waitMs = backoffDelay(failures - 1, {baseMs: policy.delayMs, maxMs: policy.maxDelayMs}, options.random)
    if (!(await pause(options.sleep, waitMs, options.signal))) return {kind: 'aborted'}
  }
}

/**
 * One connection to the job's feed, its event handler included. A class rather than an object
 * literal with a closure: the handler runs for every node event, and V8 keeps the code it
 * optimised only while the functions that code calls stay the same function objects. With a
 * closure per connection, every job of a rollout (one per batch) had it optimised anew.
 */
class JobFeedConnection implements ConnectOptions {
  readonly client: JobFeedOptions['client']
  readonly path: string
  readonly lastEventId: string | undefined
  readonly eventNames = JOB_FEED_EVENTS
  readonly signal: AbortSignal | undefined
  /** an event not seen before came through this connection */
  progressed = false
  readonly #feed: JobFeedOptions
  readonly #seen: SeenEvents

  constructor(feed: JobFeedOptions, seen: SeenEvents) {
    this.client = feed.client
    this.path = jobFeedPath(feed.jobId)
    this.lastEventId = seen.lastId
    this.signal = feed.signal
    this.#feed = feed
    this.#seen = seen
  }

  onEvent(event: FeedEvent): boolean {
    // A summary ignores Last-Event-ID and always says `job-1`, but it is the whole finished job.
    if (event.event !== 'summary' && !this.#seen.isNew(event.id)) return false
    this.progressed = true
    this.#feed.onEvent(event)
    return event.event === 'job_complete' || event.event === 'summary'
  }
}
