// One connection to a Push Jobs SSE feed, parsed by the `eventsource` package over the client's
// own signed stream (the same got transport as every request). The callers own the reconnect
// loop (see feed.ts): eventsource's own waits a fixed 3 s unless the server sends `retry:` (Push
// Jobs never does) and gives up on any non-200, so one loop of ours handles both.
import {EventSource, type FetchLike, type FetchLikeResponse, type ReaderLike} from 'eventsource'
import type {FeedEvent} from '../api/types.js'
import {ExitCode} from '../exit-codes.js'
import {PushyError} from '../errors.js'
import type {ChefClient} from '../http/types.js'

export type ConnectionEnd =
  /** `onEvent` said the feed is finished */
  | {kind: 'finished'}
  | {kind: 'aborted'}
  /** the stream ended or the network failed: worth reconnecting */
  | {kind: 'dropped'; reason: string}
  /** the server answered, but not with an event stream: the error says how (status, message) */
  | {kind: 'refused'; error: PushyError}

export interface ConnectOptions {
  client: Pick<ChefClient, 'baseUrl' | 'stream'>
  /** relative to chef_server_url (api/feeds.ts) */
  path: string
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
    let refusal: PushyError | undefined
    let fatal: unknown
    let done = false

    const streamForEventSource: FetchLike = async (_url, init) => {
      const headers: Record<string, string> = {}
      if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId
      let response: Response
      try {
        response = await options.client.stream(options.path, {accept: 'text/event-stream', headers, signal: init.signal ?? undefined})
      } catch (error) {
        // A status is for the feed's loop to judge; a network failure is worth a reconnect;
        // anything else (a bad key, Ctrl-C) ends the wait.
        if (error instanceof PushyError && error.status !== undefined) refusal = error
        else if (!(error instanceof PushyError && error.exitCode === ExitCode.Server)) fatal = error
        throw error
      }
      return withTrailingBlankLine(response)
    }

    const source = new EventSource(`${options.client.baseUrl}/${options.path}`, {fetch: streamForEventSource})
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
      else if (refusal) finish({kind: 'refused', error: refusal})
      // eventsource reports a 200 that is not text/event-stream with code 200
      else if (error.code === 200) finish({kind: 'refused', error: new PushyError(`the feed is not an event stream (${error.message ?? 'wrong content type'})`, ExitCode.Server, {status: 200})})
      else finish({kind: 'dropped', reason: error.message ?? 'the server closed the stream'})
    })
  })
}

/**
 * The response with BLANK_LINE read after its last chunk. A wrapper around the body's reader
 * rather than a TransformStream: piping through one costs more to set up and to tear down, and
 * the feed connects once per job (every batch of a rollout).
 */
function withTrailingBlankLine(response: Response): FetchLikeResponse {
  const {body} = response
  return {
    body: body && {getReader: () => readerWithTrailingBlankLine(body.getReader())},
    url: response.url,
    status: response.status,
    redirected: response.redirected,
    headers: response.headers,
  }
}

function readerWithTrailingBlankLine(reader: ReadableStreamDefaultReader<Uint8Array>): ReaderLike {
  let ended = false
  return {
    async read() {
      if (ended) return {done: true}
      const next = await reader.read()
      if (!next.done) return next
      ended = true
      return {done: false, value: BLANK_LINE}
    },
    cancel: (reason?: unknown) => reader.cancel(reason),
  }
}
