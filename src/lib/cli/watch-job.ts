import type {ChefClient} from '../http/types.js'
import type {ExitCodeValue} from '../exit-codes.js'
import {jobExitCode, jobVerdict} from '../job/outcome.js'
import {parsePositiveSeconds} from '../job/prepare.js'
import {renderAs, type OutputFormat} from '../render/format.js'
import {sortJobNodes} from '../render/job.js'
import {followJob} from '../wait/follow.js'
import {systemClock, systemSleep} from '../wait/timing.js'
import type {Io} from './io.js'
import {progressReporter} from './progress.js'

/** --poll-interval / --wait-timeout / --[no-]feed / --strict, checked before any request. */
export function waitSettings(flags: {'poll-interval': string; 'wait-timeout'?: string; feed: boolean; strict: boolean}) {
  return {
    pollIntervalMs: parsePositiveSeconds('--poll-interval', flags['poll-interval']),
    waitTimeoutMs: flags['wait-timeout'] === undefined ? undefined : parsePositiveSeconds('--wait-timeout', flags['wait-timeout']),
    useFeed: flags.feed,
    strict: flags.strict,
  }
}

export interface WatchInput {
  client: ChefClient
  jobId: string
  io: Io
  verbose: boolean
  format: OutputFormat
  strict: boolean
  useFeed: boolean
  pollIntervalMs: number
  waitTimeoutMs?: number
  /** the first stderr line */
  firstLine: string
}

/**
 * Follows a job to its end with progress on stderr, prints the final job on stdout and returns
 * the exit code (`job start` after its POST, and `job watch`). Ctrl-C aborts the wait only: the
 * job keeps running and the error says how to reattach.
 */
export async function watchJob(input: WatchInput): Promise<ExitCodeValue> {
  const {io} = input
  const progress = progressReporter(io, {verbose: input.verbose})
  const interrupt = new AbortController()
  const onSigint = (): void => interrupt.abort()
  process.once('SIGINT', onSigint)
  progress.begin(input.firstLine)
  try {
    const result = await followJob({
      client: input.client,
      jobId: input.jobId,
      useFeed: input.useFeed,
      pollIntervalMs: input.pollIntervalMs,
      waitTimeoutMs: input.waitTimeoutMs,
      signal: interrupt.signal,
      onUpdate: (snapshot) => progress.update(snapshot),
      onFeedReconnect: (attempt, reason) => io.err(`Feed dropped (${reason}); reconnecting (attempt ${attempt}) ...\n`),
      clock: systemClock,
      sleep: systemSleep,
    })
    progress.stop()
    if (result.fellBack && input.verbose) io.err(`No job feed (${result.fallbackReason}); polled every ${input.pollIntervalMs} ms instead.\n`)
    const job = sortJobNodes(result.job)
    io.out(renderAs(input.format, job, {color: io.color}))
    const verdict = jobVerdict(job, {strict: input.strict})
    if (verdict) io.err(`${verdict}\n`)
    return jobExitCode(job, {strict: input.strict})
  } catch (error) {
    progress.stop()
    throw error
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
}
