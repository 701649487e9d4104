import type {JobStatus} from '../api/types.js'
import {liveLine, progressText} from '../render/progress.js'
import type {WaitSnapshot} from '../wait/follow.js'
import type {Io} from './io.js'

const REDRAW_INTERVAL_MS = 100

export interface ProgressReporter {
  /** the first line (`Started.  Job ID: …` or `Watching …`); starts the live line on a TTY */
  begin(line: string): void
  update(snapshot: WaitSnapshot): void
  /** the final line: on a TTY the live line is left in place with its mark */
  stop(): void
}

export interface ProgressOptions {
  verbose: boolean
  /** milliseconds on a monotonic clock */
  now?: () => number
  /** calls `draw` every `ms` until the returned function is called */
  every?: (draw: () => void, ms: number) => () => void
}

const everyInterval = (draw: () => void, ms: number): (() => void) => {
  const timer = setInterval(draw, ms).unref()
  return () => clearInterval(timer)
}

/**
 * stderr progress while a job is followed. On a TTY: one live line (spinner, per-state counts,
 * elapsed), redrawn on a timer. Off a TTY: knife's lines, one per job state change (cli.md), so
 * scripts see a fixed shape; -V adds one line per node transition.
 */
export function progressReporter(io: Io, options: ProgressOptions): ProgressReporter {
  const {now = () => performance.now(), every = everyInterval} = options
  let latest: WaitSnapshot | undefined
  let latestAt = 0
  let printedStatus: JobStatus = 'new'
  let frame = 0
  let stopTimer: (() => void) | undefined
  let stopped = false

  const draw = (): void => {
    if (!latest) return
    // The clock keeps running between events; the last line shows the time of the last one.
    const elapsed = stopped ? latest.elapsedMs : latest.elapsedMs + (now() - latestAt)
    io.err(`\r\u001B[2K${liveLine(latest, frame++, elapsed, io.stderrColor)}`)
  }

  return {
    begin(line) {
      io.err(`${line}\n`)
      if (io.stderrIsTTY) stopTimer = every(draw, REDRAW_INTERVAL_MS)
    },
    update(snapshot) {
      latest = snapshot
      latestAt = now()
      if (io.stderrIsTTY) return
      if (options.verbose) for (const t of snapshot.transitions) io.err(`  ${t.node}: ${t.from} -> ${t.to}\n`)
      // A job still `new` prints nothing, as knife's "Initialized." start value.
      if (snapshot.status === printedStatus) return
      printedStatus = snapshot.status
      io.err(`${progressText(snapshot)}\n`)
    },
    stop() {
      stopTimer?.()
      stopped = true
      if (io.stderrIsTTY) {
        if (latest) draw()
        io.err('\n')
      }
    },
  }
}
