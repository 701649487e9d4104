// What the live view knows of each node: its state and since when, kept as transitions arrive.
// Per transition the cost is O(1); a frame reads only what it shows: each state's nodes are kept
// in the order they entered it, so the nodes in a state longest are the first ones (no sort of
// 10,000 nodes per frame).
import type {NodeStatus} from '../api/types.js'

export interface BoardNode {
  readonly name: string
  readonly status: NodeStatus
  /** when the node entered `status`, in ms on the job's clock (WaitSnapshot.elapsedMs) */
  readonly sinceMs: number
  /** how long its run took, once a running node has finished */
  readonly runMs?: number
}

export interface BoardTransition {
  node: string
  from: NodeStatus
  to: NodeStatus
}

/** The read side, which is all the renderer gets. */
export interface BoardView {
  /** nodes known by name */
  readonly size: number
  /** every node known by name (in the order they were learnt) */
  nodes(): Iterable<BoardNode>
  /** up to `limit` nodes in `status`, longest there first */
  longestIn(status: NodeStatus, limit: number): BoardNode[]
  countIn(status: NodeStatus): number
}

export class LiveBoard implements BoardView {
  readonly #nodes = new Map<string, BoardNode>()
  // Insertion order is the order of arrival, which is the order of sinceMs (time only moves on).
  readonly #byStatus = new Map<NodeStatus, Map<string, BoardNode>>()

  /** `names`: the targets when they are known before any event (job start), `new` since 0. */
  constructor(names: Iterable<string> = []) {
    for (const name of names) if (!this.#nodes.has(name)) this.#put({name, status: 'new', sinceMs: 0})
  }

  get size(): number {
    return this.#nodes.size
  }

  /** Records the transitions of one snapshot, taken at `atMs`. */
  apply(transitions: readonly BoardTransition[], atMs: number): void {
    for (const {node, to} of transitions) {
      const previous = this.#nodes.get(node)
      if (previous) this.#byStatus.get(previous.status)?.delete(node)
      const runMs = previous?.status === 'running' ? atMs - previous.sinceMs : previous?.runMs
      this.#put({name: node, status: to, sinceMs: atMs, ...(runMs === undefined ? {} : {runMs})})
    }
  }

  get(name: string): BoardNode | undefined {
    return this.#nodes.get(name)
  }

  nodes(): Iterable<BoardNode> {
    return this.#nodes.values()
  }

  longestIn(status: NodeStatus, limit: number): BoardNode[] {
    const found: BoardNode[] = []
    if (limit <= 0) return found
    for (const node of this.#byStatus.get(status)?.values() ?? []) {
      found.push(node)
      if (found.length >= limit) break
    }
    return found
  }

  /** Seconds each node's run took, for the nodes seen both starting and ending one (JUnit's `time`). */
  runSeconds(): Map<string, number> {
    const seconds = new Map<string, number>()
    for (const node of this.#nodes.values()) if (node.runMs !== undefined) seconds.set(node.name, node.runMs / 1000)
    return seconds
  }

  countIn(status: NodeStatus): number {
    return this.#byStatus.get(status)?.size ?? 0
  }

  #put(node: BoardNode): void {
    this.#nodes.set(node.name, node)
    let inStatus = this.#byStatus.get(node.status)
    if (!inStatus) this.#byStatus.set(node.status, (inStatus = new Map()))
    inStatus.set(node.name, node)
  }
}
