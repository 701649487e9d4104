// Waiting on a job for `job start` and `job watch`: the feed when there is one, polling otherwise,
// then one GET of the job whose result decides the exit code.
import type {Job, JobStatus} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {followJobFeed, type ReconnectPolicy} from './feed.js'
import {pollJob} from './poll.js'
import {NodeTracker, type NodeCounts, type NodeTransition} from './tracker.js'
import {pause, type Clock, type Sleep} from './timing.js'

export type WaitVia = 'feed' | 'poll'

export interface WaitSnapshot {
  jobId: string
  status: JobStatus
  counts: NodeCounts
  total: number
  /** the transitions this update caused (each node transition appears in exactly one snapshot) */
  transitions: NodeTransition[]
  elapsedMs: number
  via: WaitVia
}

export interface FollowOptions {
  client: ChefClient
  jobId: string
  /** false for --no-feed */
  useFeed: boolean
  pollIntervalMs: number
  /** --wait-timeout; undefined waits as long as the job runs */
  waitTimeoutMs?: number
  /** Ctrl-C */
  signal?: AbortSignal
  onUpdate?: (snapshot: WaitSnapshot) => void
  /** the feed dropped and is being retried (for -V) */
  onFeedReconnect?: (attempt: number, reason: string) => void
  clock: Clock
  sleep: Sleep
  /** first wait before reconnecting a dropped feed (default 500 ms) */
  feedReconnectDelayMs?: number
  /** consecutive fruitless reconnects before polling instead (default 5) */
  maxFeedReconnects?: number
  random?: () => number
}

export interface FollowResult {
  /** from the final GET pushy/jobs/ID */
  job: Job
  /** how the job was followed to its end */
  via: WaitVia
  /** the feed was wanted but polling was used */
  fellBack: boolean
  /** why, in words the CLI can print with -V (e.g. a 404: Push Jobs 1.x) */
  fallbackReason?: string
  counts: NodeCounts
  transitions: readonly NodeTransition[]
  elapsedMs: number
}

/** --wait-timeout passed (exit 8); the job keeps running on the server. */
export class WaitTimeoutError extends PushyError {
  constructor(
    readonly jobId: string,
    readonly snapshot: WaitSnapshot,
  ) {
    super(`job ${jobId} is still ${snapshot.status} after ${Math.round(snapshot.elapsedMs / 1000)}s (--wait-timeout); it keeps running on the server`, ExitCode.WaitTimeout, {
      hint: `\`pushy job watch ${jobId}\``,
    })
    this.name = 'WaitTimeoutError'
  }
}

/** Ctrl-C while waiting (exit 130): the caller prints the job id and `pushy job watch ID`. */
export class WaitInterruptedError extends PushyError {
  constructor(
    readonly jobId: string,
    readonly snapshot: WaitSnapshot,
  ) {
    super(`interrupted; job ${jobId} keeps running on the server`, ExitCode.Interrupted, {hint: `\`pushy job watch ${jobId}\``})
    this.name = 'WaitInterruptedError'
  }
}

const TIMED_OUT = Symbol('timed out')
const INTERRUPTED = Symbol('interrupted')

export async function followJob(options: FollowOptions): Promise<FollowResult> {
  const {clock, jobId, signal} = options
  const startedAt = clock.now()
  const tracker = new NodeTracker()
  let via: WaitVia = options.useFeed ? 'feed' : 'poll'
  const snapshot = (transitions: NodeTransition[]): WaitSnapshot => ({
    jobId,
    status: tracker.status,
    counts: tracker.counts(),
    total: tracker.total,
    transitions,
    elapsedMs: clock.now() - startedAt,
    via,
  })
  const report = (transitions: NodeTransition[]): void => options.onUpdate?.(snapshot(transitions))

  // Aborted when the race below is decided, whoever won: stops the feed, the polling and the timer.
  const stop = new AbortController()

  const follow = async (): Promise<FollowResult | undefined> => {
    let fallbackReason: string | undefined
    if (options.useFeed) {
      const outcome = await followJobFeed({
        client: options.client,
        jobId,
        onEvent: (event) => report(tracker.applyEvent(event)),
        sleep: options.sleep,
        signal: stop.signal,
        reconnect: reconnectPolicy(options),
        onReconnect: options.onFeedReconnect,
        random: options.random,
      })
      if (outcome.kind === 'aborted') return undefined
      if (outcome.kind === 'unavailable') {
        fallbackReason = outcome.reason
        via = 'poll'
      }
    }
    // After a finished feed this is the one final GET (it polls on only if the job row is not final yet).
    const job = await pollJob({
      client: options.client,
      jobId,
      intervalMs: options.pollIntervalMs,
      sleep: options.sleep,
      signal: stop.signal,
      onJob: (polled) => report(tracker.applyJob(polled)),
      random: options.random,
    })
    if (job === undefined) return undefined
    const {counts, elapsedMs} = snapshot([])
    return {job, via, fellBack: fallbackReason !== undefined, fallbackReason, counts, transitions: tracker.transitions, elapsedMs}
  }

  const following = follow()
  following.catch(() => {}) // if the timer or Ctrl-C wins, a later failure has no one to tell
  const contenders: Array<Promise<FollowResult | undefined | typeof TIMED_OUT | typeof INTERRUPTED>> = [following, interrupted(signal, stop.signal)]
  if (options.waitTimeoutMs !== undefined) {
    contenders.push(pause(options.sleep, options.waitTimeoutMs, stop.signal).then((ran) => (ran ? TIMED_OUT : new Promise<never>(() => {}))))
  }
  try {
    const winner = await Promise.race(contenders)
    if (winner === TIMED_OUT) throw new WaitTimeoutError(jobId, snapshot([]))
    if (winner === INTERRUPTED || winner === undefined) throw new WaitInterruptedError(jobId, snapshot([]))
    return winner
  } finally {
    stop.abort()
  }
}

const reconnectPolicy = (options: FollowOptions): Partial<ReconnectPolicy> => ({
  ...(options.feedReconnectDelayMs === undefined ? {} : {delayMs: options.feedReconnectDelayMs}),
  ...(options.maxFeedReconnects === undefined ? {} : {maxAttempts: options.maxFeedReconnects}),
})

/** Resolves when the user's signal aborts; never when there is none or `stop` comes first. */
function interrupted(signal: AbortSignal | undefined, stop: AbortSignal): Promise<typeof INTERRUPTED> {
  return new Promise((resolve) => {
    if (!signal) return
    if (signal.aborted) return resolve(INTERRUPTED)
    const onAbort = (): void => resolve(INTERRUPTED)
    signal.addEventListener('abort', onAbort, {once: true})
    stop.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), {once: true})
  })
}
