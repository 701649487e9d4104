/** The process's streams, injected so renderers and waiting logic never touch globals. */
export interface Io {
  /** results only: text, or bytes exactly as they are (`job output` of one node) */
  out(text: string | Uint8Array): void
  /** progress, warnings, errors */
  err(text: string): void
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
  /** colour for stdout results */
  color: boolean
  /** colour and live lines for stderr progress */
  stderrColor: boolean
  /** stderr's terminal size (where progress is drawn); undefined off a TTY. Read anew each time. */
  readonly columns?: number
  readonly rows?: number
  /** calls `listener` after the terminal is resized; returns the function that unsubscribes */
  onResize?(listener: () => void): () => void
  /** stdout's width on a TTY (what `-F table` fits); undefined off a TTY */
  readonly stdoutColumns?: number
}

/** `--[no-]color`: colour on a TTY unless NO_COLOR is set; never when the stream is not a TTY. */
export function colorFor(isTTY: boolean, flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (!isTTY || flag === false) return false
  if (flag === true) return true
  return env.NO_COLOR === undefined || env.NO_COLOR === ''
}

export function processIo(colorFlag: boolean | undefined): Io {
  const stdoutIsTTY = Boolean(process.stdout.isTTY)
  const stderrIsTTY = Boolean(process.stderr.isTTY)
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdoutIsTTY,
    stderrIsTTY,
    color: colorFor(stdoutIsTTY, colorFlag, process.env),
    stderrColor: colorFor(stderrIsTTY, colorFlag, process.env),
    // Getters: Node updates a TTY stream's size on SIGWINCH.
    get columns() {
      return stderrIsTTY ? process.stderr.columns : undefined
    },
    get rows() {
      return stderrIsTTY ? process.stderr.rows : undefined
    },
    get stdoutColumns() {
      return stdoutIsTTY ? process.stdout.columns : undefined
    },
    onResize(listener) {
      if (!stderrIsTTY) return () => undefined
      process.stderr.on('resize', listener)
      return () => void process.stderr.off('resize', listener)
    },
  }
}
