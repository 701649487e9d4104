import type {Got, Options, RequestError, Response} from 'got'
import {PushyError, usageError} from '../errors.js'
import {badBodyError, networkError, statusError, type RequestContext} from './errors.js'
import {createSignedFetch} from './fetch.js'
import {redactedHeaders, requestHeaders} from './headers.js'
import {RETRY_ERROR_CODES, RETRY_STATUS_CODES, retryDelay, retryPolicy} from './retry.js'
import {tlsOptions} from './tls.js'
import type {ChefClient, ChefClientOptions} from './types.js'

const DEFAULT_TIMEOUT_MS = 30_000

// got takes ~100 ms to import; load it on the first request so that commands which fail early,
// or only follow the feed (signedFetch), never pay for it.
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

/** The PushyError a failure carries, if a hook threw one (got wraps everything in RequestError). */
function pushyCause(error: unknown): PushyError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) if (current instanceof PushyError) return current
  return undefined
}

export function createChefClient(options: ChefClientOptions): ChefClient {
  const {settings, verbose} = options
  const baseUrl = settings.chefServerUrl.replace(/\/+$/, '')
  const headers = requestHeaders(settings, options.serverApiVersion ?? '1', options.now)
  const tls = tlsOptions(settings, options.warn)
  const policy = retryPolicy(options.retry)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  const context = (method: string, url: string, attempts = 1, uncertainHint?: string): RequestContext => ({
    method,
    url,
    nodeName: settings.nodeName,
    keySource: headers.keySource,
    timeoutMs,
    attempts,
    uncertainHint,
    verbose,
  })

  const urlFor = (path: string, searchParams: SendOptions['searchParams'] = {}): string => {
    const url = new URL(`${baseUrl}/${path.replace(/^\/+/, '')}`)
    for (const [name, value] of Object.entries(searchParams)) url.searchParams.set(name, String(value))
    return url.href
  }

  const sign = (method: string, url: URL, body?: Buffer): Record<string, string> => {
    try {
      return headers.sign(method, url.pathname, body)
    } catch (error) {
      // e.g. protocol 1.0 with a user id too long for the key: nothing was sent
      throw usageError(
        `cannot sign the request as '${settings.nodeName}' with authentication protocol ${settings.authenticationProtocolVersion}: ${(error as Error).message}`,
        'set authentication_protocol_version to 1.3 (or 1.1)',
      )
    }
  }

  async function send(method: string, path: string, request: SendOptions): Promise<RawResponse> {
    const got = await loadGot()
    const url = urlFor(path, request.searchParams)
    // Serialized once: the bytes hashed are the bytes sent
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8')
    const firstStarted = Date.now()
    let attempts = 0
    let attemptStarted = firstStarted
    let answered: RawResponse

    try {
      const response: Response<Buffer> = await got(url, {
        method: method as Options['method'],
        body,
        responseType: 'buffer',
        followRedirect: false,
        headers: {...headers.base, ...(request.accept ? {Accept: request.accept} : {}), ...(body ? {'Content-Type': 'application/json'} : {})},
        https: {rejectUnauthorized: tls.rejectUnauthorized, certificateAuthority: tls.ca},
        timeout: {lookup: timeoutMs, connect: timeoutMs, secureConnect: timeoutMs, send: timeoutMs, response: timeoutMs, socket: timeoutMs},
        retry: request.retry
          ? {
              limit: policy.limit,
              methods: [method as Options['method']],
              statusCodes: RETRY_STATUS_CODES,
              errorCodes: RETRY_ERROR_CODES,
              maxRetryAfter: policy.budgetMs,
              calculateDelay: ({attemptCount, computedValue, retryAfter}) =>
                retryDelay(policy, {attempt: attemptCount, computedValue, retryAfter, elapsedMs: Date.now() - firstStarted}),
            }
          : {limit: 0},
        hooks: {
          // Runs before every attempt, so each retry carries a fresh timestamp and signature
          beforeRequest: [
            (requestOptions) => {
              attempts += 1
              attemptStarted = Date.now()
              const target = new URL(String(requestOptions.url))
              Object.assign(requestOptions.headers, sign(method, target, body))
              verbose?.(`${method} ${target.href}${attempts > 1 ? ` (attempt ${attempts})` : ''}`)
              verbose?.(`  ${redactedHeaders(requestOptions.headers)}`)
            },
          ],
          afterResponse: [
            (answer) => {
              verbose?.(`← ${answer.statusCode} ${method} ${url} (${Date.now() - attemptStarted} ms)`)
              return answer
            },
          ],
          beforeRetry: [
            (error) => {
              if (error.name !== 'HTTPError') verbose?.(`← ${error.code ?? error.message} ${method} ${url} (${Date.now() - attemptStarted} ms)`)
            },
          ],
        },
      })
      answered = {statusCode: response.statusCode, statusMessage: response.statusMessage, headers: response.headers, body: response.body}
    } catch (error) {
      const failure = error as RequestError
      const pushy = pushyCause(failure)
      if (pushy) throw pushy
      const failed = context(method, url, attempts, request.uncertainHint)
      // got also attaches the response to read errors (a truncated body): only HTTPError is a status
      if (failure.name === 'HTTPError' && failure.response) {
        const answer = failure.response
        throw statusError({statusCode: answer.statusCode, statusMessage: answer.statusMessage, headers: answer.headers, body: answer.rawBody ?? Buffer.alloc(0)}, failed)
      }

      verbose?.(`← ${failure.code ?? failure.message} ${method} ${url} (${Date.now() - attemptStarted} ms)`)
      throw networkError({message: failure.message, code: failure.code, event: (failure as {event?: string}).event}, failed)
    }

    // With redirects off got hands back 3xx as success; a signed request must not wander off-server
    if (answered.statusCode >= 300) throw statusError(answered, context(method, url, attempts, request.uncertainHint))
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
    signedFetch: createSignedFetch({headers, tls, timeoutMs, verbose, context: (method, url) => context(method, url)}),
  }
}
