// `pushy job feed`: the organization's feed, followed until the signal aborts. It never ends by
// itself, so a drop is always retried (with capped backoff), and the caller is told so it can say
// so on stderr.
import {feedRefusal, noOrgFeedError, ORG_FEED_EVENTS, ORG_FEED_PATH} from '../api/feeds.js'
import type {FeedEvent} from '../api/types.js'
import {backoffDelay} from '../backoff.js'
import type {ChefClient} from '../http/types.js'
import {SeenEvents} from './seen-events.js'
import {connectOnce} from './sse-connection.js'
import {pause, type Sleep} from './timing.js'

export interface OrgFeedOptions {
  client: Pick<ChefClient, 'baseUrl' | 'stream'>
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
      client: options.client,
      path: ORG_FEED_PATH,
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
    let reason = end.kind === 'dropped' ? end.reason : ''
    if (end.kind === 'refused') {
      const refusal = feedRefusal(end.error)
      if (refusal.kind === 'no-feed') throw noOrgFeedError(refusal)
      reason = refusal.reason
    }
    failures = progressed ? 1 : failures + 1
    options.onReconnect?.(failures, reason)
    if (!(await pause(options.sleep, backoffDelay(failures - 1, backoff, options.random), signal))) return
  }
}
