// Waiting on a job for `job start` and `job watch`: the feed when there is one, polling otherwise,
// then one GET of the job whose result decides the exit code.
import type {FeedEvent, Job, JobStatus} from '../api/types.js'
import {PushyError} from '../errors.js'
import {ExitCode} from '../exit-codes.js'
import type {ChefClient} from '../http/types.js'
import {followJobFeed, type JobFeedOptions, type ReconnectPolicy} from './feed.js'
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
  /** called as a method of these options (see JobWatch) */
  onUpdate?(snapshot: WaitSnapshot): void
  /** the feed dropped and is being retried (for -V); called as a method of these options */
  onFeedReconnect?(attempt: number, reason: string): void
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
  const {jobId, signal} = options
  // Aborted when the race below is decided, whoever won: stops the feed, the polling and the timer.
  const stop = new AbortController()
  const watch = new JobWatch(options, stop.signal)

  const follow = async (): Promise<FollowResult | undefined> => {
    let fallbackReason: string | undefined
    if (options.useFeed) {
      const outcome = await followJobFeed(watch)
      if (outcome.kind === 'aborted') return undefined
      if (outcome.kind === 'unavailable') {
        fallbackReason = outcome.reason
        watch.via = 'poll'
      }
    }
    // After a finished feed this is the one final GET (it polls on only if the job row is not final yet).
    const job = await pollJob({
      client: options.client,
      jobId,
      intervalMs: options.pollIntervalMs,
      sleep: options.sleep,
      signal: stop.signal,
      onJob: (polled) => watch.report(watch.tracker.applyJob(polled)),
      random: options.random,
    })
    if (job === undefined) return undefined
    const {counts, elapsedMs} = watch.snapshot([])
    return {job, via: watch.via, fellBack: fallbackReason !== undefined, fallbackReason, counts, transitions: watch.tracker.transitions, elapsedMs}
  }

  const following = follow()
  following.catch(() => {}) // if the timer or Ctrl-C wins, a later failure has no one to tell
  const contenders: Array<Promise<FollowResult | undefined | typeof TIMED_OUT | typeof INTERRUPTED>> = [following, interrupted(signal, stop.signal)]
  if (options.waitTimeoutMs !== undefined) {
    contenders.push(pause(options.sleep, options.waitTimeoutMs, stop.signal).then((ran) => (ran ? TIMED_OUT : new Promise<never>(() => {}))))
  }
  try {
    const winner = await Promise.race(contenders)
    if (winner === TIMED_OUT) throw new WaitTimeoutError(jobId, watch.snapshot([]))
    if (winner === INTERRUPTED || winner === undefined) throw new WaitInterruptedError(jobId, watch.snapshot([]))
    return winner
  } finally {
    stop.abort()
  }
}

const reconnectPolicy = (options: FollowOptions): Partial<ReconnectPolicy> => ({
  ...(options.feedReconnectDelayMs === undefined ? {} : {delayMs: options.feedReconnectDelayMs}),
  ...(options.maxFeedReconnects === undefined ? {} : {maxAttempts: options.maxFeedReconnects}),
})

/**
 * The followed job: its nodes' states, the updates they make, and the feed's options, whose
 * onEvent runs for every node event. Methods rather than closures for the reason given at
 * JobFeedConnection (feed.ts): each job of a rollout then runs the event path V8 optimised for
 * the first one.
 */
class JobWatch implements JobFeedOptions {
  readonly tracker = new NodeTracker()
  via: WaitVia
  readonly client: ChefClient
  readonly jobId: string
  readonly sleep: Sleep
  readonly reconnect: Partial<ReconnectPolicy>
  readonly random: FollowOptions['random']
  readonly #options: FollowOptions
  readonly #startedAt: number

  constructor(
    options: FollowOptions,
    readonly signal: AbortSignal,
  ) {
    this.via = options.useFeed ? 'feed' : 'poll'
    this.client = options.client
    this.jobId = options.jobId
    this.sleep = options.sleep
    this.reconnect = reconnectPolicy(options)
    this.random = options.random
    this.#options = options
    this.#startedAt = options.clock.now()
  }

  onEvent(event: FeedEvent): void {
    this.report(this.tracker.applyEvent(event))
  }

  onReconnect(attempt: number, reason: string): void {
    this.#options.onFeedReconnect?.(attempt, reason)
  }

  report(transitions: NodeTransition[]): void {
    this.#options.onUpdate?.(this.snapshot(transitions))
  }

  snapshot(transitions: NodeTransition[]): WaitSnapshot {
    const {tracker} = this
    return {
      jobId: this.jobId,
      status: tracker.status,
      counts: tracker.counts(),
      total: tracker.total,
      transitions,
      elapsedMs: this.#options.clock.now() - this.#startedAt,
      via: this.via,
    }
  }
}

/** Resolves when the user's signal aborts; never when there is none or `stop` comes first. */
function interrupted(signal: AbortSignal | undefined, stop: AbortSignal): Promise<typeof INTERRUPTED> {
  return new Promise((resolve) => {
    if (!signal) return
    if (signal.aborted) return resolve(INTERRUPTED)
    const onAbort = (): void => resolve(INTERRUPTED)
    signal.addEventListener('abort', onAbort, {once: true})
    // `stop` aborts once anyway. A once-listener is what made V8 throw away its optimised code for
    // dispatching events (the feed's hot path) at the end of every job, each `stop` being new.
    stop.addEventListener('abort', () => signal.removeEventListener('abort', onAbort))
  })
}
