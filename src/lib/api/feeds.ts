// The Push Jobs event feeds: where they are, and what a refused connection means. A 404 is the
// one answer that differs from a plain request: Push Jobs 1.x servers have no feeds at all.
import {ExitCode} from '../exit-codes.js'
import {PushyError} from '../errors.js'

export const JOB_FEED_EVENTS = ['start', 'quorum_vote', 'quorum_succeeded', 'run_start', 'run_complete', 'rehab', 'job_complete', 'summary'] as const
export const ORG_FEED_EVENTS = ['start', 'job_complete', 'start_of_history'] as const

export const jobFeedPath = (jobId: string): string => `pushy/job_status_feed/${encodeURIComponent(jobId)}`
export const ORG_FEED_PATH = 'pushy/job_status_feed'

export type FeedRefusal =
  /** no usable feed here: follow the job by polling instead (`reason` is for -V) */
  | {kind: 'no-feed'; reason: string}
  /** worth reconnecting (5xx, 429) */
  | {kind: 'transient'; reason: string}

/**
 * What a refused feed connection means. Authentication and permission failures end the wait
 * with the same error any request gives (thrown); the rest say whether polling can take over.
 */
export function feedRefusal(error: PushyError): FeedRefusal {
  const status = error.status ?? 0
  if (status === 404) return {kind: 'no-feed', reason: 'no job feed (HTTP 404): a Push Jobs 1.x server'}
  if (status === 406) return {kind: 'no-feed', reason: 'the feed refused text/event-stream (HTTP 406)'}
  if (status === 200) return {kind: 'no-feed', reason: error.message}
  if (error.exitCode === ExitCode.Server) return {kind: 'transient', reason: `${error.message} (HTTP ${status})`}
  throw error
}

/** `pushy job feed` cannot fall back to anything: a server without feeds is the end of it. */
export function noOrgFeedError(refusal: {reason: string}): PushyError {
  return new PushyError(`this server cannot serve the organization's job feed: ${refusal.reason}`, ExitCode.NotFound, {
    hint: 'Push Jobs 1.x servers have no feeds; follow one job with `pushy job watch ID`',
  })
}
