// Progress while waiting for a job, on stderr. Off a TTY: knife's state lines, one per change,
// but with real node counts. On a TTY: the live line, fitted to the terminal,
// which heads the live view (live-view.ts) and stays as the last line once the job ended.
import type {ChalkInstance} from 'chalk'
import {IN_PROGRESS_NODE_STATUSES, NODE_STATUSES, TERMINAL_JOB_STATUSES, type JobStatus, type NodeStatus} from '../api/types.js'
import {inProgressNodes, totalNodes, type NodeCounts} from '../job/counts.js'
import {FAILED_NODE_STATUSES} from '../job/outcome.js'
import {fitParts, type LinePart} from './ansi.js'
import {palette, paintStatus} from './colors.js'

export interface ProgressState {
  status: JobStatus
  counts: NodeCounts
}

/** The line printed once the POST succeeded (two spaces after the period, as knife). */
export function startedLine(jobId: string): string {
  return `Started.  Job ID: ${jobId}`
}

/** knife's starting "previous text": a job still `new` prints nothing. */
export const INITIAL_PROGRESS_TEXT = 'Initialized.'

/**
 * knife's status_string, except that x counts the nodes in new/ready/running (knife counted
 * status buckets and missed `ready`).
 */
export function progressText(state: ProgressState): string {
  switch (state.status) {
    case 'new':
      return INITIAL_PROGRESS_TEXT
    case 'voting':
      return 'Voting.'
    case 'running':
      return `Running (${inProgressNodes(state.counts)}/${totalNodes(state.counts)} in progress) ...`
    default:
      return `${state.status.charAt(0).toUpperCase()}${state.status.slice(1)}.`
  }
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const

/** `12.3s` below a minute, then `2m05s`. */
export function formatElapsed(elapsedMs: number): string {
  const seconds = Math.max(0, elapsedMs) / 1000
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const whole = Math.floor(seconds)
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}

/** Which batch of a rollout a job is (1-based), for `batch 2/5`. */
export interface BatchPosition {
  index: number
  count: number
}

export interface LiveLineOptions {
  color: boolean
  /** fit the line to this many columns; undefined: no limit */
  width?: number
  batch?: BatchPosition
  /** false leaves the node counts out (the live view prints them on lines of their own) */
  counts?: boolean
  /** the last line after pushy stopped watching a job that still runs (Ctrl-C, --wait-timeout) */
  stoppedWatching?: boolean
}

const FAILED_RANK = 2
const IN_PROGRESS_RANK = 3
const OTHER_RANK = 4
const ELAPSED_RANK = 5
const BATCH_RANK = 6

// What a narrow terminal gives up first: the batch, then the clock (the spinner shows that the
// job is alive), then the counts of settled nodes, of nodes in progress, and failures last.
const countRank = (status: NodeStatus): number =>
  FAILED_NODE_STATUSES.includes(status) ? FAILED_RANK : IN_PROGRESS_NODE_STATUSES.includes(status) ? IN_PROGRESS_RANK : OTHER_RANK

/**
 * The mark before the status: a spinner frame while the job runs, ✔ or ✖ once it ended, ■ on the
 * line left when pushy stopped watching a job that runs on (a frozen spinner would look alive).
 */
export function statusMark(state: ProgressState, frame: number, chalk: ChalkInstance, stoppedWatching = false): string {
  if (!TERMINAL_JOB_STATUSES.includes(state.status)) {
    if (stoppedWatching) return chalk.yellow('■')
    return chalk.cyan(SPINNER_FRAMES[((frame % SPINNER_FRAMES.length) + SPINNER_FRAMES.length) % SPINNER_FRAMES.length])
  }
  // A `complete` job with failed nodes gets a cross: knife hid such failures under `Complete.`.
  return state.status === 'complete' && !FAILED_NODE_STATUSES.some((s) => state.counts[s]) ? chalk.green('✔') : chalk.red('✖')
}

/** The non-zero node counts, in NODE_STATUSES order, each painted in its state's colour. */
export function countParts(chalk: ChalkInstance, counts: NodeCounts): LinePart[] {
  return NODE_STATUSES.filter((status) => (counts[status] ?? 0) > 0).map((status) => ({
    text: paintStatus(chalk, status, `${counts[status]} ${status}`),
    drop: countRank(status),
    group: 'counts',
  }))
}

/**
 * The TTY live line: spinner (a mark once the job has finished), job status, non-zero node
 * counts, batch and elapsed time, e.g. `⠹ running  3 running · 5 succeeded · 1 failed  12.3s`.
 * When the only count is of nodes in the job's own status word, the word is said once
 * (`⠹ 9 running`). Fitted to `width`: least important parts dropped first, then truncated.
 */
export function liveLine(state: ProgressState, frame: number, elapsedMs: number, options: LiveLineOptions): string {
  const chalk = palette(options.color)
  const counts = options.counts === false ? [] : countParts(chalk, state.counts)
  const nonZero = NODE_STATUSES.filter((status) => (state.counts[status] ?? 0) > 0)
  const repeats = counts.length === 1 && nonZero[0] === state.status
  const head = `${statusMark(state, frame, chalk, options.stoppedWatching)} ${repeats ? counts[0].text : paintStatus(chalk, state.status)}`
  const parts: LinePart[] = [{text: head, drop: 0}, ...(repeats ? [] : counts)]
  if (options.batch) parts.push({text: `batch ${options.batch.index}/${options.batch.count}`, drop: BATCH_RANK})
  parts.push({text: chalk.dim(formatElapsed(elapsedMs)), drop: ELAPSED_RANK})
  return fitParts(parts, options.width ?? Number.POSITIVE_INFINITY)
}
