// One job's process: voting, running, finishing, with the node-status tables applied to whatever the
// nodes send. Node statuses are counted per status so that every check is O(1) (10,000-node jobs).
import {IN_PROGRESS_NODE_STATUSES, type Job, type JobStatus, type NodeStatus} from '../../api/types.js'
import type {ZeroEvent, ZeroTimings} from '../types.js'
import {EventLog} from './events.js'
import type {JobContext, NodeAgent, NodeMessage, NodeOutput} from './node-agent.js'
import {rfc1123} from './time.js'
import {decodeJobFile} from '../../job/file.js'

/** What is persisted of a job besides its node statuses and events. */
export interface JobRecord {
  id: string
  command: string
  status: JobStatus
  runTimeout: number
  quorum: number
  createdAt: string
  updatedAt: string
  /** the X-Ops-UserId that started the job (`user` in the start event) */
  requestor: string
  user?: string
  dir?: string
  env?: Record<string, string>
  file?: string
  captureOutput: boolean
}

export interface JobHooks {
  /** a status changed: `jobStatus` true when the job's own status did (write now), else debounce */
  changed(job: JobRun, jobStatus: boolean): void
  /** `start` and `job_complete`, for the org feed */
  orgEvent(job: JobRun, event: ZeroEvent): void
  /** the process exited (completeWait after finishing) */
  exited(job: JobRun): void
}

interface Deps {
  agents: ReadonlyMap<string, NodeAgent>
  timings: ZeroTimings
  now: () => Date
  hooks: JobHooks
  dirExists: boolean
}

// setTimeout fires at once for delays above 2^31-1 ms, so longer run timeouts are clamped (24.8 days)
const MAX_TIMER_MS = 2 ** 31 - 1

/** GET jobs/ID (and GET jobs without `nodes`): optional fields only when set. */
export function jobView(record: JobRecord, nodes: ReadonlyMap<string, NodeStatus> | undefined, includeFile = false): Job {
  const job: Job = {} as Job
  if (nodes) {
    const grouped: Partial<Record<NodeStatus, string[]>> = {}
    for (const [name, status] of nodes) (grouped[status] ??= []).push(name)
    job.nodes = grouped
  }
  Object.assign(job, {id: record.id, command: record.command, status: record.status, run_timeout: record.runTimeout, created_at: record.createdAt, updated_at: record.updatedAt})
  if (record.user !== undefined) job.user = record.user
  if (record.dir !== undefined) job.dir = record.dir
  if (record.env !== undefined) job.env = record.env
  if (record.captureOutput) job.capture_output = true
  if (record.file !== undefined) {
    if (includeFile) job.file = record.file
    else job.file_specified = true
  }
  return job
}

export class JobRun {
  readonly log: EventLog
  /** captured output of nodes that finished; released once persisted and the process exited */
  outputs = new Map<string, NodeOutput>()
  /** outputs not yet written to the state directory */
  unsavedOutputs: string[] = []
  alive = true
  finishedAt: number | undefined
  private readonly counts = new Map<NodeStatus, number>()
  private inbox: Array<[string, NodeMessage, NodeOutput | undefined]> = []
  private drainScheduled = false
  private votingTimer: NodeJS.Timeout | undefined
  private runTimer: NodeJS.Timeout | undefined
  private exitTimer: NodeJS.Timeout | undefined
  private readonly context: JobContext

  constructor(
    readonly record: JobRecord,
    readonly nodes: Map<string, NodeStatus>,
    private readonly deps: Deps,
  ) {
    this.log = new EventLog(deps.now)
    for (const status of nodes.values()) this.counts.set(status, this.count(status) + 1)
    const {file} = record
    this.context = {
      id: record.id,
      command: record.command,
      user: record.user,
      dir: record.dir,
      dirExists: deps.dirExists,
      env: record.env,
      file: file === undefined ? undefined : decodeJobFile(file),
      capture: record.captureOutput,
      send: (node, message, output) => this.receive(node, message, output),
    }
  }

  get id(): string {
    return this.record.id
  }

  get finished(): boolean {
    return this.finishedAt !== undefined
  }

  /** new → voting: the start event, down nodes, commits; votes arrive asynchronously */
  start(): void {
    const {record} = this
    this.setJobStatus('voting')
    const start = this.log.emit('start', startFields(record, this.nodes.size))
    this.deps.hooks.orgEvent(this, start)
    for (const name of this.nodes.keys()) {
      const agent = this.deps.agents.get(name)
      if (agent?.online) {
        agent.commit(this.context)
      } else {
        this.setNode(name, 'unavailable')
        this.vote(name, 'down')
        this.rehab(name)
      }
    }
    this.deps.hooks.changed(this, true)
    this.votingTimer = setTimeout(() => this.votingTimedOut(), this.deps.timings.votingTimeoutMs)
    // quorum is evaluated asynchronously even when every node was down, so the job is `voting` now
    this.scheduleDrain()
  }

  /** engine close: stop every timer; the job is left as it is (crashed on the next start) */
  stop(): void {
    clearTimeout(this.votingTimer)
    clearTimeout(this.runTimer)
    clearTimeout(this.exitTimer)
    this.inbox = []
    if (!this.finished) this.releaseAgents()
    this.alive = false
    this.log.end()
  }

  private count(status: NodeStatus): number {
    return this.counts.get(status) ?? 0
  }

  private receive(node: string, message: NodeMessage, output: NodeOutput | undefined): void {
    this.inbox.push([node, message, output])
    this.scheduleDrain()
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return
    this.drainScheduled = true
    setImmediate(() => {
      this.drainScheduled = false
      const batch = this.inbox
      this.inbox = []
      for (const [node, message, output] of batch) this.handle(node, message, output)
      this.progress()
    })
  }

  private handle(node: string, message: NodeMessage, output: NodeOutput | undefined): void {
    const status = this.nodes.get(node)
    if (status === undefined) return
    if (this.record.status === 'voting') this.handleVoting(node, status, message)
    else if (this.record.status === 'running') this.handleRunning(node, status, message, output)
    // a finished job ignores stragglers; the agents were rehabbed when it finished
  }

  /** the node-status table "during voting" */
  private handleVoting(node: string, status: NodeStatus, message: NodeMessage): void {
    const live = IN_PROGRESS_NODE_STATUSES.includes(status)
    if (message === 'down') {
      if (live) this.setNode(node, 'unavailable')
      this.vote(node, 'down')
      this.rehab(node)
    } else if ((message === 'ack_commit' || message === 'nack_commit') && !live) {
      this.rehab(node)
      this.vote(node, 'client_died_while_voting')
    } else if (message === 'ack_commit') {
      if (status === 'new') this.setNode(node, 'ready')
      this.vote(node, status === 'new' ? 'success' : 'unexpected_commit')
    } else if (message === 'nack_commit' && status === 'new') {
      this.setNode(node, 'nacked')
      this.vote(node, 'failure')
    } else if (message === 'nack_commit') {
      this.setNode(node, 'unavailable')
      this.rehab(node)
      this.vote(node, 'lost_availibility')
    } else {
      if (live) this.setNode(node, 'unavailable')
      this.rehab(node)
    }
  }

  /** the node-status table "during running" */
  private handleRunning(node: string, status: NodeStatus, message: NodeMessage, output: NodeOutput | undefined): void {
    if (!IN_PROGRESS_NODE_STATUSES.includes(status)) {
      if (message === 'ack_run') {
        this.runComplete(node, 'client_died_while_running')
        this.rehab(node)
      } else {
        this.rehab(node)
        this.runComplete(node, 'client_died_while_running')
      }
    } else if (message === 'ack_run') {
      if (status === 'ready') {
        this.setNode(node, 'running')
        this.log.emit('run_start', {node})
      }
    } else if ((message === 'succeeded' || message === 'failed') && status === 'running') {
      if (output) {
        this.outputs.set(node, output)
        this.unsavedOutputs.push(node)
      }
      this.setNode(node, message)
      this.runComplete(node, message === 'succeeded' ? 'success' : 'failure')
    } else {
      this.setNode(node, 'crashed')
      this.rehab(node)
      this.runComplete(node, 'crashed')
    }
  }

  /** after each batch of messages: has voting or running ended? */
  private progress(): void {
    if (this.record.status === 'voting' && this.count('new') === 0) this.endVoting()
    else if (this.record.status === 'running' && this.count('ready') === 0 && this.count('running') === 0) this.finish('complete')
  }

  private votingTimedOut(): void {
    if (this.record.status !== 'voting') return
    for (const [node, status] of this.nodes) {
      if (status !== 'new') continue
      this.setNode(node, 'unavailable')
      this.vote(node, 'voting_timeout')
    }
    this.endVoting()
  }

  private endVoting(): void {
    clearTimeout(this.votingTimer)
    const ready = [...this.nodes].filter(([, status]) => status === 'ready').map(([node]) => node)
    if (ready.length < this.record.quorum) {
      for (const node of ready) {
        this.setNode(node, 'was_ready')
        this.deps.agents.get(node)?.abort(this.id)
      }
      this.finish('quorum_failed')
      return
    }
    this.setJobStatus('running')
    this.log.emit('quorum_succeeded')
    this.deps.hooks.changed(this, true)
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, this.record.runTimeout * 1000))
    this.runTimer = setTimeout(() => this.runTimedOut(), ms)
    for (const node of ready) this.deps.agents.get(node)?.run(this.context)
    this.progress()
  }

  private runTimedOut(): void {
    if (this.record.status !== 'running') return
    for (const [node, status] of this.nodes) {
      if (status === 'ready' || status === 'running') this.setNode(node, 'timed_out')
    }
    this.finish('timed_out')
  }

  private finish(status: 'complete' | 'quorum_failed' | 'timed_out'): void {
    clearTimeout(this.votingTimer)
    clearTimeout(this.runTimer)
    this.finishedAt = this.deps.now().getTime()
    this.setJobStatus(status)
    this.releaseAgents()
    const complete = this.log.emit('job_complete', {status})
    this.deps.hooks.changed(this, true)
    this.deps.hooks.orgEvent(this, complete)
    this.log.end()
    // the process stays around completeWait to replay its feed; it must not keep Node running
    this.exitTimer = setTimeout(() => {
      this.alive = false
      this.deps.hooks.exited(this)
    }, this.deps.timings.completeWaitMs).unref()
  }

  /** nodes still committed to this job are rehabbed silently (was_ready, timed_out, stragglers) */
  private releaseAgents(): void {
    for (const node of this.nodes.keys()) this.deps.agents.get(node)?.abort(this.id)
  }

  /** callers persist (hooks.changed) once the events that go with the change are emitted */
  private setJobStatus(status: JobStatus): void {
    this.record.status = status
    this.record.updatedAt = rfc1123(this.deps.now())
  }

  private setNode(node: string, status: NodeStatus): void {
    const old = this.nodes.get(node)!
    this.counts.set(old, this.count(old) - 1)
    this.counts.set(status, this.count(status) + 1)
    this.nodes.set(node, status)
    this.deps.hooks.changed(this, false)
  }

  private vote(node: string, status: string): void {
    this.log.emit('quorum_vote', {node, status})
  }

  private runComplete(node: string, status: string): void {
    this.log.emit('run_complete', {node, status})
  }

  private rehab(node: string): void {
    this.log.emit('rehab', {node})
    this.deps.agents.get(node)?.abort(this.id)
  }
}

/** the `start` event's fields in the server's order, without timestamp */
function startFields(record: JobRecord, nodeCount: number): Record<string, unknown> {
  const fields: Record<string, unknown> = {command: record.command, run_timeout: record.runTimeout, quorum: record.quorum, node_count: nodeCount, user: record.requestor}
  if (record.user !== undefined) fields.job_user = record.user
  if (record.dir !== undefined) fields.dir = record.dir
  if (record.env !== undefined) fields.env = record.env
  if (record.file !== undefined) fields.file_specified = true
  fields.capture = record.captureOutput
  return fields
}
