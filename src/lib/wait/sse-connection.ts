// One connection to a Push Jobs SSE feed, parsed by the `eventsource` package over the client's
// own signed stream (the same got transport as every request). The callers own the reconnect
// loop (see feed.ts): eventsource's own waits a fixed 3 s unless the server sends `retry:` (Push
// Jobs never does) and gives up on any non-200, so one loop of ours handles both.
import {EventSource, type ErrorEvent, type FetchLike, type FetchLikeResponse, type ReaderLike} from 'eventsource'
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
  /**
   * Returns true when this event ends the feed; the connection is closed at once. Called as a
   * method of these options (the job feed passes a class instance: see JobFeedConnection).
   */
  onEvent(event: FeedEvent): boolean
}

// The server ends a finished job's replay and the `summary` response without the blank line that
// dispatches an event; a spec-strict parser would drop that last event. Extra blank lines are harmless.
const BLANK_LINE = new TextEncoder().encode('\n\n')

type Ending = ConnectionEnd | {kind: 'failed'; error: unknown}

export function connectOnce(options: ConnectOptions): Promise<ConnectionEnd> {
  return new Promise((resolve, reject) => {
    const connection = new FeedConnection(options, (end) => (end.kind === 'failed' ? reject(end.error) : resolve(end)))
    const {signal} = options
    if (signal?.aborted) return connection.finish({kind: 'aborted'})
    signal?.addEventListener('abort', connection.onAbort, {once: true})
    for (const name of options.eventNames) connection.source.addEventListener(name, (message: MessageEvent) => connection.onMessage(name, message))
    connection.source.addEventListener('error', (error) => connection.onError(error))
  })
}

/**
 * One connection. Its methods, rather than closures, handle what arrives: each job (every batch
 * of a rollout) opens a connection, and V8 keeps the event path it optimised only while that
 * path calls the same functions (see JobFeedConnection in feed.ts).
 */
class FeedConnection {
  readonly source: EventSource
  readonly onAbort = (): void => this.finish({kind: 'aborted'})
  #refusal: PushyError | undefined
  #fatal: unknown
  #done = false
  readonly #options: ConnectOptions
  readonly #settle: (end: Ending) => void

  constructor(options: ConnectOptions, settle: (end: Ending) => void) {
    this.#options = options
    this.#settle = settle
    this.source = new EventSource(`${options.client.baseUrl}/${options.path}`, {fetch: (_url, init) => this.#stream(init)})
  }

  async #stream(init: Parameters<FetchLike>[1]): Promise<FetchLikeResponse> {
    const options = this.#options
    const headers: Record<string, string> = {}
    if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId
    let response: Response
    try {
      response = await options.client.stream(options.path, {accept: 'text/event-stream', headers, signal: init.signal ?? undefined})
    } catch (error) {
      // A status is for the feed's loop to judge; a network failure is worth a reconnect;
      // anything else (a bad key, Ctrl-C) ends the wait.
      if (error instanceof PushyError && error.status !== undefined) this.#refusal = error
      else if (!(error instanceof PushyError && error.exitCode === ExitCode.Server)) this.#fatal = error
      throw error
    }
    return withTrailingBlankLine(response)
  }

  onMessage(name: string, message: MessageEvent): void {
    if (this.#done) return
    let data: FeedEvent['data']
    try {
      data = JSON.parse(String(message.data))
    } catch {
      return // a line cut short carries nothing usable; the final GET settles the outcome anyway
    }
    try {
      if (this.#options.onEvent({event: name, id: message.lastEventId, data})) this.finish({kind: 'finished'})
    } catch (error) {
      this.finish({kind: 'failed', error})
    }
  }

  onError(error: ErrorEvent): void {
    if (this.#fatal !== undefined) this.finish({kind: 'failed', error: this.#fatal})
    else if (this.#refusal) this.finish({kind: 'refused', error: this.#refusal})
    // eventsource reports a 200 that is not text/event-stream with code 200
    else if (error.code === 200) this.finish({kind: 'refused', error: new PushyError(`the feed is not an event stream (${error.message ?? 'wrong content type'})`, ExitCode.Server, {status: 200})})
    else this.finish({kind: 'dropped', reason: error.message ?? 'the server closed the stream'})
  }

  finish(end: Ending): void {
    if (this.#done) return
    this.#done = true
    const {source} = this
    source.close()
    this.#options.signal?.removeEventListener('abort', this.onAbort)
    // eventsource arms its 3 s reconnect timer just after dispatching `error`; closing again once
    // that handler has returned clears the timer, which would otherwise keep the process alive.
    // The caller hears of the end then too: #settle is a new function for every connection, and
    // a call to it from here (the event path) would be a new call target on every job.
    queueMicrotask(() => {
      source.close()
      this.#settle(end)
    })
  }
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
