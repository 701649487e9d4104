import type {Job} from '../api/types.js'

/**
 * `job list`: the server returns every job ever, in no order (no ORDER BY, no LIMIT), so pushy
 * sorts newest first and filters on this side. Ties within a second keep the server's order.
 */
export function selectJobs(jobs: readonly Job[], options: {status?: string; limit?: number}): Job[] {
  const created = (job: Job): number => Date.parse(job.created_at) || 0
  const chosen = jobs
    .map((job, index) => ({job, index}))
    .filter(({job}) => options.status === undefined || job.status === options.status)
    .sort((a, b) => created(b.job) - created(a.job) || a.index - b.index)
    .map(({job}) => job)
  return options.limit === undefined ? chosen : chosen.slice(0, options.limit)
}
