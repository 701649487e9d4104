// What a rollout reports: one summary over all batches (knife's format or JSON), its exit code
// and the line on stderr that says how it ended. Pure: data in, data out.
import {NODE_STATUSES, type Job, type NodeStatus} from '../api/types.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import type {StopReason} from './decide.js'

export interface RolloutOutcome {
  /** the final job of each batch that ran, in order */
  jobs: Job[]
  /** each of those jobs' exit code (as for one job, --strict applied) */
  exitCodes: ExitCodeValue[]
  /** targets of the batches never started, in name order */
  notStarted: string[]
  batchCount: number
  /** set when a batch stopped the rollout (the last one in `jobs`) */
  stop?: StopReason
  /** Ctrl-C stopped it */
  interrupted: boolean
  /** --wait-timeout passed while a batch ran */
  waitTimedOut?: boolean
  /** the batch whose wait Ctrl-C or --wait-timeout ended: its job keeps running on the server */
  leftRunning?: {id: string; nodes: string[]}
  /** nodes that failed, crashed or timed out, over all batches */
  failures: number
}

/** Every batch's nodes grouped by state, each list in name order. */
export function nodesByState(jobs: readonly Pick<Job, 'nodes'>[]): Partial<Record<NodeStatus, string[]>> {
  const merged: Partial<Record<NodeStatus, string[]>> = {}
  for (const status of NODE_STATUSES) {
    const names = jobs.flatMap((job) => job.nodes?.[status] ?? [])
    if (names.length > 0) merged[status] = names.sort()
  }
  return merged
}

type Summarised = Pick<RolloutOutcome, 'jobs' | 'notStarted' | 'leftRunning'>

/** Only after Ctrl-C or --wait-timeout in a batch: its job and nodes, neither finished nor `not_started`. */
const leftRunning = (outcome: Summarised) => (outcome.leftRunning ? {left_running: {id: outcome.leftRunning.id, nodes: outcome.leftRunning.nodes}} : {})

/** The summary-format document: `jobs:` (ids in order), `nodes:` and `not_started:`. */
export function rolloutSummary(outcome: Summarised) {
  return {jobs: outcome.jobs.map((job) => job.id), nodes: nodesByState(outcome.jobs), not_started: outcome.notStarted, ...leftRunning(outcome)}
}

/** `--json`: every batch's job, the nodes by state and the nodes never reached. */
export function rolloutJson(outcome: Summarised) {
  return {jobs: [...outcome.jobs], nodes: nodesByState(outcome.jobs), not_started: outcome.notStarted, ...leftRunning(outcome)}
}

// Worst first: an ended-badly job, then a missed quorum, then failed nodes.
const SEVERITY: readonly ExitCodeValue[] = [ExitCode.JobAborted, ExitCode.QuorumFailed, ExitCode.NodeFailed]

/** The stopping batch's code; otherwise the worst over all batches; 130 when interrupted, 8 when --wait-timeout passed. */
export function rolloutExitCode(outcome: Pick<RolloutOutcome, 'exitCodes' | 'stop' | 'interrupted' | 'waitTimedOut'>): ExitCodeValue {
  if (outcome.stop !== undefined) return outcome.exitCodes.at(-1) ?? ExitCode.Ok
  if (outcome.interrupted) return ExitCode.Interrupted
  if (outcome.waitTimedOut) return ExitCode.WaitTimeout
  return SEVERITY.find((code) => outcome.exitCodes.includes(code)) ?? outcome.exitCodes.find((code) => code !== ExitCode.Ok) ?? ExitCode.Ok
}

const nodes = (n: number): string => `${n} node${n === 1 ? '' : 's'}`

/**
 * The last stderr line: how the rollout ended, and how many nodes it never reached. With
 * `jobsEndWithCommand` (-z without `pushy zero`), a job left running ends with the local server.
 */
export function rolloutVerdict(outcome: RolloutOutcome, options: {jobsEndWithCommand?: boolean} = {}): string {
  const ran = outcome.jobs.length
  const where = `batch ${ran}/${outcome.batchCount}`
  const left = outcome.notStarted.length > 0 ? `; ${nodes(outcome.notStarted.length)} not started` : ''
  const failed = `${nodes(outcome.failures)} failed, crashed or timed out`
  // after the last batch nothing is left to stop: the rollout ended there, for that reason
  const stopped = ran === outcome.batchCount ? `Rollout ended with ${where}` : `Rollout stopped after ${where}`
  if (outcome.stop?.kind === 'budget') return `${stopped}: ${failed}, more than --max-failures allows (${outcome.stop.budget})${left}`
  if (outcome.stop?.kind === 'job') return `${stopped}: the job ended ${outcome.stop.status}${left}`
  if (outcome.leftRunning) {
    const ended = outcome.waitTimedOut ? 'Rollout stopped waiting (--wait-timeout) during' : 'Rollout interrupted during'
    const {id} = outcome.leftRunning
    const fate = options.jobsEndWithCommand ? `job ${id} ends as crashed: the local server stops with this command` : `job ${id} keeps running; \`pushy job watch ${id}\` follows it`
    return `${ended} batch ${ran + 1}/${outcome.batchCount} (${fate})${left}`
  }
  if (outcome.interrupted) return ran === 0 ? `Rollout interrupted before its first batch${left}` : `Rollout interrupted after ${where}${left}`
  return `Rollout complete: ${outcome.batchCount} batch${outcome.batchCount === 1 ? '' : 'es'}, ${failed}`
}
