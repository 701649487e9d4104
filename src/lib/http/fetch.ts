// A WHATWG fetch for the eventsource package: node:http(s) rather than got because the body must
// stream (SSE), eventsource does its own reconnecting, and it reads non-2xx statuses itself.
import {request as httpRequest, type IncomingMessage} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {Readable} from 'node:stream'
import type {ReadableStream as WebReadableStream} from 'node:stream/web'
import {networkError, type RequestContext} from './errors.js'
import {redactedHeaders, type RequestHeaders} from './headers.js'
import type {TlsOptions} from './tls.js'
import type {ChefClient} from './types.js'

type FetchInit = Parameters<ChefClient['signedFetch']>[1]

export interface SignedFetchDeps {
  headers: RequestHeaders
  tls: TlsOptions
  /** applies until the response headers arrive; a quiet event stream must not time out */
  timeoutMs: number
  verbose?: (line: string) => void
  context: (method: string, url: string) => RequestContext
}

/** Header names lower-cased so that the caller's `Accept` replaces ours instead of doubling it. */
function mergeHeaders(...sources: Array<Record<string, string> | Headers | undefined>): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const source of sources) {
    if (!source) continue
    const entries = source instanceof Headers ? [...source.entries()] : Object.entries(source)
    for (const [name, value] of entries) merged[name.toLowerCase()] = value
  }

  return merged
}

const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError')

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers()
  for (let index = 0; index + 1 < res.rawHeaders.length; index += 2) headers.append(res.rawHeaders[index], res.rawHeaders[index + 1])
  const status = res.statusCode ?? 502
  const noBody = method === 'HEAD' || status === 204 || status === 205 || status === 304
  if (noBody) res.resume()
  const body = noBody ? null : (Readable.toWeb(res) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>)
  return new Response(body, {status, statusText: res.statusMessage, headers})
}

export function createSignedFetch(deps: SignedFetchDeps): ChefClient['signedFetch'] {
  return (input, init: FetchInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input))
      const method = (init.method ?? 'GET').toUpperCase()
      const signal = init.signal ?? undefined
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }

      const headers = mergeHeaders(deps.headers.base, init.headers, deps.headers.sign(method, url.pathname))
      deps.verbose?.(`${method} ${url.href}`)
      deps.verbose?.(`  ${redactedHeaders(headers)}`)
      const started = Date.now()
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest
      const req = send(url, {method, headers, rejectUnauthorized: deps.tls.rejectUnauthorized, ca: deps.tls.ca})
      let res: IncomingMessage | undefined

      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no response within ${deps.timeoutMs} ms`), {code: 'ETIMEDOUT', event: 'response'}))
      }, deps.timeoutMs)
      const onAbort = () => {
        const reason = abortReason(signal!)
        req.destroy(reason)
        res?.destroy(reason)
        reject(reason)
      }

      const cleanup = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }

      signal?.addEventListener('abort', onAbort, {once: true})
      req.on('response', (response) => {
        clearTimeout(timer)
        res = response
        deps.verbose?.(`← ${response.statusCode} ${method} ${url.href} (${Date.now() - started} ms)`)
        response.once('close', cleanup)
        resolve(toResponse(response, method))
      })
      req.on('error', (error: NodeJS.ErrnoException & {event?: string}) => {
        cleanup()
        if (signal?.aborted) return
        reject(networkError(error, deps.context(method, url.href)))
      })
      req.end()
    })
}
