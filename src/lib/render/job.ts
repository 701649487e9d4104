// The final job is shown with node lists sorted by name: the server keeps them in no
// particular order, and sorted lists make output diffable between runs.
import type {Job} from '../api/types.js'

// Plain code-unit order: deterministic and locale-free (web-10 sorts before web-2).
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A copy of `job` with every node list sorted; key order (the server's) is kept. */
export function sortJobNodes<T extends Partial<Job>>(job: T): T {
  if (!job.nodes) return job
  const nodes = Object.fromEntries(Object.entries(job.nodes).map(([status, names]) => [status, [...(names ?? [])].sort(byName)]))
  return {...job, nodes}
}
