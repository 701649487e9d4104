// A scriptable reverse proxy on 127.0.0.1 in front of a zero server, for fault tests: the CLI's
// chef_server_url points at the proxy (same /organizations/ORG path) and each request either
// passes through untouched or meets the fault of the first rule that matches it.
import {createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

/** What the proxy does to a matching request. */
export type Fault =
  /**
   * answer with this status; `html` sends an HTML error page, else a JSON body. `forward: true`
   * lets the server act first (as a gateway that lost the server's answer), else nothing is forwarded.
   */
  | {type: 'status'; status: number; html?: boolean; json?: unknown; headers?: Record<string, string>; forward?: boolean}
  /** destroy the client's socket: `forward: false` before anything reaches the server, `true` once the server answered */
  | {type: 'reset'; forward: boolean}
  /**
   * hold the request this long, then forward it (past the client timeout the client gives up first
   * and nothing is forwarded); `forwardFirst: true` forwards at once and holds the server's answer
   */
  | {type: 'delay'; ms: number; forwardFirst?: boolean}
  /** 200 with a body that is not JSON; `forward: true` lets the server act first (a POST then creates the job) */
  | {type: 'garbage'; forward: boolean}
  /** forward, then send the server's status and headers with a Content-Length larger than what follows, half the body, and destroy */
  | {type: 'truncate'}
  /** the 401 a Chef server gives for a timestamp outside its window, without forwarding */
  | {type: 'clock-skew'}
  /** forward an event stream; after `afterEvents` whole events (blank-line separated) send `partialBytes` more bytes and destroy */
  | {type: 'cut'; afterEvents: number; partialBytes?: number}

export interface FaultRule {
  /** e.g. GET, POST; any method when left out */
  method?: string
  /** tested against the path and query */
  path: RegExp
  /** how many matching requests meet the fault (default: every one) */
  times?: number
  /** matching requests to let through first (default 0) */
  skip?: number
  fault: Fault
}

export interface ProxyLogEntry {
  method: string
  /** path and query as received */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** the request reached the server */
  forwarded: boolean
  /** the fault applied, if any */
  fault?: Fault['type']
  /** status sent back to the client (undefined when the connection was reset first) */
  status?: number
  /** the bytes of the response body sent back to the client */
  response: Buffer[]
  at: number
}

export interface FaultProxy {
  /** chef_server_url through the proxy: http://127.0.0.1:PORT/organizations/ORG */
  url: string
  port: number
  readonly log: ProxyLogEntry[]
  /** adds a rule (rules are tried in the order added); returns it with a live hit count */
  add(rule: FaultRule): FaultRule & {readonly hits: number}
  clearRules(): void
  /** entries matching method and path (forwarded only when `forwarded` is given as true) */
  requests(method: string | undefined, path: RegExp, options?: {forwarded?: boolean}): ProxyLogEntry[]
  close(): Promise<void>
}

export const CLOCK_SKEW_BODY = {error: ['Failed to authenticate as pushy. Synchronize the clock on your host.']}

const htmlPage = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head>\n<body><h1>${status} Error</h1>\n<p>The upstream server is having a bad day.</p>\n<hr><address>nginx/1.25.3</address></body></html>\n`

interface LiveRule extends FaultRule {
  hits: number
  seen: number
}

/** Starts the proxy in front of `target` (`http://127.0.0.1:PORT/organizations/ORG`, i.e. server.url). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target)
  const rules: LiveRule[] = []
  const log: ProxyLogEntry[] = []
  const sockets = new Set<Socket>()

  const pick = (method: string, url: string): LiveRule | undefined => {
    for (const rule of rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue
      if (!rule.path.test(url)) continue
      rule.seen += 1
      if (rule.seen <= (rule.skip ?? 0)) continue
      if (rule.hits >= (rule.times ?? Number.POSITIVE_INFINITY)) continue
      rule.hits += 1
      return rule
    }
    return undefined
  }

  /** Sends the request to the zero server; resolves with its response (headers received). */
  const forward = (req: IncomingMessage, body: Buffer): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers = {...req.headers}
      const out = httpRequest({host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers}, resolve)
      out.on('error', reject)
      out.end(body)
    })

  const drain = (answer: IncomingMessage): Promise<void> =>
    new Promise((resolve) => {
      answer.resume()
      answer.once('end', resolve)
      answer.once('error', () => resolve())
    })

  const kill = (res: ServerResponse): void => {
    res.socket?.destroy()
    res.destroy()
  }

  const passThrough = (answer: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry): void => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers)
    res.flushHeaders()
    entry.status = answer.statusCode
    answer.on('data', (chunk: Buffer) => entry.response.push(chunk))
    answer.pipe(res)
    answer.on('error', () => kill(res))
    res.on('close', () => answer.destroy())
  }

  const cutStream = (answer: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry, afterEvents: number, partialBytes: number): void => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers)
    res.flushHeaders()
    entry.status = answer.statusCode
    const write = (text: string): void => {
      entry.response.push(Buffer.from(text))
      res.write(text)
    }
    let events = 0
    let cut = false
    // Bytes of the current (incomplete) event not yet sent once the quota is reached
    let pending = ''
    answer.setEncoding('utf8')
    const finish = () => {
      cut = true
      answer.destroy()
      // let the written bytes leave before the socket goes
      setTimeout(() => kill(res), 20)
    }
    answer.on('data', (chunk: string) => {
      if (cut) return
      let text = pending + chunk
      pending = ''
      let sent = ''
      while (events < afterEvents) {
        const end = text.indexOf('\n\n')
        if (end === -1) break
        sent += text.slice(0, end + 2)
        text = text.slice(end + 2)
        events += 1
      }
      if (events < afterEvents) {
        write(sent + text)
        return
      }
      pending = text
      if (pending.length >= partialBytes) {
        write(sent + pending.slice(0, partialBytes))
        finish()
      } else if (sent) {
        write(sent)
      }
    })
    answer.on('end', () => {
      if (cut) return
      entry.response.push(Buffer.from(pending))
      res.end(pending)
    })
    answer.on('error', () => kill(res))
    res.on('close', () => answer.destroy())
    if (afterEvents === 0 && partialBytes === 0) finish()
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const rule = pick(method, url)
    const fault = rule?.fault
    const entry: ProxyLogEntry = {method, url, headers: req.headers, body, forwarded: false, response: [], at: Date.now()}
    if (fault) entry.fault = fault.type
    log.push(entry)
    const sendForward = async (): Promise<IncomingMessage> => {
      entry.forwarded = true
      return forward(req, body)
    }

    if (!fault) {
      passThrough(await sendForward(), res, entry)
      return
    }

    switch (fault.type) {
      case 'status': {
        if (fault.forward) await drain(await sendForward())
        const text = fault.html ? htmlPage(fault.status) : JSON.stringify(fault.json ?? {error: [`proxy says ${fault.status}`]})
        entry.status = fault.status
        entry.response.push(Buffer.from(text))
        res.writeHead(fault.status, {'Content-Type': fault.html ? 'text/html' : 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...fault.headers})
        res.end(text)
        return
      }
      case 'clock-skew': {
        const text = JSON.stringify(CLOCK_SKEW_BODY)
        entry.status = 401
        entry.response.push(Buffer.from(text))
        res.writeHead(401, {'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text))})
        res.end(text)
        return
      }
      case 'reset': {
        if (fault.forward) await drain(await sendForward())
        kill(res)
        return
      }
      case 'delay': {
        const early = fault.forwardFirst ? sendForward() : undefined
        // Ends early when the client gives up (it hung up), so no timer outlives the test
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, fault.ms)
          timer.unref()
          res.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
        })
        if (res.destroyed || req.socket.destroyed) {
          if (early) await drain(await early)
          return
        }
        passThrough(await (early ?? sendForward()), res, entry)
        return
      }
      case 'garbage': {
        if (fault.forward) await drain(await sendForward())
        const text = '{"id": "6e0b432e3699", "status": compl'
        entry.status = fault.forward && method === 'POST' ? 201 : 200
        entry.response.push(Buffer.from(text))
        res.writeHead(entry.status, {'Content-Type': 'application/json', 'Content-Length': String(text.length)})
        res.end(text)
        return
      }
      case 'truncate': {
        const answer = await sendForward()
        const parts: Buffer[] = []
        for await (const chunk of answer) parts.push(chunk as Buffer)
        const full = Buffer.concat(parts)
        const headers = {...answer.headers, 'content-length': String(full.length + 100)}
        delete headers['transfer-encoding']
        entry.status = answer.statusCode
        entry.response.push(full.subarray(0, Math.floor(full.length / 2)))
        res.writeHead(answer.statusCode ?? 200, headers)
        res.write(full.subarray(0, Math.floor(full.length / 2)))
        setTimeout(() => kill(res), 20)
        return
      }
      case 'cut': {
        cutStream(await sendForward(), res, entry, fault.afterEvents, fault.partialBytes ?? 0)
        return
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => kill(res))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    port,
    log,
    add(rule) {
      const live: LiveRule = {...rule, hits: 0, seen: 0}
      rules.push(live)
      return live
    },
    clearRules() {
      rules.length = 0
    },
    requests(method, path, options = {}) {
      return log.filter((e) => (method === undefined || e.method === method) && path.test(e.url) && (options.forwarded === undefined || e.forwarded === options.forwarded))
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
