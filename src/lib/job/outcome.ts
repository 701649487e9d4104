// Exit code and verdict for a finished job (docs/exit-codes.md). knife exited 0 for a
// `complete` job whose nodes failed; pushy tells them apart.
import type {Job, NodeStatus} from '../api/types.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {jobNodeCount} from './counts.js'

export interface OutcomeOptions {
  /** count every node that did not succeed as a failure */
  strict: boolean
}

/** Nodes that ran and went wrong: always a failure. */
export const FAILED_NODE_STATUSES: readonly NodeStatus[] = ['failed', 'crashed', 'timed_out', 'aborted']

const namesIn = (job: Pick<Job, 'nodes'>, statuses: readonly NodeStatus[]): string[] =>
  statuses.flatMap((status) => job.nodes?.[status] ?? []).sort()

/** The nodes that count against the job: failed ones, and with strict every one not succeeded. */
export function failingNodes(job: Pick<Job, 'nodes'>, options: OutcomeOptions): string[] {
  if (!options.strict) return namesIn(job, FAILED_NODE_STATUSES)
  const statuses = Object.keys(job.nodes ?? {}).filter((status) => status !== 'succeeded') as NodeStatus[]
  return namesIn(job, statuses)
}

export function jobExitCode(job: Pick<Job, 'status' | 'nodes'>, options: OutcomeOptions): ExitCodeValue {
  switch (job.status) {
    case 'complete':
      return failingNodes(job, options).length > 0 ? ExitCode.NodeFailed : ExitCode.Ok
    case 'quorum_failed':
      return ExitCode.QuorumFailed
    case 'timed_out':
    case 'crashed':
    case 'aborted':
      return ExitCode.JobAborted
    default:
      // new/voting/running: the caller stopped waiting before the job ended.
      return ExitCode.WaitTimeout
  }
}

const MAX_NAMED = 10

function nameList(names: readonly string[]): string {
  if (names.length <= MAX_NAMED) return names.join(', ')
  return `${names.slice(0, MAX_NAMED).join(', ')} and ${names.length - MAX_NAMED} more`
}


/**
 * One line for stderr saying how the job went, or undefined when there is nothing to add
 * (complete, every node succeeded). E.g. `2 of 9 nodes failed: web-03, web-07`.
 */
/** Why nodes did not run, in words that say what to check. */
function didNotRun(job: Pick<Job, 'nodes' | 'command'>, total: number): string[] {
  const lines: string[] = []
  const nacked = namesIn(job, ['nacked'])
  const unavailable = namesIn(job, ['unavailable'])
  if (nacked.length > 0) lines.push(`${nacked.length} of ${total} nodes nacked (busy, or \`${job.command}\` is not in the node's whitelist): ${nameList(nacked)}`)
  if (unavailable.length > 0) lines.push(`${unavailable.length} of ${total} nodes were unavailable (their push client is not connected): ${nameList(unavailable)}`)
  return lines
}

export function jobVerdict(job: Pick<Job, 'status' | 'nodes' | 'command'>, options: OutcomeOptions): string | undefined {
  const total = jobNodeCount(job)
  if (job.status === 'complete') {
    const failing = failingNodes(job, options)
    if (failing.length > 0) {
      const verb = options.strict ? 'did not succeed' : 'failed'
      return `${failing.length} of ${total} nodes ${verb}: ${nameList(failing)}`
    }
    const skipped = didNotRun(job, total)
    return skipped.length > 0 ? skipped.join('\n') : undefined
  }
  if (job.status === 'quorum_failed') {
    const refused = Object.keys(job.nodes ?? {}).filter((status) => status !== 'was_ready') as NodeStatus[]
    const names = namesIn(job, refused)
    const ready = job.nodes?.was_ready?.length ?? 0
    const first = names.length > 0 ? `quorum not met: ${ready} of ${total} nodes were ready; not ready: ${nameList(names)}` : `quorum not met: ${ready} of ${total} nodes were ready`
    return [first, ...didNotRun(job, total)].join('\n')
  }
  if (job.status === 'timed_out' || job.status === 'crashed' || job.status === 'aborted') {
    const unfinished = failingNodes(job, {strict: true})
    return unfinished.length > 0 ? `job ${job.status}: ${unfinished.length} of ${total} nodes did not succeed: ${nameList(unfinished)}` : `job ${job.status}`
  }
  return undefined
}
