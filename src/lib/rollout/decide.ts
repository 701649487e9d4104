// After each batch: does the rollout go on? (docs/rollouts.md: the failure budget, and the job
// endings that stop it whatever the budget.)
import type {Job, JobStatus, NodeStatus} from '../api/types.js'

/** Node states that spend the failure budget. */
export const BUDGET_NODE_STATUSES: readonly NodeStatus[] = ['failed', 'crashed', 'timed_out']

/**
 * Job endings after which no further batch starts. `aborted` is here too: someone stopped that
 * job on purpose, and starting the next batch would go against them.
 */
export const STOPPING_JOB_STATUSES: readonly JobStatus[] = ['quorum_failed', 'timed_out', 'crashed', 'aborted']

export type StopReason = {kind: 'budget'; failures: number; budget: number} | {kind: 'job'; status: JobStatus}

/** Nodes of one job that count against the budget. */
export function budgetFailures(job: Pick<Job, 'nodes'>): number {
  return BUDGET_NODE_STATUSES.reduce((sum, status) => sum + (job.nodes?.[status]?.length ?? 0), 0)
}

/** Why the rollout stops after this batch, or undefined when the next batch may start. */
export function stopReason(job: Pick<Job, 'status'>, failuresSoFar: number, budget: number): StopReason | undefined {
  if (STOPPING_JOB_STATUSES.includes(job.status)) return {kind: 'job', status: job.status}
  if (failuresSoFar > budget) return {kind: 'budget', failures: failuresSoFar, budget}
  return undefined
}
