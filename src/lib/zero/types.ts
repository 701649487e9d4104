// Contracts of the local Push Jobs server ("zero"): the engine (jobs, nodes, events, persistence)
// and the HTTP front (routes, auth, validation, SSE framing, search) meet here.
import type {Job, NodeState, NodeStateListEntry} from '../api/types.js'

/** Server timings. Real defaults: 60 s, 15 s, 5 s, 60 s. Tests shrink them. */
export interface ZeroTimings {
  votingTimeoutMs: number
  keepaliveMs: number
  completeWaitMs: number
  orgFeedExpirationMs: number
}

export const DEFAULT_TIMINGS: ZeroTimings = {votingTimeoutMs: 60_000, keepaliveMs: 15_000, completeWaitMs: 5_000, orgFeedExpirationMs: 60_000}

/** One node of the fleet file (docs/local-mode.md, "The fleet file"), defaults applied. */
export interface FleetNode {
  name: string
  runList: string[]
  chefEnvironment: string
  attributes: Record<string, unknown>
  whitelist: Record<string, string>
  online: boolean
  vote: 'ack' | 'nack' | 'ignore'
  run: 'succeed' | 'fail' | 'crash' | 'hang'
  delayMs: number
  exec: boolean
}

export interface Fleet {
  nodes: FleetNode[]
}

/** A POST jobs body that passed validation. */
export interface JobStartRequest {
  command: string
  nodes: string[]
  quorum?: number
  runTimeout?: number
  user?: string
  dir?: string
  env?: Record<string, string>
  /** the raw `raw:…`/`base64:…` string */
  file?: string
  captureOutput?: boolean
}

/** An SSE event: `data` keys in the order the real server emits them, `timestamp` first. */
export interface ZeroEvent {
  event: string
  id: string
  data: Record<string, unknown>
}

/** What the job feed must do for a request, decided by the engine. */
export type JobFeed =
  /** job process alive and not finished: send `backlog`, then live events; ends after job_complete */
  | {kind: 'live'; backlog: ZeroEvent[]; subscribe(listener: (event: ZeroEvent) => void, onEnd: () => void): () => void}
  /** finished less than completeWait ago: send `backlog` and close; nothing after the last event's data line */
  | {kind: 'finished'; backlog: ZeroEvent[]}
  /** finished long ago: one `summary` event (id job-1), no trailing newline at all */
  | {kind: 'summary'; event: ZeroEvent}

export interface OrgFeed {
  backlog: ZeroEvent[]
  subscribe(listener: (event: ZeroEvent) => void): () => void
}

/** A Chef node object as search returns it. */
export interface NodeObject {
  name: string
  chef_type: 'node'
  json_class: 'Chef::Node'
  chef_environment: string
  run_list: string[]
  normal: Record<string, unknown>
  automatic: Record<string, unknown>
  default: Record<string, unknown>
  override: Record<string, unknown>
}

export interface Engine {
  readonly org: string
  /** Creates the job synchronously; it is already `voting` when this returns. */
  startJob(request: JobStartRequest, requestor: string): Job
  /** GET jobs/ID body: nodes grouped by status, optional fields only when set. */
  getJob(id: string, options?: {includeFile?: boolean}): Job | undefined
  /** GET jobs body: no nodes, no quorum. */
  listJobs(): Job[]
  /** GET node_states: online nodes only. */
  onlineNodeStates(): NodeStateListEntry[]
  /** GET node_states/NODE: always an answer (unknown → offline/unavailable). */
  nodeState(name: string): NodeState
  /** captured output, undefined when there is none (→ 404) */
  output(jobId: string, node: string, channel: 'stdout' | 'stderr'): Buffer | undefined
  jobFeed(jobId: string, lastEventId: string | undefined): JobFeed | undefined
  orgFeed(lastEventId: string | undefined): OrgFeed
  /** node objects for search */
  nodes(): NodeObject[]
  /** jobs whose process is alive (voting, running, or within completeWait of finishing) */
  liveJobIds(): string[]
  /** stops timers and children; jobs still live are persisted as they are (crashed on next start) */
  close(): Promise<void>
}

export interface EngineOptions {
  org: string
  fleet: Fleet
  /** where jobs, node outputs and events persist; undefined = memory only */
  stateDir?: string
  timings?: Partial<ZeroTimings>
  /** cap on concurrent child processes for exec nodes */
  maxConcurrentExec?: number
  now?: () => Date
}

export interface RequestLogEntry {
  method: string
  /** path and query as received */
  url: string
  status: number
  userId?: string
  at: string
}

export interface ZeroServerOptions {
  /** 0 or undefined: any free port */
  port?: number
  org?: string
  stateDir: string
  /** a fleet object, a YAML file path, or undefined for the built-in default fleet */
  fleet?: Fleet | string
  timings?: Partial<ZeroTimings>
  maxConcurrentExec?: number
  /** 1: behave as a Push Jobs 1.x server (no feed or output routes, 1.x POST keys only) */
  pushVersion?: 1 | 2
  /**
   * Called once per request when its status is decided (`-V` logging, tests). The server keeps
   * no log of its own, so a long-running `pushy zero` does not grow with every request.
   */
  onRequest?: (entry: RequestLogEntry) => void
}

export interface ZeroServer {
  /** chef_server_url: http://127.0.0.1:PORT/organizations/ORG */
  url: string
  port: number
  org: string
  /** the user local mode signs as */
  userName: string
  /** the PEM the server knows for userName (made in the state directory) */
  keyPath: string
  /** the nodes it simulates */
  fleet: Fleet
  /** ends every open feed connection abruptly, as a dropped network would (tests) */
  dropFeedConnections(): void
  close(): Promise<void>
}
