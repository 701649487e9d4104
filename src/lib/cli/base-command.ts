import {Command, Errors} from '@oclif/core'
import {formatErrorLine, PushyError} from '../errors.js'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {processIo, type Io} from './io.js'

/**
 * What every pushy command shares: one `Error:` line on stderr (never oclif's decorated box,
 * no stack trace unless --verbose), exit codes from the one table, and clean-up of anything a
 * command opened (the local server, sockets) however it ends.
 */
export abstract class PushyCommand extends Command {
  protected io: Io = processIo(undefined)
  protected verbose = false
  private readonly cleanups: Array<() => Promise<void> | void> = []

  protected onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn)
  }

  /** Call once flags are parsed. */
  protected setupIo(flags: {color?: boolean; verbose?: boolean}): Io {
    this.io = processIo(flags.color)
    this.verbose = flags.verbose ?? false
    // dist/ is minified; stack traces name the TypeScript sources instead.
    if (this.verbose) process.setSourceMapsEnabled(true)
    return this.io
  }

  /** Ends the command with `code` (0 included, so no stray handle keeps the process alive). */
  protected async done(code: ExitCodeValue): Promise<never> {
    await this.runCleanups()
    await drained()
    this.exit(code)
    throw new Error('unreachable')
  }

  override async catch(error: Error & {oclif?: {exit?: number}; code?: string}): Promise<never> {
    if (error instanceof Errors.ExitError) throw error
    await this.runCleanups()
    const verbose = this.verbose || this.argv.includes('-V') || this.argv.includes('--verbose')
    const typed = toPushyError(error)
    this.io.err(formatErrorLine(typed) + '\n')
    if (verbose && !(error instanceof PushyError && error.exitCode === ExitCode.Usage)) this.io.err(`${error.stack ?? error}\n`)
    await drained()
    this.exit(typed.exitCode)
    throw error
  }

  private async runCleanups(): Promise<void> {
    const pending = this.cleanups.splice(0).reverse()
    for (const fn of pending) {
      try {
        await fn()
      } catch {
        // Clean-up failures must not hide the command's own result.
      }
    }
  }
}

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
    .filter((line) => line !== '' && !/^See more help with/.test(line))
    .join(' ')
    .replaceAll(/\s+/g, ' ')
    // oclif adds this for any multi-value flag; pushy's are non-greedy, so it does not apply.
    .replace(/ Note: --\S+ allows multiple values\..*$/, '')
}

/** oclif's parse errors are usage errors (exit 2); anything untyped is a bug, said plainly. */
export function toPushyError(error: Error & {oclif?: {exit?: number}}): PushyError {
  if (error instanceof PushyError) return error
  if (error instanceof Errors.CLIError) return new PushyError(oneLine(error.message), ExitCode.Usage, {hint: 'see --help'})

  return new PushyError(`unexpected failure: ${error.message}`, ExitCode.NodeFailed, {hint: 're-run with --verbose for the stack trace'})
}
