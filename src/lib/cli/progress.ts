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
      return new LiveReporter(io, options)
    case 'plain':
      return new PlainReporter(io, options)
    case 'json':
      return new JsonReporter(io, options)
    case 'none':
      return NO_PROGRESS
  }
}

// The reporters are classes, their methods shared by every job: update() is on the event path,
// which V8 keeps optimised across the jobs of a rollout only while it calls the same functions
// (see JobWatch in wait/follow.ts).

const NO_PROGRESS: ProgressReporter = {begin() {}, update() {}, note() {}, stop() {}}

/** Off a TTY: knife's lines, one per job state change, so scripts see a fixed shape; -V adds one line per node transition. */
class PlainReporter implements ProgressReporter {
  // A job still `new` prints nothing, as knife's "Initialized." start value.
  #printedStatus: JobStatus = 'new'
  readonly #io: Io
  readonly #verbose: boolean

  constructor(io: Io, options: ProgressOptions) {
    this.#io = io
    this.#verbose = options.verbose
  }

  begin(line: string): void {
    this.#io.err(`${line}\n`)
  }

  update(snapshot: WaitSnapshot): void {
    if (this.#verbose) for (const t of snapshot.transitions) this.#io.err(`  ${t.node}: ${t.from} -> ${t.to}\n`)
    if (snapshot.status === this.#printedStatus) return
    this.#printedStatus = snapshot.status
    this.#io.err(`${progressText(snapshot)}\n`)
  }

  note(line: string): void {
    this.#io.err(`${line}\n`)
  }

  stop(): void {}
}

/** One JSON object per line for each job status change and node transition. */
class JsonReporter implements ProgressReporter {
  #printedStatus: JobStatus | undefined
  readonly #io: Io
  readonly #wallClock: () => number
  readonly #batch: {batch?: number}

  constructor(io: Io, options: ProgressOptions) {
    this.#io = io
    this.#wallClock = options.wallClock ?? Date.now
    this.#batch = options.batch ? {batch: options.batch.index} : {}
  }

  #emit(event: Record<string, unknown>): void {
    this.#io.err(`${JSON.stringify({...event, ...this.#batch})}\n`)
  }

  begin(): void {}

  update(snapshot: WaitSnapshot): void {
    const at = new Date(this.#wallClock()).toISOString()
    if (snapshot.status !== this.#printedStatus) {
      this.#printedStatus = snapshot.status
      this.#emit({type: 'job', job: snapshot.jobId, status: snapshot.status, at})
    }
    for (const t of snapshot.transitions) this.#emit({type: 'node', job: snapshot.jobId, node: t.node, from: t.from, to: t.to, at})
  }

  note(line: string): void {
    this.#emit({type: 'note', message: line, at: new Date(this.#wallClock()).toISOString()})
  }

  stop(): void {}
}

/**
 * The live view, redrawn at most every REDRAW_INTERVAL_MS and on resize. The elapsed time keeps
 * running between events and never goes back; a frame reads only what it shows, so a 10,000-node
 * job costs little between events.
 */
class LiveReporter implements ProgressReporter {
  readonly #io: Io
  readonly #options: ProgressOptions
  readonly #now: () => number
  readonly #every: (draw: () => void, ms: number) => () => void
  readonly #board: LiveBoard
  #latest: WaitSnapshot | undefined
  #latestAt = 0
  #shownMs = 0
  #frame = 0
  #drawn: string[] = []
  #drawnRows = 0
  #stopTimer: (() => void) | undefined
  #stopResize: (() => void) | undefined

  constructor(io: Io, options: ProgressOptions) {
    this.#io = io
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
    this.#every = options.every ?? everyInterval
    this.#board = new LiveBoard(options.nodes)
  }

  #size(): {columns: number; rows: number} {
    return {columns: this.#io.columns ?? DEFAULT_COLUMNS, rows: this.#io.rows ?? DEFAULT_ROWS}
  }

  // The job's clock: the last event's time plus what has passed since, never less than shown.
  #clock(): number {
    if (!this.#latest) return this.#shownMs
    this.#shownMs = Math.max(this.#shownMs, this.#latest.elapsedMs + (this.#now() - this.#latestAt))
    return this.#shownMs
  }

  #draw(): void {
    if (!this.#latest) return
    const {columns, rows} = this.#size()
    const lines = renderLiveView({...this.#latest, board: this.#board, batch: this.#options.batch}, {columns, rows, now: this.#clock(), color: this.#io.stderrColor, frame: this.#frame++})
    this.#io.err(redrawView(this.#drawnRows, lines))
    this.#drawn = lines
    this.#drawnRows = lines.length
  }

  #erase(): void {
    this.#io.err(eraseView(this.#drawnRows))
    this.#drawn = []
    this.#drawnRows = 0
  }

  begin(line: string): void {
    this.#io.err(`${line}\n`)
    this.#stopTimer = this.#every(() => this.#draw(), REDRAW_INTERVAL_MS)
    this.#stopResize = this.#io.onResize?.(() => {
      // The old frame may now wrap onto more rows: go back over all of them.
      this.#drawnRows = screenRows(this.#drawn, this.#size().columns)
      this.#draw()
    })
  }

  update(snapshot: WaitSnapshot): void {
    this.#latest = snapshot
    this.#latestAt = this.#now()
    this.#board.apply(snapshot.transitions, snapshot.elapsedMs)
  }

  note(line: string): void {
    this.#erase()
    this.#io.err(`${line}\n`)
    this.#draw()
  }

  stop(): void {
    this.#stopTimer?.()
    this.#stopResize?.()
    this.#stopTimer = this.#stopResize = undefined
    this.#erase()
    const latest = this.#latest
    if (!latest) return
    // A job that ended shows when it ended; one still running (Ctrl-C, --wait-timeout) the clock.
    const ended = TERMINAL_JOB_STATUSES.includes(latest.status)
    const elapsed = ended ? Math.max(this.#shownMs, latest.elapsedMs) : this.#clock()
    const {columns, rows} = this.#size()
    const {width} = viewSize(columns, rows)
    this.#io.err(`${liveLine(latest, this.#frame, elapsed, {color: this.#io.stderrColor, width, batch: this.#options.batch, stoppedWatching: !ended})}\n`)
  }
}
