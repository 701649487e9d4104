// Per-status node counts of a job, for progress lines and verdicts.
import {IN_PROGRESS_NODE_STATUSES, type Job, type NodeStatus} from '../api/types.js'

export type NodeCounts = Partial<Record<NodeStatus, number>>

/** How many nodes a job has, over all its states (0 when the server left `nodes` out). */
export function jobNodeCount(job: Pick<Job, 'nodes'>): number {
  return Object.values(job.nodes ?? {}).reduce((sum, names) => sum + (names?.length ?? 0), 0)
}

export function totalNodes(counts: NodeCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)
}

export function inProgressNodes(counts: NodeCounts): number {
  return IN_PROGRESS_NODE_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0)
}
