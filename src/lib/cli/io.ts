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
  }
}
