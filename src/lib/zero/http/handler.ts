// The request pipeline, in the real server's (webmachine's) check order:
// 404 no route → 405 method → 400/401 signing headers and clock → 413/400 POST body →
// 401 user and signature → 404 org → 403 → 406 → resource (404 unknown job…, 415 content type,
// the answer itself).
import {randomUUID} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Engine, RequestLogEntry} from '../types.js'
import {NodeIndex, parsePartialSpec, SearchParameterError, type PartialSpec} from '../search/index.js'
import {accepts} from './accept.js'
import {authenticate, checkSigningHeaders, type KeyRing} from './auth.js'
import {MAX_BODY_BYTES, validateJobBody} from './job-body.js'
import {empty, errorList, errorString, json, notFoundPage, serverErrorPage, writeReply, type Reply} from './responses.js'
import {serveResource, type ResourceRequest} from './resources.js'
import {matchRoute, type Route} from './routes.js'
import type {SseStream} from './sse.js'

export interface HandlerOptions {
  engine: Engine
  keys: KeyRing
  pushVersion: 1 | 2
  keepaliveMs: number
  /** the listening port (known only once listening) */
  port: () => number
  /** told of each request once its status is decided */
  onRequest: (entry: RequestLogEntry) => void
  /** open feed streams, owned by the server */
  streams: Set<SseStream>
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

interface Body {
  bytes: Buffer
  tooLarge: boolean
}

/** Reads at most `limit` bytes; the rest is drained and dropped so memory stays bounded. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    req.once('end', () => resolve({bytes: Buffer.concat(chunks), tooLarge: size > limit}))
    req.once('error', reject)
  })
}

const offeredType = (route: Route): string =>
  route.name === 'jobFeed' || route.name === 'orgFeed' ? 'text/event-stream' : route.name === 'output' ? 'application/octet-stream' : 'application/json'

/** Scheme from X-Forwarded-Proto, host and port from Host (as the real server); 80/443 omitted. */
function originOf(req: IncomingMessage, port: number): string {
  const forwarded = req.headers['x-forwarded-proto']
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0].trim().toLowerCase()
  const scheme = proto && /^[a-z][a-z0-9+.-]*$/.test(proto) ? proto : 'http'
  const host = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d+))?$/.exec(req.headers.host ?? '')
  const name = host?.[1] ?? '127.0.0.1'
  const hostPort = host ? (host[2] === undefined ? undefined : Number(host[2])) : port
  return `${scheme}://${name}${hostPort === undefined || hostPort === 80 || hostPort === 443 ? '' : `:${hostPort}`}`
}

export function createRequestHandler(options: HandlerOptions): RequestHandler {
  const {engine, pushVersion} = options
  const index = new NodeIndex(() => engine.nodes())
  const incarnationId = randomUUID()

  /** Everything up to the resource; a Reply ends the request there. */
  async function check(req: IncomingMessage, res: ServerResponse, route: Route, query: URLSearchParams): Promise<Reply | ResourceRequest> {
    const method = req.method ?? 'GET'
    if (!route.methods.includes(method)) return empty(405, {Allow: route.methods.join(', ')})
    if (route.name === 'status') {
      return json(200, {status: "it's alive", incarnation_id: incarnationId, node_fsm_count: engine.onlineNodeStates().length, job_processes: engine.liveJobIds()})
    }

    const body = await readBody(req, MAX_BODY_BYTES)
    const badHeaders = checkSigningHeaders(req.headers)
    if (badHeaders) return badHeaders
    if (route.name === 'config' && !query.has('ccpk')) return errorList(400, 'Missing ccpk')
    const request: ResourceRequest = {req, res, route, query, userId: ''}
    if (method === 'POST') {
      if (body.tooLarge) return errorString(413, `JSON must be no more than ${MAX_BODY_BYTES} bytes.`)
      const text = body.bytes.toString('utf8')
      if (route.name === 'jobs') {
        const result = validateJobBody(text, pushVersion)
        // The real handler does not catch bad JSON: webmachine answers 500 with its HTML page.
        if (result.kind === 'crash') return serverErrorPage(result.reason)
        if (result.kind === 'invalid') return errorString(400, result.message)
        request.jobRequest = result.request
      } else {
        const partial = parsePartial(text)
        if (!('spec' in partial)) return partial
        request.partial = partial.spec
      }
    }

    const auth = authenticate({method, path: req.url ?? '/', body: body.bytes, headers: req.headers}, options.keys)
    if (auth.kind === 'unauthorized') return auth.reply
    request.userId = auth.userId
    if (route.name === 'config' && query.get('ccpk')?.length !== 40) return errorList(401, 'Bad ccpk')
    if (route.org !== engine.org) return errorList(404, `organization '${route.org}' does not exist.`)
    if (route.name === 'jobs' && method === 'POST' && auth.role !== 'admin') {
      return errorList(403, `User or client '${auth.userId}' does not have access to that action on this server.`)
    }

    const accept = req.headers.accept
    if (!accepts(Array.isArray(accept) ? accept.join(',') : accept, offeredType(route))) return empty(406)
    return request
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = new Date().toISOString()
    const url = req.url ?? '/'
    const queryStart = url.indexOf('?')
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart)
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1))
    const userHeader = req.headers['x-ops-userid']
    const entry: RequestLogEntry = {method: req.method ?? 'GET', url, status: 0, at}
    if (typeof userHeader === 'string') entry.userId = userHeader
    // Reported when the status is decided, so a feed that stays open is reported at once.
    const logStatus = (status: number): void => {
      if (entry.status !== 0) return
      entry.status = status
      options.onRequest(entry)
    }

    const send = (reply: Reply): void => {
      logStatus(reply.status)
      // An early answer (404, 405) leaves the body unread; drain it so the bytes are not
      // parsed as the next request on a kept-alive connection.
      req.resume()
      writeReply(res, reply)
    }

    try {
      const route = matchRoute(pathname, pushVersion)
      if (!route) return send(notFoundPage())
      const checked = await check(req, res, route, query)
      if ('status' in checked) return send(checked)
      const reply = serveResource(checked, {...options, index, origin: originOf(req, options.port())})
      if (reply) send(reply)
      else logStatus(res.statusCode)
    } catch (error) {
      if (res.headersSent) res.destroy()
      else send(serverErrorPage((error as Error).message ?? String(error)))
    }
  }

  return (req, res) => {
    void handle(req, res)
  }
}

function parsePartial(text: string): {spec: PartialSpec} | Reply {
  try {
    return {spec: parsePartialSpec(JSON.parse(text))}
  } catch (error) {
    if (error instanceof SearchParameterError) return errorList(400, error.message)
    return errorList(400, `invalid JSON in the partial search body: ${(error as Error).message}`)
  }
}
