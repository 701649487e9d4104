// Turns feed events (or successive polled jobs) into per-node states and counts, reporting each node
// transition exactly once. Mappings follow the real server's job and feed states.
import {IN_PROGRESS_NODE_STATUSES, JOB_STATUSES, NODE_STATUSES, type FeedEvent, type Job, type JobStatus, type NodeStatus} from '../api/types.js'

export interface NodeTransition {
  node: string
  from: NodeStatus
  to: NodeStatus
}

export type NodeCounts = Record<NodeStatus, number>

const QUORUM_VOTE: Record<string, NodeStatus | undefined> = {
  success: 'ready',
  failure: 'nacked',
  down: 'unavailable',
  voting_timeout: 'unavailable',
  lost_availibility: 'unavailable', // sic: the server's spelling
  client_died_while_voting: 'unavailable',
  unexpected_commit: undefined,
}

const RUN_COMPLETE: Record<string, NodeStatus | undefined> = {
  success: 'succeeded',
  failure: 'failed',
  run_nacked: 'failed',
  run_nacked_while_running: 'failed',
  crashed: 'crashed',
  client_died_while_running: 'crashed',
}


export class NodeTracker {
  #status: JobStatus = 'new'
  #declaredTotal = 0
  readonly #nodes = new Map<string, NodeStatus>()
  /** nodes of #nodes per status, kept as nodes move: counts() is read for every feed event */
  readonly #known: NodeCounts = zeroCounts()
  readonly #history: NodeTransition[] = []

  get status(): JobStatus {
    return this.#status
  }

  /** node_count from `start`, or the nodes seen, whichever is larger */
  get total(): number {
    return Math.max(this.#declaredTotal, this.#nodes.size)
  }

  /** Every transition so far, in order. */
  get transitions(): readonly NodeTransition[] {
    return this.#history
  }

  nodeStatus(node: string): NodeStatus | undefined {
    return this.#nodes.get(node)
  }

  /** Nodes not named by any event yet are counted as `new`, so the counts always add up to the total. */
  counts(): NodeCounts {
    const counts = {...this.#known}
    counts.new += this.total - this.#nodes.size
    return counts
  }

  /** Applies one feed event; returns the transitions it caused. */
  applyEvent(event: FeedEvent): NodeTransition[] {
    const {data} = event
    const node = typeof data.node === 'string' ? data.node : undefined
    const status = typeof data.status === 'string' ? data.status : undefined
    switch (event.event) {
      case 'start':
        this.#status = 'voting'
        if (typeof data.node_count === 'number') this.#declaredTotal = data.node_count
        return []
      case 'quorum_vote':
        return this.#progress(node, QUORUM_VOTE[status ?? ''])
      case 'quorum_succeeded':
        this.#status = 'running'
        return []
      case 'run_start':
        return this.#progress(node, 'running')
      case 'run_complete':
        return this.#progress(node, RUN_COMPLETE[status ?? ''])
      case 'job_complete':
        return this.#complete(status)
      case 'summary':
        return this.applyJob(data as unknown as Job)
      default:
        return [] // rehab and anything newer change no state
    }
  }

  /** Applies a job from GET jobs/ID (or a `summary`): the server's word is final, terminal or not. */
  applyJob(job: Job): NodeTransition[] {
    if (isJobStatus(job.status)) this.#status = job.status
    const transitions: NodeTransition[] = []
    for (const [status, names] of Object.entries(job.nodes ?? {})) {
      if (!isNodeStatus(status) || !Array.isArray(names)) continue
      for (const node of names) transitions.push(...this.#move(node, status))
    }
    return transitions
  }

  // Node statuses other than new/ready/running never change again: a late
  // `client_died_while_running` about a node that already succeeded must not mark it crashed.
  #progress(node: string | undefined, to: NodeStatus | undefined): NodeTransition[] {
    if (node === undefined || to === undefined) return []
    if (!IN_PROGRESS_NODE_STATUSES.includes(this.#nodes.get(node) ?? 'new')) return []
    return this.#move(node, to)
  }

  #complete(status: string | undefined): NodeTransition[] {
    if (!isJobStatus(status)) return []
    this.#status = status
    const becomes: Partial<Record<NodeStatus, NodeStatus>> =
      status === 'quorum_failed' ? {ready: 'was_ready'} : status === 'timed_out' ? {ready: 'timed_out', running: 'timed_out'} : {}
    const transitions: NodeTransition[] = []
    for (const [node, current] of this.#nodes) {
      const next = becomes[current]
      if (next) transitions.push(...this.#move(node, next))
    }
    return transitions
  }

  // Every node starts as `new`; learning a node in that state is not a transition.
  #move(node: string, to: NodeStatus): NodeTransition[] {
    const known = this.#nodes.get(node)
    const from = known ?? 'new'
    if (known !== undefined) this.#known[known]--
    this.#known[to]++
    this.#nodes.set(node, to)
    if (from === to) return []
    const transition = {node, from, to}
    this.#history.push(transition)
    return [transition]
  }
}

// A literal (its keys checked against NodeCounts) rather than built from NODE_STATUSES: V8 then
// gives every tracker's counts the same hidden class, which counts() on the event path relies on
// from one job of a rollout to the next.
const zeroCounts = (): NodeCounts => ({new: 0, ready: 0, running: 0, succeeded: 0, failed: 0, aborted: 0, unavailable: 0, nacked: 0, crashed: 0, was_ready: 0, timed_out: 0})

const isJobStatus = (value: unknown): value is JobStatus => (JOB_STATUSES as readonly unknown[]).includes(value)
const isNodeStatus = (value: unknown): value is NodeStatus => (NODE_STATUSES as readonly unknown[]).includes(value)
