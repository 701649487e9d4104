// One connection to a Push Jobs SSE feed through the `eventsource` package. The callers own the
// reconnect loop (see feed.ts): eventsource's own waits a fixed 3 s unless the server sends
// `retry:` (Push Jobs never does) and gives up on any non-200, so one loop of ours handles both.
import {EventSource, type FetchLike, type FetchLikeResponse} from 'eventsource'
import type {FeedEvent} from '../api/types.js'
import {ExitCode} from '../exit-codes.js'
import {PushyError} from '../errors.js'
import type {ChefClient} from '../http/types.js'

export type SignedFetch = ChefClient['signedFetch']

export type ConnectionEnd =
  /** `onEvent` said the feed is finished */
  | {kind: 'finished'}
  | {kind: 'aborted'}
  /** the stream ended or the network failed: worth reconnecting */
  | {kind: 'dropped'; reason: string}
  /** the server answered, but not with an event stream */
  | {kind: 'refused'; status: number; message: string}

export interface ConnectOptions {
  url: string
  fetch: SignedFetch
  lastEventId?: string
  /** EventSource dispatches by event name, so every name the feed may send is listed */
  eventNames: readonly string[]
  signal?: AbortSignal
  /** Returns true when this event ends the feed; the connection is closed at once. */
  onEvent: (event: FeedEvent) => boolean
}

// The server ends a finished job's replay and the `summary` response without the blank line that
// dispatches an event; a spec-strict parser would drop that last event. Extra blank lines are harmless.
const BLANK_LINE = new TextEncoder().encode('\n\n')

export function connectOnce(options: ConnectOptions): Promise<ConnectionEnd> {
  return new Promise((resolve, reject) => {
    let refusal: {status: number; message: string} | undefined
    let fatal: unknown
    let done = false

    const fetchForEventSource: FetchLike = async (url, init) => {
      const headers: Record<string, string> = {...init.headers, Accept: 'text/event-stream'}
      if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId
      let response: Response
      try {
        response = await options.fetch(url, {method: 'GET', headers, signal: init.signal})
      } catch (error) {
        if (error instanceof PushyError && error.exitCode !== ExitCode.Server) fatal = error
        throw error
      }
      if (response.status !== 200) {
        refusal = {status: response.status, message: await errorMessage(response)}
        return response
      }
      return withTrailingBlankLine(response)
    }

    const source = new EventSource(options.url, {fetch: fetchForEventSource})
    const finish = (end: ConnectionEnd | {kind: 'failed'; error: unknown}): void => {
      if (done) return
      done = true
      source.close()
      // eventsource arms its 3 s reconnect timer just after dispatching `error`; closing again once
      // that handler has returned clears the timer, which would otherwise keep the process alive.
      queueMicrotask(() => source.close())
      options.signal?.removeEventListener('abort', onAbort)
      if (end.kind === 'failed') reject(end.error)
      else resolve(end)
    }
    const onAbort = (): void => finish({kind: 'aborted'})
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, {once: true})

    for (const name of options.eventNames) {
      source.addEventListener(name, (message: MessageEvent) => {
        if (done) return
        let data: FeedEvent['data']
        try {
          data = JSON.parse(String(message.data))
        } catch {
          return // a line cut short carries nothing usable; the final GET settles the outcome anyway
        }
        try {
          if (options.onEvent({event: name, id: message.lastEventId, data})) finish({kind: 'finished'})
        } catch (error) {
          finish({kind: 'failed', error})
        }
      })
    }

    source.addEventListener('error', (error) => {
      if (fatal !== undefined) finish({kind: 'failed', error: fatal})
      else if (refusal) finish({kind: 'refused', ...refusal})
      // eventsource reports a 200 that is not text/event-stream with code 200
      else if (error.code === 200) finish({kind: 'refused', status: 200, message: error.message ?? 'not an event stream'})
      else finish({kind: 'dropped', reason: error.message ?? 'the server closed the stream'})
    })
  })
}

function withTrailingBlankLine(response: Response): FetchLikeResponse {
  const terminate = new TransformStream<Uint8Array, Uint8Array>({flush: (controller) => controller.enqueue(BLANK_LINE)})
  return {
    body: response.body?.pipeThrough(terminate) ?? null,
    url: response.url,
    status: response.status,
    redirected: response.redirected,
    headers: response.headers,
  }
}

/** The server's own words: `{"error": ["msg"]}` or `{"error": "msg"}`; 404s are HTML pages, so only a status then. */
export async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const error = (JSON.parse(text) as {error?: unknown}).error
    if (typeof error === 'string') return error
    if (Array.isArray(error)) return error.join('; ')
  } catch {
    // not JSON
  }
  return `HTTP ${response.status}`
}
