// The one HTTP transport: got, for plain requests and for the event feed alike. One request log
// for -V, one TLS set-up, one timeout and retry policy; every attempt is signed afresh in
// got's beforeRequest hook.
import {setMaxListeners} from 'node:events'
import type {Got, Options, OptionsInit, RequestError, Response} from 'got'
import {PushyError, usageError} from '../errors.js'
import {badBodyError, interruptedError, networkError, statusError, type RequestContext} from './errors.js'
import {redactedHeaders, requestHeaders} from './headers.js'
import {loadProxyAgents, proxyRoutes} from './proxy-agents.js'
import {RETRY_ERROR_CODES, RETRY_STATUS_CODES, retryDelay, retryPolicy} from './retry.js'
import {webBody} from './stream-body.js'
import {tlsOptions, verifyServerIdentity} from './tls.js'
import type {ChefClient, ChefClientOptions, StreamOptions} from './types.js'

/** Used when the caller sets none (the CLI passes knife's rest_timeout or --request-timeout). */
const DEFAULT_TIMEOUT_MS = 300_000
/**
 * With this many requests in flight, the next is signed on a worker thread (sign-pool.ts): RSA
 * costs more CPU than the rest of a request, and only a burst (job output) pays for the workers.
 */
const SIGN_ON_WORKERS_FROM = 4
/** The most of an error body read from a refused stream: enough for the server's message. */
const MAX_ERROR_BODY = 64 * 1024

// got takes a while to import; load it on the first request so that commands which fail early
// never pay for it.
let gotModule: Promise<Got> | undefined
const loadGot = (): Promise<Got> => (gotModule ??= import('got').then((module) => module.default))

interface SendOptions {
  body?: unknown
  accept?: string
  searchParams?: Record<string, string | number>
  /** GETs only: repeat on 5xx, 429 and connection errors */
  retry?: boolean
  uncertainHint?: string
}

interface RawResponse {
  statusCode: number
  statusMessage?: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** What the hooks need of one request, carried in got's `context`. */
interface RequestState {
  method: string
  url: string
  body?: Buffer
  /** the proxy it goes through, password hidden (for -V) */
  proxy?: string
  /** attempts made, when the current one started and when the first did (the retry budget) */
  log: {attempts: number; started: number; firstStarted: number}
}

const stateOf = (options: {context: Record<string, unknown>}): RequestState => options.context as unknown as RequestState

/** What failed, in the words of a retry notice. */
const RETRY_REASONS: Record<string, string> = {ECONNREFUSED: 'connection refused', ECONNRESET: 'connection closed by the server', EPIPE: 'connection closed by the server', ETIMEDOUT: 'timed out'}
const retryReason = (code: string): string => RETRY_REASONS[code] ?? code

/** The PushyError a failure carries, if a hook threw one (got wraps everything in RequestError). */
function pushyCause(error: unknown): PushyError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) if (current instanceof PushyError) return current
  return undefined
}

export function createChefClient(options: ChefClientOptions): ChefClient {
  const {settings, verbose, signal} = options
  // got adds an abort listener per request in flight (16 for `job output`): not a leak
  if (signal) setMaxListeners(64, signal)
  const baseUrl = settings.chefServerUrl.replace(/\/+$/, '')
  const headers = requestHeaders(settings, options.serverApiVersion ?? '1', options.now)
  const tls = tlsOptions(settings, options.warn)
  const policy = retryPolicy(options.retry)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const routeFor = proxyRoutes(settings.proxy)

  const context = (method: string, url: string, attempts = 1, uncertainHint?: string): RequestContext => ({
    method,
    url,
    nodeName: settings.nodeName,
    keySource: headers.keySource,
    timeoutMs,
    attempts,
    uncertainHint,
    verbose,
    proxy: routeFor(new URL(url))?.shown,
  })

  const urlFor = (path: string, searchParams: SendOptions['searchParams'] = {}): string => {
    const url = new URL(`${baseUrl}/${path.replace(/^\/+/, '')}`)
    for (const [name, value] of Object.entries(searchParams)) url.searchParams.set(name, String(value))
    return url.href
  }

  /** Requests sent and not yet answered: many at once (job output) sign on worker threads. */
  let inFlight = 0
  const sign = async (method: string, url: URL, body?: Buffer): Promise<Record<string, string>> => {
    try {
      return inFlight >= SIGN_ON_WORKERS_FROM ? await headers.signOnWorker(method, url.pathname, body) : headers.sign(method, url.pathname, body)
    } catch (error) {
      // e.g. protocol 1.0 with a user id too long for the key: nothing was sent
      throw usageError(
        `cannot sign the request as '${settings.nodeName}' with authentication protocol ${settings.authenticationProtocolVersion}: ${(error as Error).message}`,
        'set authentication_protocol_version to 1.3 (or 1.1)',
      )
    }
  }

  /**
   * got with what every request shares (headers, TLS, timeouts, the signing hook and the -V log),
   * made once: a request then only names its URL, method and body (in got's `context`), which
   * keeps got's per-request work (merging options) small when `job output` sends 1,000 requests.
   */
  const signedGot = (): Promise<Got> =>
    (instance ??= Promise.all([loadGot(), loadProxyAgents(settings.proxy)]).then(([got]) =>
      got.extend({
        followRedirect: false,
        signal,
        headers: headers.base,
        https: {rejectUnauthorized: tls.rejectUnauthorized, certificateAuthority: tls.ca, checkServerIdentity: verifyServerIdentity},
        // No `socket` (idle) timeout: an event stream may rightly stay quiet for a long time.
        timeout: {lookup: timeoutMs, connect: timeoutMs, secureConnect: timeoutMs, send: timeoutMs, response: timeoutMs},
        hooks: {
          // Runs before every attempt, so each retry carries a fresh timestamp and signature
          beforeRequest: [
            async (requestOptions) => {
              const {method, body, log, proxy} = stateOf(requestOptions)
              log.attempts += 1
              log.started = Date.now()
              const target = requestOptions.url as URL
              Object.assign(requestOptions.headers, await sign(method, target, body))
              verbose?.(`${method} ${target.href}${log.attempts > 1 ? ` (attempt ${log.attempts})` : ''}${proxy ? ` via proxy ${proxy}` : ''}`)
              verbose?.(`  ${redactedHeaders(requestOptions.headers)}`)
            },
          ],
          afterResponse: [
            (answer) => {
              if (verbose) {
                const {method, url, log} = stateOf(answer.request.options)
                verbose(`← ${answer.statusCode} ${method} ${url} (${Date.now() - log.started} ms)`)
              }
              return answer
            },
          ],
          beforeRetry: [
            (error) => {
              if (verbose && error.name !== 'HTTPError') {
                const {method, url, log} = stateOf(error.options)
                verbose(`← ${error.code ?? error.message} ${method} ${url} (${Date.now() - log.started} ms)`)
              }
            },
          ],
        },
      }),
    ))
  let instance: Promise<Got> | undefined

  /** GETs (and POSTs that only read) repeat on 5xx, 429 and connection errors, within the budget. */
  const retrying: OptionsInit['retry'] = {
    limit: policy.limit,
    methods: ['GET', 'POST', 'PUT'],
    statusCodes: RETRY_STATUS_CODES,
    errorCodes: RETRY_ERROR_CODES,
    maxRetryAfter: policy.budgetMs,
    calculateDelay: ({attemptCount, computedValue, retryAfter, error}) => {
      const {method, url, log} = stateOf(error.options)
      const delay = retryDelay(policy, {attempt: attemptCount, computedValue, retryAfter, elapsedMs: Date.now() - log.firstStarted})
      if (delay > 0) noticeRetrying(method, url, error, policy.limit - attemptCount + 1)
      return delay
    },
  }

  /**
   * The first retry a command makes is said on stderr (once: `job output` may retry many
   * requests), so that a wait of up to the retry budget is not silence; -V shows every attempt.
   */
  let retryNoticed = false
  const noticeRetrying = (method: string, url: string, error: RequestError, attemptsLeft: number): void => {
    if (retryNoticed || verbose) return
    retryNoticed = true
    const reason = error.name === 'HTTPError' && error.response ? `the server answered ${error.response.statusCode}` : retryReason(error.code)
    options.warn?.(`${method} ${url}: ${reason}; trying again (at most ${attemptsLeft} more attempt${attemptsLeft === 1 ? '' : 's'}; -V shows each)`)
  }
  const once: OptionsInit['retry'] = {limit: 0}

  /** The per-request options: method, body, the headers that differ, and the request's state. */
  const requestOptions = (state: RequestState, accept: string | undefined): OptionsInit => {
    const extra: Record<string, string> = {}
    if (accept) extra.Accept = accept
    if (state.body) extra['Content-Type'] = 'application/json'
    const route = routeFor(new URL(state.url))
    return {method: state.method as Options['method'], body: state.body, headers: extra, agent: route?.agent, context: {...state, proxy: route?.shown}}
  }

  /** A request that got no answer (or was aborted) as the PushyError the user sees. */
  const failure = (error: unknown, method: string, url: string, attempts: number, uncertainHint?: string): PushyError => {
    const pushy = pushyCause(error)
    if (pushy) return pushy
    const failed = error as RequestError
    if (signal?.aborted) return interruptedError(context(method, url, attempts, uncertainHint))
    return networkError({message: failed.message, code: failed.code, event: (failed as {event?: string}).event}, context(method, url, attempts, uncertainHint))
  }

  async function send(method: string, path: string, request: SendOptions): Promise<RawResponse> {
    const got = await signedGot()
    const url = urlFor(path, request.searchParams)
    // Serialized once: the bytes hashed are the bytes sent
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8')
    const started = Date.now()
    const log = {attempts: 0, started, firstStarted: started}
    let answered: RawResponse

    inFlight += 1
    try {
      const response = (await got(url, {...requestOptions({method, url, body, log}, request.accept), responseType: 'buffer', retry: request.retry ? retrying : once})) as Response<Buffer>
      answered = {statusCode: response.statusCode, statusMessage: response.statusMessage, headers: response.headers, body: response.body}
    } catch (error) {
      const failed = error as RequestError
      // got also attaches the response to read errors (a truncated body): only HTTPError is a status
      if (failed.name === 'HTTPError' && failed.response) {
        const answer = failed.response
        throw statusError({statusCode: answer.statusCode, statusMessage: answer.statusMessage, headers: answer.headers, body: answer.rawBody ?? Buffer.alloc(0)}, context(method, url, log.attempts, request.uncertainHint))
      }

      if (!signal?.aborted && !pushyCause(error)) verbose?.(`← ${failed.code ?? failed.message} ${method} ${url} (${Date.now() - log.started} ms)`)
      throw failure(error, method, url, log.attempts, request.uncertainHint)
    } finally {
      inFlight -= 1
    }

    // With redirects off got hands back 3xx as success; a signed request must not wander off-server
    if (answered.statusCode >= 300) throw statusError(answered, context(method, url, log.attempts, request.uncertainHint))
    return answered
  }

  const parseJson = <T>(response: RawResponse, method: string, path: string, uncertainHint?: string): T => {
    if (response.statusCode === 204) return undefined as T
    try {
      if (response.body.length > 0) return JSON.parse(response.body.toString('utf8')) as T
    } catch {
      // reported below, without printing the body
    }

    throw badBodyError(response.body, response.statusCode, context(method, urlFor(path), 1, uncertainHint))
  }

  /**
   * A signed GET whose body streams (the event feed). Resolves once a 2xx answer's headers
   * arrive; any other status is a PushyError with the server's message, like every request.
   * Not retried: the feed reconnects by itself, with Last-Event-ID.
   */
  async function stream(path: string, streamOptions: StreamOptions = {}): Promise<globalThis.Response> {
    const got = await signedGot()
    const url = urlFor(path)
    const started = Date.now()
    const log = {attempts: 0, started, firstStarted: started}
    const base = requestOptions({method: 'GET', url, log}, streamOptions.accept)
    const {signal: stop} = streamOptions
    if (stop?.aborted) throw stop.reason
    // Ctrl-C (the client's signal) reaches got as for every request. `stop` is the caller ending
    // the stream, as the feed does after every job (ten times in a rollout of ten batches): it
    // destroys the request quietly, without AbortSignal.any, got's AbortError and a stack trace.
    const request = got.stream(url, {...base, isStream: true, headers: {...base.headers, ...streamOptions.headers}, retry: once, throwHttpErrors: false})
    let stopped: ((reason: unknown) => void) | undefined
    const onStop = (): void => {
      request.destroy()
      stopped?.(stop?.reason)
    }
    // Not `once`: V8 deoptimises the hot event dispatch for a once-listener on a fresh signal
    stop?.addEventListener('abort', onStop)
    request.once('close', () => stop?.removeEventListener('abort', onStop))
    const response = await new Promise<Response>((resolve, reject) => {
      stopped = reject
      request.once('response', resolve)
      request.once('error', reject)
    }).catch((error: unknown) => {
      if (stop?.aborted) throw stop.reason
      throw failure(error, 'GET', url, log.attempts)
    })
    stopped = undefined
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const body = await readAtMost(request, MAX_ERROR_BODY)
      throw statusError({statusCode: response.statusCode, statusMessage: response.statusMessage, headers: response.headers, body}, context('GET', url, log.attempts))
    }

    // A dropped stream surfaces as an error of the body; the feed's own loop reconnects.
    request.on('error', () => {})
    const responseHeaders: Array<[string, string]> = []
    for (const [name, value] of Object.entries(response.headers)) for (const one of [value ?? []].flat()) responseHeaders.push([name, one])
    const closedEarly = (): unknown => stop?.reason ?? new Error('the stream closed before it ended')
    return new globalThis.Response(webBody(request, closedEarly), {status: response.statusCode, statusText: response.statusMessage, headers: responseHeaders})
  }

  return {
    baseUrl,
    async get<T>(path: string, getOptions: {searchParams?: Record<string, string | number>} = {}) {
      const response = await send('GET', path, {searchParams: getOptions.searchParams, retry: true})
      return parseJson<T>(response, 'GET', path)
    },
    async getBytes(path, bytesOptions = {}) {
      const response = await send('GET', path, {accept: bytesOptions.accept ?? 'application/octet-stream', retry: true})
      return response.body
    },
    async post<T>(path: string, body: unknown, postOptions: {uncertainHint?: string; read?: boolean} = {}) {
      const response = await send('POST', path, {body, uncertainHint: postOptions.uncertainHint, retry: postOptions.read === true})
      return {statusCode: response.statusCode, headers: response.headers, body: parseJson<T>(response, 'POST', path, postOptions.uncertainHint)}
    },
    async put<T>(path: string, body: unknown) {
      const response = await send('PUT', path, {body})
      return parseJson<T>(response, 'PUT', path)
    },
    stream,
  }
}

/** The first `limit` bytes of a body, for an error message. */
async function readAtMost(body: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      chunks.push(Buffer.from(chunk as Buffer))
      size += (chunk as Buffer).length
      if (size >= limit) break
    }
  } catch {
    // what arrived is enough
  }
  return Buffer.concat(chunks).subarray(0, limit)
}
