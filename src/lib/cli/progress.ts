// stderr progress while a job is followed, in the mode `--progress` chose (docs/rollouts.md):
// live: the live view, redrawn in place on a TTY; plain: knife's lines, one per job state change;
// json: one JSON object per line for each job and node state change (CI log parsers); none.
import {TERMINAL_JOB_STATUSES, type JobStatus} from '../api/types.js'
import {LiveBoard} from '../render/live-board.js'
import {eraseView, redrawView, screenRows} from '../render/live-screen.js'
import {renderLiveView, viewSize} from '../render/live-view.js'
import {liveLine, progressText, type BatchPosition} from '../render/progress.js'
import type {WaitSnapshot} from '../wait/follow.js'
import type {Io} from './io.js'
import type {ProgressFlag, ProgressMode} from './progress-modes.js'


/** At most 10 redraws a second. */
export const REDRAW_INTERVAL_MS = 100

// Used when a TTY does not report its size (rare; e.g. a test's fake Io).
const DEFAULT_COLUMNS = 80
const DEFAULT_ROWS = 24

export interface ProgressReporter {
  /** the first line (`Started.  Job ID: …` or `Watching …`); starts the live view */
  begin(line: string): void
  update(snapshot: WaitSnapshot): void
  /** a line of its own on stderr (e.g. `Feed dropped …`); the live view is redrawn below it */
  note(line: string): void
  /** ends the progress; live: the view is replaced by one final line with the job's mark */
  stop(): void
}

export interface ProgressOptions {
  /** default: resolveProgressMode('auto', io) */
  mode?: ProgressMode
  /** plain: one line per node transition as well */
  verbose: boolean
  /** the job's nodes when known before any event (job start), so the live view lists them at once */
  nodes?: readonly string[]
  /** a rollout's batch: `batch 2/5` in the live view, `"batch": 2` in json */
  batch?: BatchPosition
  /** milliseconds on a monotonic clock */
  now?: () => number
  /** milliseconds since the epoch, for json's `at` */
  wallClock?: () => number
  /** calls `draw` every `ms` until the returned function is called */
  every?: (draw: () => void, ms: number) => () => void
}

/**
 * `--progress auto` is `live` on a TTY and `plain` otherwise. `live` off a TTY is `plain` too:
 * redrawing escapes are only ever written to a terminal.
 */
export function resolveProgressMode(flag: ProgressFlag | undefined, io: Pick<Io, 'stderrIsTTY'>): ProgressMode {
  if (flag === undefined || flag === 'auto' || flag === 'live') return io.stderrIsTTY ? 'live' : 'plain'
  return flag
}

const everyInterval = (draw: () => void, ms: number): (() => void) => {
  const timer = setInterval(draw, ms).unref()
  return () => clearInterval(timer)
}

export function progressReporter(io: Io, options: ProgressOptions): ProgressReporter {
  switch (options.mode ?? resolveProgressMode('auto', io)) {
    case 'live':
      return liveReporter(io, options)
    case 'plain':
      return plainReporter(io, options)
    case 'json':
      return jsonReporter(io, options)
    case 'none':
      return {begin() {}, update() {}, note() {}, stop() {}}
  }
}

/** Off a TTY: knife's lines, one per job state change, so scripts see a fixed shape; -V adds one line per node transition. */
function plainReporter(io: Io, options: ProgressOptions): ProgressReporter {
  // A job still `new` prints nothing, as knife's "Initialized." start value.
  let printedStatus: JobStatus = 'new'
  return {
    begin: (line) => io.err(`${line}\n`),
    update(snapshot) {
      if (options.verbose) for (const t of snapshot.transitions) io.err(`  ${t.node}: ${t.from} -> ${t.to}\n`)
      if (snapshot.status === printedStatus) return
      printedStatus = snapshot.status
      io.err(`${progressText(snapshot)}\n`)
    },
    note: (line) => io.err(`${line}\n`),
    stop() {},
  }
}

/** One JSON object per line for each job status change and node transition. */
function jsonReporter(io: Io, options: ProgressOptions): ProgressReporter {
  const {wallClock = Date.now} = options
  const batch = options.batch ? {batch: options.batch.index} : {}
  let printedStatus: JobStatus | undefined
  const emit = (event: Record<string, unknown>): void => void io.err(`${JSON.stringify({...event, ...batch})}\n`)
  return {
    begin() {},
    update(snapshot) {
      const at = new Date(wallClock()).toISOString()
      if (snapshot.status !== printedStatus) {
        printedStatus = snapshot.status
        emit({type: 'job', job: snapshot.jobId, status: snapshot.status, at})
      }
      for (const t of snapshot.transitions) emit({type: 'node', job: snapshot.jobId, node: t.node, from: t.from, to: t.to, at})
    },
    note: (line) => emit({type: 'note', message: line, at: new Date(wallClock()).toISOString()}),
    stop() {},
  }
}

/**
 * The live view, redrawn at most every REDRAW_INTERVAL_MS and on resize. The elapsed time keeps
 * running between events and never goes back; a frame reads only what it shows, so a 10,000-node
 * job costs little between events.
 */
function liveReporter(io: Io, options: ProgressOptions): ProgressReporter {
  const {now = () => performance.now(), every = everyInterval} = options
  const board = new LiveBoard(options.nodes)
  let latest: WaitSnapshot | undefined
  let latestAt = 0
  let shownMs = 0
  let frame = 0
  let drawn: string[] = []
  let drawnRows = 0
  let stopTimer: (() => void) | undefined
  let stopResize: (() => void) | undefined

  const size = () => ({columns: io.columns ?? DEFAULT_COLUMNS, rows: io.rows ?? DEFAULT_ROWS})

  // The job's clock: the last event's time plus what has passed since, never less than shown.
  const clock = (): number => {
    if (!latest) return shownMs
    shownMs = Math.max(shownMs, latest.elapsedMs + (now() - latestAt))
    return shownMs
  }

  const draw = (): void => {
    if (!latest) return
    const {columns, rows} = size()
    const lines = renderLiveView({...latest, board, batch: options.batch}, {columns, rows, now: clock(), color: io.stderrColor, frame: frame++})
    io.err(redrawView(drawnRows, lines))
    drawn = lines
    drawnRows = lines.length
  }

  const erase = (): void => {
    io.err(eraseView(drawnRows))
    drawn = []
    drawnRows = 0
  }

  return {
    begin(line) {
      io.err(`${line}\n`)
      stopTimer = every(draw, REDRAW_INTERVAL_MS)
      stopResize = io.onResize?.(() => {
        // The old frame may now wrap onto more rows: go back over all of them.
        drawnRows = screenRows(drawn, size().columns)
        draw()
      })
    },
    update(snapshot) {
      latest = snapshot
      latestAt = now()
      board.apply(snapshot.transitions, snapshot.elapsedMs)
    },
    note(line) {
      erase()
      io.err(`${line}\n`)
      draw()
    },
    stop() {
      stopTimer?.()
      stopResize?.()
      stopTimer = stopResize = undefined
      erase()
      if (!latest) return
      // A job that ended shows when it ended; one still running (Ctrl-C, --wait-timeout) the clock.
      const ended = TERMINAL_JOB_STATUSES.includes(latest.status)
      const elapsed = ended ? Math.max(shownMs, latest.elapsedMs) : clock()
      const {width} = viewSize(size().columns, size().rows)
      io.err(`${liveLine(latest, frame, elapsed, {color: io.stderrColor, width, batch: options.batch})}\n`)
    },
  }
}
