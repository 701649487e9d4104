// `pushy job feed`: the organization's feed (push-jobs-server.md §3.3), followed until the signal
// aborts. It never ends by itself, so a drop is always retried (with capped backoff), and the
// caller is told so it can say so on stderr.
import type {FeedEvent} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {feedAuthError} from './feed.js'
import {SeenEvents} from './seen-events.js'
import {connectOnce} from './sse-connection.js'
import {backoffDelay, pause, type Sleep} from './timing.js'

export const ORG_FEED_EVENTS = ['start', 'job_complete', 'start_of_history'] as const

export interface OrgFeedOptions {
  client: Pick<ChefClient, 'baseUrl' | 'signedFetch'>
  /** the only way the feed ends (Ctrl-C) */
  signal: AbortSignal
  /** each event once, in order, `start_of_history` included */
  onEvent: (event: FeedEvent) => void
  /** a dropped connection is being retried with Last-Event-ID; attempt counts fruitless reconnects */
  onReconnect?: (attempt: number, reason: string) => void
  sleep: Sleep
  /** first wait before reconnecting (default 500 ms); doubles, with jitter, up to maxReconnectDelayMs (default 10 s) */
  reconnectDelayMs?: number
  maxReconnectDelayMs?: number
  random?: () => number
}

export async function followOrgFeed(options: OrgFeedOptions): Promise<void> {
  const {signal} = options
  const backoff = {baseMs: options.reconnectDelayMs ?? 500, maxMs: options.maxReconnectDelayMs ?? 10_000}
  const seen = new SeenEvents()
  let failures = 0
  while (!signal.aborted) {
    let progressed = false
    const end = await connectOnce({
      url: `${options.client.baseUrl}/pushy/job_status_feed`,
      fetch: options.client.signedFetch.bind(options.client),
      lastEventId: seen.lastId,
      eventNames: ORG_FEED_EVENTS,
      signal,
      onEvent(event) {
        // The server did not know our Last-Event-ID (expired, or it restarted and its org-N counter
        // began again at 1): what follows is every event it still holds, all of them new to us.
        if (event.event === 'start_of_history') seen.reset()
        if (!seen.isNew(event.id)) return false
        progressed = true
        options.onEvent(event)
        return false
      },
    })
    if (end.kind === 'aborted' || end.kind === 'finished') return
    if (end.kind === 'refused') stopUnlessTransient(end.status, end.message)
    const reason = end.kind === 'refused' ? `${end.message} (HTTP ${end.status})` : end.reason
    failures = progressed ? 1 : failures + 1
    options.onReconnect?.(failures, reason)
    if (!(await pause(options.sleep, backoffDelay(failures - 1, backoff, options.random), signal))) return
  }
}

function stopUnlessTransient(status: number, message: string): void {
  if (status === 401 || status === 403) throw feedAuthError(status, message)
  if (status === 404 || status === 406 || status === 200) {
    throw new PushyError(`this server has no job feed (${status === 200 ? message : `HTTP ${status}`})`, ExitCode.NotFound, {
      status,
      hint: 'Push Jobs 1.x servers have no feeds; follow one job with pushy job watch ID',
    })
  }
}
