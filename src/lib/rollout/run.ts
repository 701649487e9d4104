// The rollout loop: start a batch, wait for its end, decide, pause, next. Everything that talks
// to the server or the clock is injected, so the loop is tested in milliseconds.
import type {Job} from '../api/types.js'
import type {ExitCodeValue} from '../exit-codes.js'
import {budgetFailures, stopReason} from './decide.js'
import type {RolloutOutcome} from './result.js'

export interface RolloutPlan {
  /** targets, in name order, cut into batches */
  batches: string[][]
  /** the quorum of each batch's job */
  quorums: number[]
  /** the rollout stops once more nodes than this have failed */
  budget: number
  /** wait between batches */
  pauseMs: number
}

export interface FinishedBatch {
  job: Job
  exitCode: ExitCodeValue
}

/** A batch's wait ended before its job did. */
export interface StoppedWaiting {
  stoppedWaiting: 'interrupted' | 'wait-timeout'
}

export interface RolloutDeps {
  /** POSTs the batch's job; resolves with its id */
  startBatch(index: number, nodes: string[], quorum: number): Promise<string>
  /**
   * follows the job to its end (progress and verdict are the caller's business); or says why the
   * wait ended first (the job itself keeps running on the server): Ctrl-C, or --wait-timeout
   */
  watchBatch(index: number, jobId: string): Promise<FinishedBatch | StoppedWaiting>
  /** waits `ms`; true when it ran its course, false when `signal` cut it short */
  pause(ms: number, signal: AbortSignal): Promise<boolean>
  /** Ctrl-C: no further batch starts (the running one is left alone) */
  signal: AbortSignal
}

export async function runRollout(plan: RolloutPlan, deps: RolloutDeps): Promise<RolloutOutcome> {
  const outcome: RolloutOutcome = {jobs: [], exitCodes: [], notStarted: [], batchCount: plan.batches.length, interrupted: false, failures: 0}
  for (const [index, nodes] of plan.batches.entries()) {
    if (index > 0 && plan.pauseMs > 0 && !deps.signal.aborted) await deps.pause(plan.pauseMs, deps.signal)
    if (deps.signal.aborted) {
      outcome.interrupted = true
      break
    }
    const jobId = await deps.startBatch(index, nodes, plan.quorums[index])
    const finished = await deps.watchBatch(index, jobId)
    if ('stoppedWaiting' in finished) {
      outcome.interrupted = finished.stoppedWaiting === 'interrupted'
      outcome.waitTimedOut = finished.stoppedWaiting === 'wait-timeout'
      outcome.leftRunning = {id: jobId, nodes}
      break
    }
    const {job, exitCode} = finished
    outcome.jobs.push(job)
    outcome.exitCodes.push(exitCode)
    outcome.failures += budgetFailures(job)
    outcome.stop = stopReason(job, outcome.failures, plan.budget)
    if (outcome.stop) break
  }
  outcome.notStarted = plan.batches.slice(outcome.jobs.length + (outcome.leftRunning ? 1 : 0)).flat()
  return outcome
}
