// Progress while waiting for a job, on stderr. Off a TTY: knife's state lines, one per change
// (knife-push.md §2.5), but with real node counts. On a TTY: one live line, redrawn.
import type {ChalkInstance} from 'chalk'
import {NODE_STATUSES, TERMINAL_JOB_STATUSES, type JobStatus} from '../api/types.js'
import {inProgressNodes, totalNodes, type NodeCounts} from '../job/counts.js'
import {FAILED_NODE_STATUSES} from '../job/outcome.js'
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

/**
 * The off-TTY line to print for a new state, or undefined when its text equals the previous
 * one. Like knife, a change in the running counts is a new text and so a new line.
 */
export function nextProgressLine(previousText: string, state: ProgressState): string | undefined {
  const text = progressText(state)
  return text === previousText ? undefined : text
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const

/** `12.3s` below a minute, then `2m05s`. */
export function formatElapsed(elapsedMs: number): string {
  const seconds = Math.max(0, elapsedMs) / 1000
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const whole = Math.floor(seconds)
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}

function countsText(chalk: ChalkInstance, counts: NodeCounts): string {
  return NODE_STATUSES.filter((status) => (counts[status] ?? 0) > 0)
    .map((status) => paintStatus(chalk, status, `${counts[status]} ${status}`))
    .join(' · ')
}

/**
 * The TTY live line: spinner (a mark once the job has finished), job status, non-zero node
 * counts and elapsed time, e.g. `⠹ running  3 running · 5 succeeded · 1 failed  12.3s`.
 */
export function liveLine(state: ProgressState, frame: number, elapsedMs: number, color: boolean): string {
  const chalk = palette(color)
  const finished = TERMINAL_JOB_STATUSES.includes(state.status)
  // A `complete` job with failed nodes gets a cross: knife hid such failures under `Complete.`.
  const mark = finished
    ? state.status === 'complete' && !FAILED_NODE_STATUSES.some((s) => state.counts[s]) ? chalk.green('✔') : chalk.red('✖')
    : chalk.cyan(SPINNER_FRAMES[((frame % SPINNER_FRAMES.length) + SPINNER_FRAMES.length) % SPINNER_FRAMES.length])
  const counts = countsText(chalk, state.counts)
  const parts = [`${mark} ${paintStatus(chalk, state.status)}`]
  if (counts) parts.push(counts)
  parts.push(chalk.dim(formatElapsed(elapsedMs)))
  return parts.join('  ')
}
