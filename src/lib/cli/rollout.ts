// `job start --batch-size`: plans the batches (before anything is sent), then runs the rollout
// loop (rollout/run.ts) with the real server, progress per batch, and one summary at the end.
import {startJob} from '../api/jobs.js'
import {searchNodeNames} from '../api/search.js'
import type {ExitCodeValue} from '../exit-codes.js'
import {buildJobRequest} from '../job/request.js'
import {requireTargets} from '../job/targets.js'
import type {PreparedJobStart} from '../job/prepare.js'
import type {Quorum} from '../job/quorum.js'
import {explainPostError} from '../job/v1-fallback.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import {startedLine} from '../render/progress.js'
import {batchSizeOf, failureBudgetOf, type Amount} from '../rollout/amount.js'
import {quorumsFor, splitIntoBatches} from '../rollout/batches.js'
import {rolloutExitCode, rolloutJson, rolloutSummary, rolloutVerdict} from '../rollout/result.js'
import {runRollout, type RolloutPlan} from '../rollout/run.js'
import {WaitTimeoutError} from '../wait/follow.js'
import {pause, systemSleep} from '../wait/timing.js'
import type {CommandSession} from './context.js'
import {dryRunRollout} from './dry-run.js'
import {crashesWithLocalServer, OUTLIVE_HINT} from './local-server-lifetime.js'
import {renderJobs, renderResult, type OutputChoice} from './output.js'
import {followToEnd, reportOutcome, type WaitSettings} from './watch-job.js'

export interface RolloutInput extends WaitSettings {
  prepared: PreparedJobStart
  search?: string
  quorum: Quorum
  batchSize: Amount
  maxFailures?: Amount
  batchPauseMs?: number
  output: OutputChoice<JobOutputFormat>
  /** --dry-run: the batches, their nodes' availability and quorums; nothing started */
  dryRun?: boolean
}

const NO_FAILURES: Amount = {text: '0', value: 0, percent: false}

/** The batches, each one's quorum and the budget, for these targets; usage errors before anything is sent. */
export function planRollout(targets: readonly string[], input: Pick<RolloutInput, 'batchSize' | 'maxFailures' | 'batchPauseMs' | 'quorum'>): RolloutPlan & {warning?: string} {
  const batches = splitIntoBatches(targets, batchSizeOf(input.batchSize, targets.length))
  const {quorums, warning} = quorumsFor(batches, input.quorum)
  return {batches, quorums, warning, budget: failureBudgetOf(input.maxFailures ?? NO_FAILURES, targets.length), pauseMs: input.batchPauseMs ?? 0}
}

export async function startRollout(session: CommandSession, input: RolloutInput): Promise<ExitCodeValue> {
  const {io} = session
  const {client, localServerStopsWithCommand} = await session.context()
  const searched = input.search === undefined ? undefined : await searchNodeNames(client, input.search)
  const plan = planRollout(requireTargets(input.prepared.named, searched), input)
  if (plan.warning) io.err(`Warning: ${plan.warning}\n`)
  if (input.dryRun) return dryRunRollout(client, input.prepared.options.command, plan, io, input.output)
  const of = (index: number): string => `Batch ${index + 1}/${plan.batches.length}`
  const nodeSeconds = new Map<string, ReadonlyMap<string, number>>()

  const outcome = await runRollout(plan, {
    async startBatch(_index, nodes, quorum) {
      const request = buildJobRequest(input.prepared.options, nodes, quorum)
      const {id} = await startJob(client, request).catch((error: unknown) => {
        throw explainPostError(error, request)
      })
      return id
    },
    async watchBatch(index, jobId) {
      try {
        const finished = await followToEnd(session, {...input, client, jobId, nodes: plan.batches[index], batch: {index: index + 1, count: plan.batches.length}, firstLine: `${of(index)}: ${startedLine(jobId)}`})
        await reportOutcome(session, {client, strict: input.strict}, finished.job)
        if (finished.nodeSeconds) nodeSeconds.set(jobId, finished.nodeSeconds)
        return finished
      } catch (error) {
        // Ctrl-C or --wait-timeout ends the wait, as for one job; the job is left alone, no
        // further batch starts, and the summary says which job is left.
        const stoppedWaiting = session.interrupted.aborted ? 'interrupted' : error instanceof WaitTimeoutError ? 'wait-timeout' : undefined
        if (!stoppedWaiting) throw error
        if (localServerStopsWithCommand) io.err(`Warning: ${crashesWithLocalServer(jobId)}. Hint: ${OUTLIVE_HINT}\n`)
        return {stoppedWaiting}
      }
    },
    pause: (ms, signal) => pause(systemSleep, ms, signal),
    signal: session.interrupted,
  })
  const {format} = input.output
  if (format === 'junit') {
    io.out(await renderJobs(io, input.output, {jobs: outcome.jobs, strict: input.strict, notStarted: outcome.notStarted, client, nodeSeconds}))
  } else {
    const data = format === 'json' || format === 'yaml' ? rolloutJson(outcome) : rolloutSummary(outcome)
    io.out(await renderResult(io, {...input.output, format}, data))
  }
  io.err(`${rolloutVerdict(outcome, {jobsEndWithCommand: localServerStopsWithCommand})}\n`)
  return rolloutExitCode(outcome)
}
