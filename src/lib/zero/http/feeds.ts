// The two SSE resources. The engine decides what a request gets
// (live stream, finished replay, summary); this file only writes it.
import type {ServerResponse} from 'node:http'
import type {JobFeed, OrgFeed} from '../types.js'
import {type Reply} from './responses.js'
import {finishedBody, SSE_HEADERS, SseStream, summaryBody} from './sse.js'

export interface FeedContext {
  keepaliveMs: number
  /** open streams, so the server can drop or end them */
  streams: Set<SseStream>
}

function open(res: ServerResponse, context: FeedContext): SseStream {
  const stream = new SseStream(res, context.keepaliveMs)
  context.streams.add(stream)
  res.once('close', () => context.streams.delete(stream))
  return stream
}

/** Finished and summary answers are plain responses; a live job opens a stream (returns undefined). */
export function serveJobFeed(feed: JobFeed, res: ServerResponse, context: FeedContext): Reply | undefined {
  if (feed.kind === 'finished') return {status: 200, headers: {...SSE_HEADERS}, body: finishedBody(feed.backlog)}
  if (feed.kind === 'summary') return {status: 200, headers: {...SSE_HEADERS}, body: summaryBody(feed.event)}

  const stream = open(res, context)
  let unsubscribe: (() => void) | undefined
  const finish = (): void => {
    unsubscribe?.()
    stream.end()
  }

  // The feed closes right after job_complete, whether it came from the backlog or live.
  for (const event of feed.backlog) {
    stream.send(event)
    if (event.event === 'job_complete') {
      stream.end()
      return undefined
    }
  }

  unsubscribe = feed.subscribe(
    (event) => {
      stream.send(event)
      if (event.event === 'job_complete') finish()
    },
    finish,
  )
  // The engine may have ended the feed while subscribing; otherwise unsubscribe on disconnect.
  if (stream.closed) unsubscribe()
  else res.once('close', () => unsubscribe?.())
  return undefined
}

/** The org feed never ends on its own; keep-alives hold it open. */
export function serveOrgFeed(feed: OrgFeed, res: ServerResponse, context: FeedContext): void {
  const stream = open(res, context)
  for (const event of feed.backlog) stream.send(event)
  const unsubscribe = feed.subscribe((event) => stream.send(event))
  res.once('close', unsubscribe)
}
