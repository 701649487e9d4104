// A scriptable stand-in for the Push Jobs server's feeds and jobs/ID, on 127.0.0.1:0: each request to a
// path takes the next scripted reply (the last one repeats), and every request is recorded so tests can
// check the Last-Event-ID and Accept headers it carried.
import {createServer, type IncomingHttpHeaders, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {setTimeout as delay} from 'node:timers/promises'

/** A chunk to write, a pause, an abrupt close of the socket, or "keep the connection open". */
export type Step = string | {delayMs: number} | {destroy: true} | {hold: true}

export interface Reply {
  status?: number
  /** default: text/event-stream for 200, otherwise text/html (like webmachine's error pages) */
  contentType?: string
  steps?: Step[]
}

export interface RecordedRequest {
  path: string
  headers: IncomingHttpHeaders
}

type Script = Reply | ((request: RecordedRequest, index: number) => Reply)

export class ScriptedServer {
  readonly #server: Server
  /** replies per path, and how many requests they have answered since they were set */
  readonly #scripts = new Map<string, {replies: Script[]; answered: number}>()
  readonly #requests: RecordedRequest[] = []
  readonly baseUrl: string

  private constructor(server: Server) {
    this.#server = server
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/organizations/test`
  }

  static async start(): Promise<ScriptedServer> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const scripted = new ScriptedServer(server)
    server.on('request', (request, response) => {
      const recorded = {path: (request.url ?? '').replace('/organizations/test/', ''), headers: request.headers}
      void scripted.#answer(recorded, response)
    })
    return scripted
  }

  /** Replies for `path` (relative to the org, e.g. `pushy/job_status_feed/J`), one per request from now on. */
  script(path: string, ...replies: Script[]): void {
    this.#scripts.set(path, {replies, answered: 0})
  }

  requests(path?: string): RecordedRequest[] {
    return this.#requests.filter((request) => path === undefined || request.path === path)
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise((resolve) => this.#server.close(resolve))
  }

  async #answer(request: RecordedRequest, response: ServerResponse): Promise<void> {
    this.#requests.push(request)
    const scripted = this.#scripts.get(request.path) ?? {replies: [{status: 404, steps: ['<html>404 Not Found</html>']}], answered: 0}
    const index = scripted.answered++
    const script = scripted.replies[Math.min(index, scripted.replies.length - 1)]!
    const reply = typeof script === 'function' ? script(request, index) : script
    const status = reply.status ?? 200
    response.writeHead(status, {'Content-Type': reply.contentType ?? (status === 200 ? 'text/event-stream' : 'text/html')})
    response.flushHeaders()
    for (const step of reply.steps ?? []) {
      if (typeof step === 'string') response.write(step)
      else if ('delayMs' in step) await delay(step.delayMs)
      else if ('destroy' in step) return void response.socket?.destroy()
      else return // hold: left open until the client goes or the server closes
    }
    response.end()
  }
}

/** One live event as the server frames it (followed by a blank line). */
export const sse = (event: string, id: string, data: Record<string, unknown>): string =>
  `event: ${event}\nid: ${id}\ndata: ${JSON.stringify({timestamp: '2024-01-01 00:00:00.000000Z', ...data})}\n\n`

/** Events as a finished job's replay sends them: joined by blank lines, the last one without. */
export const replay = (events: string[]): string => events.join('').replace(/\n\n$/, '')

export const json = (body: unknown, status = 200): Reply => ({status, contentType: 'application/json', steps: [JSON.stringify(body)]})
