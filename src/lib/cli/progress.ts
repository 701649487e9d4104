import type {JobStatus} from '../api/types.js'
import {INITIAL_PROGRESS_TEXT, liveLine, nextProgressLine} from '../render/progress.js'
import type {WaitSnapshot} from '../wait/follow.js'
import type {Io} from './io.js'

/** Off a TTY, a changed running count is printed at most this often (knife printed once per poll). */
const COUNT_LINE_INTERVAL_MS = 1000
const REDRAW_INTERVAL_MS = 100

export interface ProgressReporter {
  /** the first line (`Started.  Job ID: …` or `Watching …`); starts the live line on a TTY */
  begin(line: string): void
  update(snapshot: WaitSnapshot): void
  /** the final line: on a TTY the live line is left in place with its mark */
  stop(): void
}

/**
 * stderr progress while a job is followed. On a TTY: one live line (spinner, per-state counts,
 * elapsed), redrawn on a timer. Off a TTY: knife's lines, one per job state change, with running
 * counts refreshed at most once a second so a 10,000-node job does not print 10,000 lines.
 */
export function progressReporter(io: Io, options: {verbose: boolean; now?: () => number}): ProgressReporter {
  const now = options.now ?? Date.now
  let latest: WaitSnapshot | undefined
  let printedText = INITIAL_PROGRESS_TEXT
  let printedStatus: JobStatus = 'new'
  let printedAt = 0
  let pending: string | undefined
  let frame = 0
  let timer: NodeJS.Timeout | undefined

  const draw = (): void => {
    if (latest) io.err(`\r\u001B[2K${liveLine(latest, frame++, latest.elapsedMs, io.stderrColor)}`)
  }

  const printLine = (text: string, status: JobStatus): void => {
    io.err(`${text}\n`)
    printedText = text
    printedStatus = status
    printedAt = now()
    pending = undefined
  }

  return {
    begin(line) {
      io.err(`${line}\n`)
      if (io.stderrIsTTY) timer = setInterval(draw, REDRAW_INTERVAL_MS).unref()
    },
    update(snapshot) {
      latest = snapshot
      if (io.stderrIsTTY) return
      if (options.verbose) for (const t of snapshot.transitions) io.err(`  ${t.node}: ${t.from} -> ${t.to}\n`)
      const text = nextProgressLine(printedText, snapshot)
      if (text === undefined) return
      if (snapshot.status !== printedStatus || now() - printedAt >= COUNT_LINE_INTERVAL_MS) printLine(text, snapshot.status)
      else pending = text
    },
    stop() {
      if (timer) clearInterval(timer)
      if (io.stderrIsTTY) {
        if (latest) draw()
        io.err('\n')
      } else if (pending !== undefined && latest) {
        printLine(pending, latest.status)
      }
    },
  }
}
