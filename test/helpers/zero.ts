// Shared helpers for tests that talk to the local Push Jobs server ("zero") over HTTP, with
// signed requests, exactly as a real client would. Never reach into the engine from a test.
import assert from 'node:assert/strict'
import type {KeyObject} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {request as httpRequest, type IncomingHttpHeaders, type IncomingMessage} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {SigningVersion} from '../../src/lib/signing/canonical.js'
import {readPrivateKey} from '../../src/lib/signing/key.js'
import {signRequest} from '../../src/lib/signing/sign.js'
import {startZeroServer} from '../../src/lib/zero/server.js'
import {fixtureKey, seedZeroKey} from './keys.js'
import {pollUntil} from './poll.js'
import type {Fleet, FleetNode, RequestLogEntry, ZeroServer, ZeroServerOptions, ZeroTimings} from '../../src/lib/zero/types.js'

/** Tiny timings so every scenario finishes in well under a second. */
export const FAST_TIMINGS: ZeroTimings = {votingTimeoutMs: 300, keepaliveMs: 200, completeWaitMs: 300, orgFeedExpirationMs: 1_000}

/** Whitelist every simulated node gets unless the test gives its own. */
export const DEFAULT_WHITELIST: Record<string, string> = {'chef-client': 'true', ok: 'true', '': 'true'}

/** A fleet node with defaults applied (acks, succeeds quickly, simulated). */
export function fleetNode(name: string, overrides: Partial<Omit<FleetNode, 'name'>> = {}): FleetNode {
  return {
    name,
    runList: [],
    chefEnvironment: '_default',
    attributes: {},
    whitelist: {...DEFAULT_WHITELIST},
    online: true,
    vote: 'ack',
    run: 'succeed',
    delayMs: 20,
    exec: false,
    ...overrides,
  }
}

export function fleetOf(...nodes: FleetNode[]): Fleet {
  return {nodes}
}

export interface TestServerOptions {
  fleet?: Fleet
  timings?: Partial<ZeroTimings>
  pushVersion?: 1 | 2
  /** reuse a state directory (restart tests); a fresh temp dir otherwise */
  stateDir?: string
  /** keep the state directory when the server closes (restart tests) */
  keepStateDir?: boolean
  org?: string
  maxConcurrentExec?: number
}

export interface TestServer {
  server: ZeroServer
  /** every request the server answered, in order (the test's own hook; the server keeps none) */
  requests: RequestLogEntry[]
  /** the private key of server.userName */
  key: KeyObject
  port: number
  org: string
  userName: string
  stateDir: string
  /** `/organizations/ORG` */
  orgPath: string
  /** `/organizations/ORG/pushy` */
  pushy: string
  close(): Promise<void>
}

const tempDirs = new Set<string>()

export function makeTempDir(prefix = 'pushy-zero-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

export function removeTempDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
  tempDirs.delete(dir)
}

/** Starts a zero server on 127.0.0.1, port 0, in a temp state directory. Close it in after/afterEach. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const stateDir = options.stateDir ?? makeTempDir()
  seedZeroKey(stateDir)
  const requests: RequestLogEntry[] = []
  const serverOptions: ZeroServerOptions = {
    port: 0,
    stateDir,
    onRequest: (entry) => requests.push(entry),
    fleet: options.fleet ?? fleetOf(fleetNode('node-1'), fleetNode('node-2')),
    timings: {...FAST_TIMINGS, ...options.timings},
  }
  if (options.pushVersion !== undefined) serverOptions.pushVersion = options.pushVersion
  if (options.org !== undefined) serverOptions.org = options.org
  if (options.maxConcurrentExec !== undefined) serverOptions.maxConcurrentExec = options.maxConcurrentExec
  const server = await startZeroServer(serverOptions)
  const url = new URL(server.url)
  assert.equal(url.hostname, '127.0.0.1', 'zero must bind to loopback')
  const orgPath = url.pathname.replace(/\/$/, '')
  let closed = false
  return {
    server,
    requests,
    key: readPrivateKey(server.keyPath),
    port: server.port,
    org: server.org,
    userName: server.userName,
    stateDir,
    orgPath,
    pushy: `${orgPath}/pushy`,
    async close() {
      if (closed) return
      closed = true
      await server.close()
      if (!options.keepStateDir && options.stateDir === undefined) removeTempDir(stateDir)
    },
  }
}

/** A key pair the server does not know (bad-signature tests). */
export function strangerKey(): KeyObject {
  return fixtureKey('stranger')
}

export interface RequestOptions {
  method?: string
  /** a string is sent as is; an object is JSON-encoded */
  body?: string | Buffer | object
  /** extra headers; a `null` value removes a header the helper would set (e.g. accept) */
  headers?: Record<string, string | null>
  /** false: send no signing headers at all */
  sign?: boolean
  userId?: string
  key?: KeyObject
  version?: SigningVersion
  /** signing time (clock-skew tests) */
  date?: Date
  /** path that is signed, when it must differ from the one requested */
  signedPath?: string
  /** body that is signed, when it must differ from the one sent */
  signedBody?: string
  /** signing headers to drop after signing (names as signRequest makes them, case-insensitive) */
  omitSigningHeaders?: string[]
  /** replace signing header values after signing (e.g. X-Ops-Sign) */
  overrideSigningHeaders?: Record<string, string>
}

export interface Response {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
  /** parsed JSON body (throws with the body text when it is not JSON) */
  json(): any
}

function buildHeaders(ts: TestServer, method: string, path: string, body: Buffer | undefined, options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {host: `127.0.0.1:${ts.port}`, accept: 'application/json'}
  if (body !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(body.length)
  }

  if (options.sign !== false) {
    const signed = signRequest({
      method,
      path: options.signedPath ?? path,
      body: options.signedBody ?? body ?? '',
      userId: options.userId ?? ts.userName,
      key: options.key ?? ts.key,
      version: options.version ?? '1.1',
      serverApiVersion: '1',
      date: options.date,
    })
    const omit = new Set((options.omitSigningHeaders ?? []).map((name) => name.toLowerCase()))
    const overrides = Object.fromEntries(Object.entries(options.overrideSigningHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    for (const [name, value] of Object.entries(signed)) {
      const lower = name.toLowerCase()
      if (omit.has(lower)) continue
      headers[lower] = overrides[lower] ?? value
    }
  }

  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name.toLowerCase()]
    else headers[name.toLowerCase()] = value
  }

  return headers
}

function encodeBody(body: RequestOptions['body']): Buffer | undefined {
  if (body === undefined) return undefined
  if (Buffer.isBuffer(body)) return body
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
}

/** `path` is absolute (`/organizations/…` or `/pushy/_status`), query allowed. */
export function request(ts: TestServer, path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST')
  const body = encodeBody(options.body)
  const headers = buildHeaders(ts, method, path, body, options)
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: '127.0.0.1', port: ts.port, method, path, headers}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const buffer = Buffer.concat(chunks)
        const text = buffer.toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buffer,
          text,
          json() {
            try {
              return JSON.parse(text)
            } catch {
              throw new Error(`${method} ${path}: body is not JSON (status ${res.statusCode}): ${JSON.stringify(text.slice(0, 300))}`)
            }
          },
        })
      })
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

/** GET relative to the org's pushy path: `pushyGet(ts, 'jobs/ID')`. */
export const pushyGet = (ts: TestServer, rel: string, options: RequestOptions = {}): Promise<Response> =>
  request(ts, `${ts.pushy}/${rel}`, {...options, method: options.method ?? 'GET'})

export interface PostJobResult {
  response: Response
  id: string
}

/** POST jobs with a JSON body; asserts 201 and returns the id (last 32 characters of uri). */
export async function startJob(ts: TestServer, body: object, options: RequestOptions = {}): Promise<PostJobResult> {
  const response = await request(ts, `${ts.pushy}/jobs`, {...options, method: 'POST', body})
  assert.equal(response.status, 201, `POST jobs ${JSON.stringify(body)} → ${response.status} ${response.text}`)
  const uri: string = response.json().uri
  return {response, id: uri.slice(-32)}
}

export async function getJob(ts: TestServer, id: string, query = ''): Promise<any> {
  const response = await pushyGet(ts, `jobs/${id}${query}`)
  assert.equal(response.status, 200, `GET jobs/${id} → ${response.status} ${response.text}`)
  return response.json()
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export {pollUntil}

export const TERMINAL = ['complete', 'quorum_failed', 'crashed', 'aborted', 'timed_out']

/** Polls GET jobs/ID until the job status is one of `statuses` (default: any terminal one). */
export async function waitForJobStatus(ts: TestServer, id: string, statuses: string | string[] = TERMINAL, timeoutMs = 5_000): Promise<any> {
  const wanted = Array.isArray(statuses) ? statuses : [statuses]
  let lastStatus: string | undefined
  try {
    return await pollUntil(
      `job ${id} to reach ${wanted.join('|')}`,
      async () => {
        const job = await getJob(ts, id)
        lastStatus = job.status
        if (wanted.includes(job.status)) return job
        if (TERMINAL.includes(job.status)) throw new Error(`job ${id} ended ${job.status} (${JSON.stringify(job.nodes)}), wanted ${wanted.join('|')}`)
        return undefined
      },
      timeoutMs,
    )
  } catch (error) {
    if (lastStatus !== undefined) (error as Error).message += ` [last status ${lastStatus}]`
    throw error
  }
}

/**
 * Polls /pushy/_status until job `id` is no longer among its job_processes: completeWait is over
 * and its feed now answers with the one `summary` event.
 */
export async function waitForJobProcessExit(ts: TestServer, id: string, timeoutMs = 5_000): Promise<void> {
  await pollUntil(
    `the process of job ${id} to exit`,
    async () => ((await request(ts, '/pushy/_status', {sign: false})).json().job_processes.includes(id) ? undefined : true),
    timeoutMs,
  )
}

/** `nodes` with every name list sorted, for deepEqual. */
export function sortedNodes(nodes: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const key of Object.keys(nodes ?? {}).sort()) out[key] = [...(nodes ?? {})[key]].sort()
  return out
}

// ---------------------------------------------------------------------------------------------
// SSE

export interface SseEvent {
  event?: string
  id?: string
  /** raw data lines joined with \n */
  rawData: string
  /** parsed JSON of rawData (undefined when it does not parse) */
  data: any
}

export interface SseParse {
  events: SseEvent[]
  /** comment lines without the leading ':' (e.g. `keepalive`) */
  comments: string[]
}

/**
 * Parses an SSE body. Like pedant's sse_util.rb it **flushes the pending event at EOF**, because
 * the real server ends some responses without the blank line that terminates the last event.
 */
export function parseSse(body: Buffer | string): SseParse {
  const text = typeof body === 'string' ? body : body.toString('utf8')
  const events: SseEvent[] = []
  const comments: string[] = []
  let current: {event?: string; id?: string; data: string[]} = {data: []}
  let pending = false
  const flush = () => {
    if (pending) {
      const rawData = current.data.join('\n')
      let data: any
      try {
        data = JSON.parse(rawData)
      } catch {
        data = undefined
      }
      const event: SseEvent = {rawData, data}
      if (current.event !== undefined) event.event = current.event
      if (current.id !== undefined) event.id = current.id
      events.push(event)
    }
    current = {data: []}
    pending = false
  }

  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      flush()
      continue
    }
    if (line.startsWith(':')) {
      comments.push(line.slice(1))
      continue
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    pending = true
    if (field === 'event') current.event = value
    else if (field === 'id') current.id = value
    else if (field === 'data') current.data.push(value)
  }

  flush()
  return {events, comments}
}

export interface FeedOptions {
  lastEventId?: string
  /** default text/event-stream; null: no Accept header */
  accept?: string | null
  headers?: Record<string, string | null>
}

export interface Feed {
  status: number
  headers: IncomingHttpHeaders
  /** every byte received so far */
  raw(): Buffer
  /** events parsed from raw() (flushing at EOF) */
  events(): SseEvent[]
  /** resolves with every byte once the server ends the response */
  done: Promise<Buffer>
  ended(): boolean
  /** waits until an event satisfies `predicate` (or fails after timeoutMs) */
  waitForEvent(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>
  /** waits until raw() satisfies `predicate` */
  waitForRaw(predicate: (raw: string) => boolean, timeoutMs?: number): Promise<string>
  /** waits for the server to end the response */
  waitForEnd(timeoutMs?: number): Promise<Buffer>
  /** aborts the connection (client side) */
  close(): void
}

/** Opens a feed (or any GET) and keeps the exact bytes received. Resolves once headers arrive. */
export function openFeed(ts: TestServer, path: string, options: FeedOptions = {}): Promise<Feed> {
  const headers: Record<string, string | null> = {accept: options.accept === undefined ? 'text/event-stream' : options.accept, ...options.headers}
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
  const built = buildHeaders(ts, 'GET', path, undefined, {headers})
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: '127.0.0.1', port: ts.port, method: 'GET', path, headers: built}, (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      let isEnded = false
      let resolveDone!: (buffer: Buffer) => void
      const done = new Promise<Buffer>((r) => {
        resolveDone = r
      })
      const finish = () => {
        if (isEnded) return
        isEnded = true
        resolveDone(Buffer.concat(chunks))
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', finish)
      res.on('close', finish)
      res.on('error', finish)
      const raw = () => Buffer.concat(chunks)
      const until = async <T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> => {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const value = check()
          if (value !== undefined) return value
          if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(raw().toString('utf8'))}`)
          if (isEnded && check() === undefined) throw new Error(`feed ended while waiting for ${what}; got ${JSON.stringify(raw().toString('utf8'))}`)
          await sleep(10)
        }
      }
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        raw,
        events: () => parseSse(raw()).events,
        done,
        ended: () => isEnded,
        waitForEvent: (predicate, timeoutMs = 5_000) => until('an SSE event', () => parseSse(raw()).events.find(predicate), timeoutMs),
        waitForRaw: (predicate, timeoutMs = 5_000) =>
          until(
            'feed bytes',
            () => {
              const text = raw().toString('utf8')
              return predicate(text) ? text : undefined
            },
            timeoutMs,
          ),
        async waitForEnd(timeoutMs = 5_000) {
          const timer = sleep(timeoutMs).then(() => {
            throw new Error(`feed did not end within ${timeoutMs} ms; got ${JSON.stringify(raw().toString('utf8'))}`)
          })
          return Promise.race([done, timer])
        },
        close() {
          req.destroy()
          res.destroy()
        },
      })
    })
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error)
    })
    req.end()
  })
}

/** Reads a whole feed response (for responses that end by themselves). */
export async function readFeed(ts: TestServer, path: string, options: FeedOptions = {}, timeoutMs = 5_000): Promise<{status: number; headers: IncomingHttpHeaders; raw: Buffer}> {
  const feed = await openFeed(ts, path, options)
  try {
    const raw = await feed.waitForEnd(timeoutMs)
    return {status: feed.status, headers: feed.headers, raw}
  } finally {
    feed.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes

/** `Thu, 21 May 2020 13:14:32 GMT` */
export const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
/** `2014-07-10 05:17:44.995958Z` */
export const SSE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}Z$/
export const JOB_ID = /^[0-9a-f]{32}$/

export const parseSseTimestamp = (value: string): number => Date.parse(value.replace(' ', 'T'))

/** Asserts a 404 is webmachine's HTML page, not JSON. */
export function assertHtml404(response: {status: number; headers: IncomingHttpHeaders; text: string}, what: string): void {
  assert.equal(response.status, 404, `${what}: status ${response.status} ${response.text}`)
  assert.match(String(response.headers['content-type'] ?? ''), /^text\/html/, `${what}: content-type ${response.headers['content-type']}`)
  let isJson = true
  try {
    JSON.parse(response.text)
  } catch {
    isJson = false
  }
  assert.ok(!isJson, `${what}: a 404 has webmachine's HTML body, not JSON: ${response.text}`)
}

export interface RunResult {
  id: string
  /** final GET jobs/ID */
  job: any
  /** every event of the job feed, opened right after the POST and read to its end */
  events: SseEvent[]
  /** the exact bytes of that feed response */
  raw: Buffer
}

/** POSTs a job, follows its feed to the end, then GETs the final job. */
export async function runJob(ts: TestServer, body: object, timeoutMs = 5_000): Promise<RunResult> {
  const {id} = await startJob(ts, body)
  const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`)
  assert.equal(feed.status, 200, `job feed of ${id}: ${feed.status}`)
  let raw: Buffer
  try {
    raw = await feed.waitForEnd(timeoutMs)
  } finally {
    feed.close()
  }
  const job = await waitForJobStatus(ts, id, TERMINAL, timeoutMs)
  return {id, job, events: parseSse(raw).events, raw}
}

/** `event` or `event(status)` or `event@node` names, for comparing sequences. */
export function eventNames(events: SseEvent[], options: {node?: boolean; status?: boolean} = {status: true}): string[] {
  return events.map((e) => {
    let name = e.event ?? '?'
    if (options.status && e.data?.status !== undefined) name += `(${e.data.status})`
    if (options.node && e.data?.node !== undefined) name += `@${e.data.node}`
    return name
  })
}
