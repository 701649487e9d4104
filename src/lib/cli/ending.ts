// How a run ends, for commands (PushyCommand) and for errors raised outside any command
// (src/cli.ts): one typed error, and stdout/stderr drained before the process exits.
import {Errors} from '@oclif/core'
import {formatErrorLine, PushyError} from '../errors.js'
import {suggestCommands} from './suggest.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'

/**
 * Resolves once everything written to stdout and stderr has left the process. process.exit()
 * does not wait for a pipe: a 50,000-node result piped to `grep` was cut off without it.
 */
export function drained(): Promise<void> {
  const flush = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())))
  return Promise.all([flush(process.stdout), flush(process.stderr)]).then(() => undefined)
}

/**
 * oclif's parse messages span lines ("Missing 1 required arg:\ncommand  job name…\nSee more
 * help with --help"); the error line keeps what they say, on one line.
 */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim().replace(/^›?\s*Error:\s*/, ''))
    // an argument listed as `NAME  description` reads `NAME (description)` on one line
    .map((line) => line.replace(/^([\w-]+) {2,}(\S.*)$/, '$1 ($2)'))
    .filter((line) => line !== '' && !/^See more help with/.test(line))
    .join(' ')
    .replaceAll(/\s+/g, ' ')
    // oclif adds this for any multi-value flag; pushy's are non-greedy, so it does not apply.
    .replace(/ Note: --\S+ allows multiple values\..*$/, '')
}

/** oclif wraps a flag's own parse error as "Parsing --NAME \n\t<message>\nSee more help with --help". */
const FLAG_PARSE_WRAPPING = /^Parsing --\S+\s*\n\t/

/** oclif's parse errors are usage errors (exit 2); anything untyped is a bug, said plainly. */
export function toPushyError(error: Error & {oclif?: {exit?: number}}): PushyError {
  if (error instanceof PushyError) {
    if (!FLAG_PARSE_WRAPPING.test(error.message)) return error
    return new PushyError(oneLine(error.message.replace(FLAG_PARSE_WRAPPING, '')), error.exitCode, {hint: error.hint, status: error.status})
  }
  if (error instanceof Errors.CLIError) return new PushyError(oneLine(error.message), ExitCode.Usage, {hint: 'see --help'})

  return new PushyError(`internal error: ${error.message}`, ExitCode.Internal, {hint: 'this is a bug in pushy: please report it with the output of the same command run with -V'})
}

/**
 * Writes the one `Error:` line (plus the stack with --verbose, except for usage errors, whose
 * stack says nothing), waits for it to leave the process, and returns the exit code to end with.
 */
export async function reportError(error: Error, write: (text: string) => void, verbose: boolean, localMode = false): Promise<ExitCodeValue> {
  const typed = localMode ? inLocalMode(toPushyError(error)) : toPushyError(error)
  write(`${formatErrorLine(typed)}\n`)
  if (verbose && typed.exitCode !== ExitCode.Usage) write(`${error.stack ?? error}\n`)
  await drained()
  return typed.exitCode
}

/** In local mode, a hint that names a pushy command names it with -z, so that it can be pasted. */
export function inLocalMode(error: PushyError): PushyError {
  if (!error.hint) return error
  const hint = error.hint.replaceAll(/`(pushy (?:job|node) [^`]*?)`/g, (whole, command: string) => (/(^| )(-z|--local-mode)( |$)/.test(command) ? whole : `\`${command} -z\``))
  return hint === error.hint ? error : new PushyError(error.message, error.exitCode, {hint, status: error.status, cause: error.cause})
}

/**
 * oclif's "Nonexistent flag: --quorom" with what was probably meant, as a mistyped command gets:
 * `Error: Nonexistent flag: --quorom. Hint: did you mean --quorum? see --help`.
 */
export function withFlagSuggestion(error: Error, flagNames: readonly string[]): Error {
  const typed = /Nonexistent flags?: --([\w-]+)/.exec(error.message)?.[1]
  if (!typed || !(error instanceof Errors.CLIError)) return error
  const [best] = suggestCommands(typed, flagNames, 1)
  if (!best) return error
  return new PushyError(`Nonexistent flag: --${typed}`, ExitCode.Usage, {hint: `did you mean --${best}? see --help`})
}
