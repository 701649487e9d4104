import {ExitCode, type ExitCodeValue} from './exit-codes.js'

/**
 * Every failure pushy reports is a PushyError: a one-line message (the server's own words where
 * there are any), an optional hint saying what to do, and the exit code from the table.
 */
export class PushyError extends Error {
  readonly exitCode: ExitCodeValue
  readonly hint?: string
  /** HTTP status when the error came from a response. */
  readonly status?: number

  constructor(message: string, exitCode: ExitCodeValue, options: {hint?: string; status?: number; cause?: unknown} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'PushyError'
    this.exitCode = exitCode
    this.hint = options.hint
    this.status = options.status
  }
}

export const usageError = (message: string, hint?: string): PushyError => new PushyError(message, ExitCode.Usage, {hint})

/** The single stderr line a user sees: `Error: <message>. Hint: <what to do>`. */
export function formatErrorLine(error: PushyError): string {
  const message = error.message.replaceAll(/\s*\n\s*/g, ' ')
  if (!error.hint) return `Error: ${message}`
  return `Error: ${message}${/[.!?]$/.test(message) ? '' : '.'} Hint: ${error.hint}`
}
