// The one place where HTTP statuses and network failures become PushyErrors with exit codes
// (docs/exit-codes.md), for plain requests and the event feed alike. It reads got's errors by
// their documented fields (`code`, `event`) rather than importing got's classes, so that commands
// which never make a request never load got.
import {PushyError} from '../errors.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'

/** What an error message needs to know about the request that failed. */
export interface RequestContext {
  method: string
  url: string
  nodeName: string
  /** where the key came from: its path, or e.g. "the credentials profile 'x'" */
  keySource: string
  timeoutMs: number
  /** how many attempts were made (GETs retry) */
  attempts: number
  /** POST only: what to tell the user when the request may have reached the server */
  uncertainHint?: string
  verbose?: (line: string) => void
  /** the proxy the request went through, password hidden */
  proxy?: string
}

export interface HttpFailure {
  statusCode: number
  statusMessage?: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** Node/got-style error fields this module reads. */
export interface NetworkFailure {
  message: string
  code?: string
  /** got's TimeoutError: the phase that timed out */
  event?: string
}

export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 401 || status === 403) return ExitCode.Auth
  if (status === 404) return ExitCode.NotFound
  if (status === 429 || status >= 500 || status < 400) return ExitCode.Server
  // 400, 413 and the other 4xx: the server refused this request as it stands
  return ExitCode.Usage
}

/**
 * The server's own message, for both Chef body shapes: `{"error":"msg"}` (push-jobs POST validation)
 * and `{"error":["msg", …]}` (everything else). Undefined when the body is not such JSON.
 */
export function serverMessage(body: Buffer): string | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }

  const error = (parsed as {error?: unknown} | null)?.error
  if (typeof error === 'string' && error.trim()) return error.trim()
  if (Array.isArray(error)) {
    const parts = error.filter((part): part is string => typeof part === 'string' && part.trim() !== '').map((part) => part.trim())
    if (parts.length > 0) return parts.join('; ')
  }

  return undefined
}

/** A short, single-line excerpt of a body that must not be printed raw (HTML pages, garbage). */
export function bodyExcerpt(body: Buffer, max = 200): string {
  const text = body.toString('utf8').replaceAll(/<[^>]*>/g, ' ').replaceAll(/\s+/g, ' ').trim()
  return text.length > max ? `${text.slice(0, max)}…` : text
}

const joinHints = (...hints: Array<string | undefined>): string | undefined => {
  const present = hints.filter((hint): hint is string => Boolean(hint))
  return present.length > 0 ? present.join('; ') : undefined
}

const origin = (url: string): string => new URL(url).origin

function logBody(context: RequestContext, response: HttpFailure): void {
  if (!context.verbose || response.body.length === 0) return
  const type = [response.headers['content-type']].flat()[0] ?? 'no content type'
  context.verbose(`  body (${type}, ${response.body.length} bytes): ${bodyExcerpt(response.body)}`)
}

function statusHint(status: number, message: string, context: RequestContext): string | undefined {
  if (status === 401) {
    if (/clock|skew/i.test(message)) return 'the request timestamp was outside the server\'s window: synchronize this machine\'s clock (e.g. with NTP)'
    return `check that node_name '${context.nodeName}' is a user or client on the server and that ${context.keySource} is its private key`
  }

  if (status === 403) {
    return `'${context.nodeName}' needs to be in the pushy_job_readers group (to read jobs) or pushy_job_writers (to start them); ask a Chef server admin`
  }

  if (status >= 300 && status < 400) return 'chef_server_url may be wrong (http instead of https, or a missing /organizations/ORG)'
  if (status === 429 || status >= 500) {
    if (context.uncertainHint) return context.uncertainHint
    return context.attempts > 1 ? `gave up after ${context.attempts} attempts; the server may be overloaded or down, try again later` : undefined
  }

  return undefined
}

/** A non-2xx answer: the server's own message where there is one, never an HTML page. */
export function statusError(response: HttpFailure, context: RequestContext): PushyError {
  const status = response.statusCode
  const fromServer = serverMessage(response.body)
  if (fromServer === undefined) logBody(context, response)
  const location = [response.headers.location].flat()[0]
  const message =
    fromServer ??
    `the server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} to ${context.method} ${context.url}${location ? ` (redirect to ${location})` : ''}`
  // nginx and Apache answer plain HTTP on their TLS port with a 400 page that says so
  const plainOnTls = status === 400 && new URL(context.url).protocol === 'http:' && /plain HTTP request was sent to HTTPS port|speaking plain HTTP to an SSL/i.test(response.body.toString('utf8'))
  const hint = plainOnTls ? `the server speaks TLS on this port: is the URL https://${new URL(context.url).host}…? check chef_server_url` : statusHint(status, message, context)
  return new PushyError(plainOnTls ? `the server at ${new URL(context.url).host} did not answer plain HTTP (${context.method} ${context.url})` : message, exitCodeForStatus(status), {status, hint})
}

/** A 2xx answer whose body is not the JSON the caller needs. */
export function badBodyError(body: Buffer, statusCode: number, context: RequestContext): PushyError {
  const what = body.length === 0 ? 'an empty body' : 'a body that is not JSON'
  if (body.length > 0 && context.verbose) context.verbose(`  body (${body.length} bytes): ${bodyExcerpt(body)}`)
  return new PushyError(`the server answered ${context.method} ${context.url} with ${what}`, ExitCode.Server, {
    status: statusCode,
    // after a POST the server did act; only the caller knows what to check
    hint: context.uncertainHint ?? 'check that chef_server_url points at a Chef server with Push Jobs (…/organizations/ORG)',
  })
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** Failures where nothing reached the server, so even a POST can be repeated safely. */
const NOTHING_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', ...TLS_CODES])

/** got's timeout events, worded to follow "timed out" */
const PHASES: Record<string, string> = {
  lookup: 'looking up the host name',
  connect: 'connecting',
  secureConnect: 'in the TLS handshake',
  socket: 'waiting for data',
  send: 'sending the request',
  response: 'waiting for the response',
  request: 'before the whole request completed',
}

/** A request that got no (complete) answer: refused, unresolvable, TLS, timeout, reset. */
export function networkError(error: NetworkFailure, context: RequestContext): PushyError {
  const {method, url} = context
  const code = error.code ?? ''
  const host = new URL(url).host
  const nothingSent = NOTHING_SENT.has(code)
  const postNote = context.uncertainHint ? (nothingSent ? 'the request was not sent, so it is safe to try again' : context.uncertainHint) : undefined
  const retried = context.attempts > 1 ? ` (gave up after ${context.attempts} attempts)` : ''
  const make = (message: string, hint?: string) => new PushyError(`${message}${retried}`, ExitCode.Server, {cause: error, hint: joinHints(hint, postNote)})

  if (context.proxy) {
    const failure = proxyFailure(error, context, host)
    if (failure) return failure.exitCode === ExitCode.Server ? make(failure.message, failure.hint) : failure
  }

  if (code === 'ECONNREFUSED') {
    return make(`cannot connect to ${host}: connection refused (${method} ${url})`, `nothing is listening at ${origin(url)}: check chef_server_url and that the server is running`)
  }

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make(`cannot resolve the host name ${new URL(url).hostname} (${method} ${url})`, 'check the host in chef_server_url and your DNS settings')
  }

  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return make(`cannot reach ${host}: ${error.message} (${method} ${url})`, 'check chef_server_url and your network (VPN, proxy, firewall)')
  }

  if (TLS_CODES.has(code)) {
    return make(
      `the TLS certificate of ${host} was not accepted: ${error.message}`,
      'if the server uses a self-signed or private-CA certificate, run `knife ssl fetch` (it fills trusted_certs_dir) or set ssl_ca_file',
    )
  }

  // OpenSSL read an HTTP answer where it expected a TLS handshake
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(error.message)) {
    return make(`the server at ${host} did not answer TLS (${method} ${url})`, `is the URL http://${host}…? check chef_server_url`)
  }

  // An HTTP parser fed a TLS record: the server speaks https
  if (new URL(url).protocol === 'http:' && /^HPE_/.test(code)) {
    return make(`the server at ${host} did not answer plain HTTP (${method} ${url})`, `is the URL https://${host}…? check chef_server_url`)
  }

  if (code === 'ETIMEDOUT' && error.event) {
    const phase = PHASES[error.event] ?? error.event
    return make(`${method} ${url} timed out ${phase} after ${context.timeoutMs} ms`, 'the server or network is slow or unreachable; try again later')
  }

  const reset = code === 'ECONNRESET' || /socket hang up/i.test(error.message)
  const reason = reset ? 'the connection was closed by the server' : error.message
  // A TLS server given plain HTTP (Node's, for one) closes the connection without a word
  const hint = reset && new URL(url).protocol === 'http:' ? `if the server speaks TLS, the URL is https://${host}…: check chef_server_url` : undefined
  return make(`${method} ${url} failed: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`, hint)
}

/** Ctrl-C while a request was in flight: exit 130, and a POST may have reached the server. */
export function interruptedError(context: RequestContext): PushyError {
  return new PushyError(`interrupted during ${context.method} ${context.url}`, ExitCode.Interrupted, {hint: context.uncertainHint})
}

/** Codes that mean the proxy itself could not be reached: the request went no further. */
const PROXY_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

/**
 * A failure the proxy caused or reported: it could not be reached, refused the credentials
 * (407), or could not reach the Chef server (any other answer to CONNECT). Undefined otherwise.
 */
function proxyFailure(error: NetworkFailure, context: RequestContext, host: string): PushyError | undefined {
  const proxy = context.proxy!
  const settingsHint = `check https_proxy / http_proxy, or add ${new URL(context.url).hostname} to no_proxy to reach it directly`
  const answer = /Bad response: (\d{3})/.exec(error.message)
  // 407 is the standard answer; tinyproxy, for one, answers a CONNECT without credentials with 401
  if (answer?.[1] === '407' || answer?.[1] === '401') {
    return new PushyError(`the proxy ${proxy} refused the credentials pushy sent, or their absence (it answered ${answer[1]} to CONNECT)`, ExitCode.Auth, {
      cause: error,
      hint: 'check https_proxy_user / https_proxy_pass (http_… for http://) in your knife config, or the user:password in the proxy URL',
    })
  }
  if (answer) return new PushyError(`the proxy ${proxy} could not reach ${host} (it answered ${answer[1]} to CONNECT)`, ExitCode.Server, {cause: error, hint: settingsHint})
  if (PROXY_UNREACHABLE.has(error.code ?? '')) {
    return new PushyError(`cannot connect to the proxy ${proxy} (${error.code})`, ExitCode.Server, {cause: error, hint: settingsHint})
  }
  if (/Proxy timeout/.test(error.message)) return new PushyError(`the proxy ${proxy} did not answer within ${context.timeoutMs} ms`, ExitCode.Server, {cause: error, hint: settingsHint})
  return undefined
}
