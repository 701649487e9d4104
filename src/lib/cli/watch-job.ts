import {unknownNodes, unknownNodesWarning} from '../api/search.js'
import {PushyError} from '../errors.js'
import type {ExitCodeValue} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {jobExitCode, jobVerdict} from '../job/outcome.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import {sortJobNodes} from '../render/job.js'
import {followJob, WaitInterruptedError, WaitTimeoutError} from '../wait/follow.js'
import {systemClock, systemSleep} from '../wait/timing.js'
import type {CommandSession} from './context.js'
import {renderJobs, type OutputChoice} from './output.js'
import {progressReporter, resolveProgressMode} from './progress.js'
import type {ProgressFlag} from './progress-modes.js'

/** How to wait: the values of the wait flags (flags.ts `waitSettings`). */
export interface WaitSettings {
  strict: boolean
  useFeed: boolean
  pollIntervalMs: number
  waitTimeoutMs?: number
  progress: ProgressFlag
}

export interface WatchInput extends WaitSettings {
  client: ChefClient
  jobId: string
  output: OutputChoice<JobOutputFormat>
  /** the job's nodes when known (job start), so the live view lists them at once */
  nodes?: readonly string[]
  /** the first stderr line */
  firstLine: string
  /** -z with no `pushy zero` running: a job left behind will crash with the local server */
  serverStopsWithCommand?: boolean
}

/** Ctrl-C or --wait-timeout in local mode: the job is not left running, it dies with the server. */
function endsWithLocalServer(error: WaitInterruptedError | WaitTimeoutError): PushyError {
  const why = error instanceof WaitTimeoutError ? '--wait-timeout passed' : 'interrupted'
  return new PushyError(`${why}; job ${error.jobId} will end as crashed, because the local server stops with this command`, error.exitCode, {
    hint: 'run `pushy zero` in another terminal, so that jobs started with -z outlive the command',
  })
}

/**
 * Follows a job to its end with progress on stderr, prints the final job on stdout and returns
 * the exit code (`job start` after its POST, and `job watch`). Ctrl-C aborts the wait only: the
 * job keeps running and the error says how to reattach.
 */
export async function watchJob(session: CommandSession, input: WatchInput): Promise<ExitCodeValue> {
  const {io} = session
  // -V writes a line per request on stderr, which would tear a view redrawn in place
  const mode = resolveProgressMode(input.progress, io)
  const progress = progressReporter(io, {verbose: session.verbose, mode: session.verbose && mode === 'live' ? 'plain' : mode, nodes: input.nodes})
  progress.begin(input.firstLine)
  try {
    const result = await followJob({
      client: input.client,
      jobId: input.jobId,
      useFeed: input.useFeed,
      pollIntervalMs: input.pollIntervalMs,
      waitTimeoutMs: input.waitTimeoutMs,
      signal: session.interrupted,
      onUpdate: (snapshot) => progress.update(snapshot),
      onFeedReconnect: (attempt, reason) => progress.note(`Feed dropped (${reason}); reconnecting (attempt ${attempt}) ...`),
      clock: systemClock,
      sleep: systemSleep,
    })
    progress.stop()
    if (result.fellBack && session.verbose) io.err(`No job feed (${result.fallbackReason}); polled every ${input.pollIntervalMs} ms instead.\n`)
    const job = sortJobNodes(result.job)
    io.out(await renderJobs(io, input.output, {jobs: [job], strict: input.strict, client: input.client}))
    const verdict = jobVerdict(job, {strict: input.strict})
    if (verdict) io.err(`${verdict}\n`)
    const unknown = unknownNodesWarning(job.nodes?.unavailable && (await unknownNodes(input.client, job.nodes.unavailable)))
    if (unknown) io.err(`${unknown}\n`)
    return jobExitCode(job, {strict: input.strict})
  } catch (error) {
    progress.stop()
    if (input.serverStopsWithCommand && (error instanceof WaitInterruptedError || error instanceof WaitTimeoutError)) throw endsWithLocalServer(error)
    throw error
  }
}
