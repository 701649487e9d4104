import type {Job} from '../api/types.js'

/**
 * `job list`: the server returns every job ever, in no order (no ORDER BY, no LIMIT), so pushy
 * sorts newest first and filters on this side. created_at has whole seconds only: within a
 * second, a job later in the server's list counts as newer (a table read without ORDER BY comes
 * back in insertion order, and pushy's local server lists jobs as they were created), so that
 * `last` names the job just started.
 */
export function selectJobs(jobs: readonly Job[], options: {status?: string; limit?: number}): Job[] {
  const created = (job: Job): number => Date.parse(job.created_at) || 0
  const chosen = jobs
    .map((job, index) => ({job, index}))
    .filter(({job}) => options.status === undefined || job.status === options.status)
    .sort((a, b) => created(b.job) - created(a.job) || b.index - a.index)
    .map(({job}) => job)
  return options.limit === undefined ? chosen : chosen.slice(0, options.limit)
}
