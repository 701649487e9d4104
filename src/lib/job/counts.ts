// Per-status node counts of a job, for progress lines and verdicts.
import {NODE_STATUSES, type Job, type NodeStatus} from '../api/types.js'

export type NodeCounts = Partial<Record<NodeStatus, number>>

/** Node states in which a node has not finished yet. */
export const IN_PROGRESS_NODE_STATUSES: readonly NodeStatus[] = ['new', 'ready', 'running']

/** How many nodes are in each status (statuses without nodes are left out). */
export function countNodes(nodes: Job['nodes']): NodeCounts {
  const counts: NodeCounts = {}
  for (const status of NODE_STATUSES) {
    const n = nodes?.[status]?.length ?? 0
    if (n > 0) counts[status] = n
  }
  return counts
}

export function totalNodes(counts: NodeCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)
}

export function inProgressNodes(counts: NodeCounts): number {
  return IN_PROGRESS_NODE_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0)
}
