import {unknownNodes, unknownNodesWarning} from '../api/search.js'
import {PushyError} from '../errors.js'
import type {ExitCodeValue} from '../exit-codes.js'
import type {Job} from '../api/types.js'
import type {ChefClient} from '../http/types.js'
import {renderFailureTail, TAIL_NODES} from '../job/failure-tail.js'
import {jobExitCode, jobVerdict} from '../job/outcome.js'
import {LiveBoard} from '../render/live-board.js'
import type {JobOutputFormat} from '../render/output-formats.js'
import {sortJobNodes} from '../render/job.js'
import {followJob, WaitInterruptedError, WaitTimeoutError, type FollowOptions, type WaitSnapshot} from '../wait/follow.js'
import {systemClock, systemSleep} from '../wait/timing.js'
import type {CommandSession} from './context.js'
import {fetchOutputs} from './job-output.js'
import {crashesWithLocalServer, OUTLIVE_HINT} from './local-server-lifetime.js'
import {renderJobs, type OutputChoice} from './output.js'
import {progressReporter, resolveProgressMode, type ProgressReporter} from './progress.js'
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
  /** a rollout's batch (1-based), shown in the live view */
  batch?: {index: number; count: number}
  /** the first stderr line */
  firstLine: string
  /** -z with no `pushy zero` running: a job left behind will crash with the local server */
  serverStopsWithCommand?: boolean
}

/** Ctrl-C or --wait-timeout in local mode: the job is not left running, it dies with the server. */
function endsWithLocalServer(error: WaitInterruptedError | WaitTimeoutError): PushyError {
  const why = error instanceof WaitTimeoutError ? '--wait-timeout passed' : 'interrupted'
  return new PushyError(`${why}; ${crashesWithLocalServer(error.jobId)}`, error.exitCode, {hint: OUTLIVE_HINT})
}

export interface FinishedJob {
  /** the final job, node lists sorted */
  job: Job
  exitCode: ExitCodeValue
  /** with -F junit: seconds each node ran, for the nodes seen starting and ending their run */
  nodeSeconds?: ReadonlyMap<string, number>
}

/**
 * followJob's options, with the progress told of every update. A class, not a literal with
 * closures, for the reason given at JobWatch (wait/follow.ts): each job of a rollout then calls
 * the same functions on the event path.
 */
class FollowWithProgress implements FollowOptions {
  readonly client: ChefClient
  readonly jobId: string
  readonly useFeed: boolean
  readonly pollIntervalMs: number
  readonly waitTimeoutMs: number | undefined
  readonly clock = systemClock
  readonly sleep = systemSleep
  /** with -F junit only: each node's state and since when, whose finished runs give JUnit's `time` */
  readonly runs: LiveBoard | undefined
  readonly #progress: ProgressReporter

  constructor(
    input: WatchInput,
    readonly signal: AbortSignal,
    progress: ProgressReporter,
  ) {
    this.client = input.client
    this.jobId = input.jobId
    this.useFeed = input.useFeed
    this.pollIntervalMs = input.pollIntervalMs
    this.waitTimeoutMs = input.waitTimeoutMs
    this.runs = input.output.format === 'junit' ? new LiveBoard() : undefined
    this.#progress = progress
  }

  onUpdate(snapshot: WaitSnapshot): void {
    this.#progress.update(snapshot)
    this.runs?.apply(snapshot.transitions, snapshot.elapsedMs)
  }

  onFeedReconnect(attempt: number, reason: string): void {
    this.#progress.note(`Feed dropped (${reason}); reconnecting (attempt ${attempt}) ...`)
  }
}

/**
 * Follows a job to its end with progress on stderr, then says on stderr how it went (the verdict,
 * and the end of failed nodes' captured output). Ctrl-C aborts the wait only: the job keeps
 * running and the error says how to reattach. A rollout calls this once per batch.
 */
export async function followToEnd(session: CommandSession, input: WatchInput): Promise<FinishedJob> {
  const {io} = session
  // -V writes a line per request on stderr, which would tear a view redrawn in place
  const mode = resolveProgressMode(input.progress, io)
  const progress = progressReporter(io, {verbose: session.verbose, mode: session.verbose && mode === 'live' ? 'plain' : mode, nodes: input.nodes, batch: input.batch})
  progress.begin(input.firstLine)
  let job: Job
  const follow = new FollowWithProgress(input, session.interrupted, progress)
  try {
    const result = await followJob(follow)
    progress.stop()
    if (result.fellBack && session.verbose) io.err(`No job feed (${result.fallbackReason}); polled every ${input.pollIntervalMs} ms instead.\n`)
    job = sortJobNodes(result.job)
  } catch (error) {
    progress.stop()
    if (input.serverStopsWithCommand && (error instanceof WaitInterruptedError || error instanceof WaitTimeoutError)) throw endsWithLocalServer(error)
    throw error
  }
  return {job, exitCode: jobExitCode(job, {strict: input.strict}), nodeSeconds: follow.runs?.runSeconds()}
}

/** The verdict line and, when the job captured output, the end of the failed nodes' output. */
export async function reportOutcome(session: CommandSession, input: Pick<WatchInput, 'client' | 'strict'>, job: Job): Promise<void> {
  const verdict = jobVerdict(job, {strict: input.strict})
  if (verdict) session.io.err(`${verdict}\n`)
  const unknown = unknownNodesWarning(job.nodes?.unavailable && (await unknownNodes(input.client, job.nodes.unavailable)))
  if (unknown) session.io.err(`${unknown}\n`)
  const failed = job.nodes?.failed ?? []
  if (!job.capture_output || failed.length === 0) return
  const shown = failed.slice(0, TAIL_NODES)
  const fetched = await fetchOutputs(input.client, job.id, shown, ['stdout', 'stderr'])
  const outputs = shown.map((node) => ({
    node,
    stdout: fetched.stdout.find((o) => o.node === node)?.data,
    stderr: fetched.stderr.find((o) => o.node === node)?.data,
  }))
  session.io.err(renderFailureTail(job.id, outputs, failed.length))
}

/**
 * `job start` after its POST, and `job watch`: follows the job, prints the final job on stdout,
 * says how it went on stderr and returns the exit code.
 */
export async function watchJob(session: CommandSession, input: WatchInput): Promise<ExitCodeValue> {
  const {job, exitCode, nodeSeconds} = await followToEnd(session, input)
  session.io.out(await renderJobs(session.io, input.output, {jobs: [job], strict: input.strict, client: input.client, nodeSeconds: nodeSeconds && new Map([[job.id, nodeSeconds]])}))
  await reportOutcome(session, input, job)
  return exitCode
}
