// A small in-memory Engine and a handler-only server around it, so the HTTP front is tested
// without the real engine (its timing and persistence are not what these tests are about).
import {createPrivateKey, createPublicKey, type KeyObject} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {createServer, request, type IncomingHttpHeaders} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Job} from '../../../../src/lib/api/types.js'
import {fixtureKey, fixtureKeyPem} from '../../../helpers/keys.js'
import type {SigningVersion} from '../../../../src/lib/signing/canonical.js'
import {signRequest} from '../../../../src/lib/signing/sign.js'
import type {KeyRing} from '../../../../src/lib/zero/http/auth.js'
import {createRequestHandler} from '../../../../src/lib/zero/http/handler.js'
import type {SseStream} from '../../../../src/lib/zero/http/sse.js'
import type {Engine, JobFeed, JobStartRequest, NodeObject, OrgFeed, RequestLogEntry, ZeroEvent} from '../../../../src/lib/zero/types.js'

export const ORG = 'acme'
export const JOB_ID = 'a'.repeat(32)

// Fixed keys (key generation would dominate these tests' run time): the admin reuses the
// signing-vectors key, the member and the stranger are fixture keys.
const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/chef-signing-vectors.json', import.meta.url), 'utf8')) as {private_key_pem: string}
const adminPrivate = createPrivateKey(vectors.private_key_pem)
const pairOf = (privateKey: KeyObject): {privateKey: KeyObject; publicKey: KeyObject} => ({privateKey, publicKey: createPublicKey(privateKey)})
export const adminKeys = {privateKey: adminPrivate, publicKey: createPublicKey(adminPrivate)}
export const memberKeys = pairOf(createPrivateKey(fixtureKeyPem('pool-4')))
export const strangerKeys = pairOf(fixtureKey('stranger'))

export const stubNode = (name: string, automatic: Record<string, unknown> = {}): NodeObject => ({
  name,
  chef_type: 'node',
  json_class: 'Chef::Node',
  chef_environment: '_default',
  run_list: ['role[web]'],
  normal: {},
  automatic,
  default: {},
  override: {},
})

export const event = (n: number, name: string, data: Record<string, unknown> = {}): ZeroEvent => ({event: name, id: `job-${n}`, data: {timestamp: `2020-01-01 00:00:0${n}.000000Z`, ...data}})

export class StubEngine implements Engine {
  readonly org = ORG
  started: Array<{request: JobStartRequest; requestor: string}> = []
  jobFeedAnswer: JobFeed | undefined
  orgListeners = new Set<(event: ZeroEvent) => void>()
  closed = false
  job: Job = {nodes: {succeeded: ['web-1']}, id: JOB_ID, command: 'chef-client', status: 'complete', run_timeout: 3600, created_at: 'x', updated_at: 'y', file_specified: true}
  nodeList = [stubNode('web-2', {platform: 'ubuntu'}), stubNode('web-1', {platform: 'centos'}), stubNode('db-1')]

  startJob(request: JobStartRequest, requestor: string): Job {
    this.started.push({request, requestor})
    return {...this.job, id: 'b'.repeat(32), status: 'voting'}
  }

  getJob(id: string, options?: {includeFile?: boolean}): Job | undefined {
    if (id !== JOB_ID) return undefined
    if (!options?.includeFile) return this.job
    const {file_specified: _, ...rest} = this.job
    return {...rest, file: 'raw:hello'}
  }

  listJobs(): Job[] {
    return [this.job]
  }

  onlineNodeStates() {
    return [{node_name: 'web-1', availability: 'available' as const}]
  }

  nodeState(name: string) {
    return {node_name: name, status: 'offline' as const, availability: 'unavailable' as const}
  }

  output(jobId: string, node: string, channel: 'stdout' | 'stderr'): Buffer | undefined {
    return jobId === JOB_ID && node === 'web-1' && channel === 'stdout' ? Buffer.from([0, 1, 2, 255]) : undefined
  }

  jobFeed(jobId: string): JobFeed | undefined {
    return jobId === JOB_ID ? this.jobFeedAnswer : undefined
  }

  orgFeed(): OrgFeed {
    return {
      backlog: [],
      subscribe: (listener) => {
        this.orgListeners.add(listener)
        return () => this.orgListeners.delete(listener)
      },
    }
  }

  nodes(): NodeObject[] {
    return this.nodeList
  }

  liveJobIds(): string[] {
    return [JOB_ID]
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

export interface StubServer {
  engine: StubEngine
  port: number
  requests: RequestLogEntry[]
  streams: Set<SseStream>
  close(): Promise<void>
}

export async function startStub(options: {pushVersion?: 1 | 2; keepaliveMs?: number} = {}): Promise<StubServer> {
  const engine = new StubEngine()
  const keys: KeyRing = {
    lookup: (userId) =>
      userId === 'admin' ? {key: adminKeys.publicKey, role: 'admin'} : userId === 'member' ? {key: memberKeys.publicKey, role: 'member'} : undefined,
  }
  const requests: RequestLogEntry[] = []
  const streams = new Set<SseStream>()
  let port = 0
  const server = createServer(
    createRequestHandler({engine, keys, pushVersion: options.pushVersion ?? 2, keepaliveMs: options.keepaliveMs ?? 60_000, port: () => port, onRequest: (e) => requests.push(e), streams}),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  return {
    engine,
    port,
    requests,
    streams,
    close: () =>
      new Promise((resolve) => {
        for (const stream of streams) stream.end()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface CallOptions {
  method?: string
  body?: string
  /** signing user; undefined: no signature */
  as?: 'admin' | 'member' | 'stranger' | 'unknown'
  version?: SigningVersion
  date?: Date
  headers?: Record<string, string>
  /** headers to leave out after signing (any case) */
  omit?: string[]
}

export interface CallResult {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export function call(port: number, path: string, options: CallOptions = {}): Promise<CallResult> {
  const method = options.method ?? 'GET'
  // An explicit length: node sends a DELETE body unframed otherwise.
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(options.body === undefined ? {} : {'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(options.body))}),
  }
  if (options.as) {
    const key = options.as === 'admin' ? adminKeys.privateKey : options.as === 'member' ? memberKeys.privateKey : strangerKeys.privateKey
    const userId = options.as === 'stranger' ? 'admin' : options.as
    Object.assign(headers, signRequest({method, path, body: options.body, userId, key, version: options.version ?? '1.3', serverApiVersion: '1', date: options.date}))
  }

  Object.assign(headers, options.headers)
  const omitted = new Set(options.omit?.map((name) => name.toLowerCase()))
  for (const name of Object.keys(headers)) if (omitted.has(name.toLowerCase())) delete headers[name]
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, method, path, headers}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('latin1')}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(options.body)
  })
}
