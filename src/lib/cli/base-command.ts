import {Command, Errors} from '@oclif/core'
import {type ExitCodeValue} from '../exit-codes.js'
import {drained, reportError} from './ending.js'
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
    this.exit(await reportError(error, this.io.err, verbose))
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
