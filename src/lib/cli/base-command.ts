import {Command, Config, Errors, type Interfaces} from '@oclif/core'
import type {CommandContext, CommandSession, ServerFlagValues} from './context.js'
import {type ExitCodeValue} from '../exit-codes.js'
import {drained, reportError, withFlagSuggestion} from './ending.js'
import type {Io} from './io.js'
import {runtime, type Runtime} from './runtime.js'

/** The flags PushyCommand reads itself, whichever command declares them. */
interface CommonFlags {
  color?: boolean
  verbose?: boolean
}

/**
 * What every pushy command shares, on oclif's own lifecycle (init → run → catch → finally):
 * - `parse` also makes the `Io` (from --[no-]color) and notes --verbose;
 * - `context()` opens settings, the signed client and, in local mode, the local server, once,
 *   on first use;
 * - Ctrl-C becomes one AbortSignal (`this.interrupted`) handed to whatever waits; a second
 *   Ctrl-C ends the process at once;
 * - `run()` returns the exit code (bin/run.js exits with it once stdout and stderr are drained);
 * - an error is one `Error:` line (no stack unless --verbose) and its code from the table;
 * - clean-ups (the local server, sockets) run in `finally`, however the command ended.
 */
export abstract class PushyCommand extends Command {
  protected readonly runtime: Runtime = runtime()
  protected io: Io = this.runtime.io(undefined)
  protected verbose = false
  private readonly interrupt = new AbortController()
  private readonly cleanups: Array<() => Promise<void> | void> = []
  private stopListening: (() => void) | undefined
  private opened: Promise<CommandContext> | undefined

  abstract override run(): Promise<ExitCodeValue>

  /**
   * oclif's static run, minus a second Config.load: oclif's run() has loaded the Config and
   * passes it here, and oclif's own static run loads it all again (platform, shell, theme,
   * commands: ~3 ms of every start-up) in case the command was built against another copy of
   * @oclif/core. pushy's commands and runner share one copy, so the loaded Config is used as it is.
   */
  static override async run<T extends Command>(this: new (argv: string[], config: Config) => T, argv: string[] = process.argv.slice(2), opts?: Interfaces.LoadOptions): Promise<ReturnType<T['run']>> {
    if (!(opts instanceof Config)) return (Command.run as (this: unknown, argv: string[], opts?: Interfaces.LoadOptions) => Promise<ReturnType<T['run']>>).call(this, argv, opts)
    return (new this(argv, opts) as unknown as {_run(): Promise<ReturnType<T['run']>>})._run()
  }

  /** Aborts on Ctrl-C (or SIGTERM). */
  protected get interrupted(): AbortSignal {
    return this.interrupt.signal
  }

  override async init(): Promise<void> {
    await super.init()
    this.stopListening = this.runtime.onInterrupt(() => {
      // The first Ctrl-C lets the command end as it should (exit 130, the job left running);
      // a second one means "now".
      if (this.interrupt.signal.aborted) process.exit(130)
      this.interrupt.abort()
    })
  }

  // oclif's own constraint on parsed flags and args
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async parse<F extends Record<string, any>, B extends Record<string, any>, A extends Record<string, any>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv)
    const flags = parsed.flags as CommonFlags
    this.io = this.runtime.io(flags.color)
    this.verbose = flags.verbose ?? false
    // dist/ is minified; stack traces name the TypeScript sources instead.
    if (this.verbose) process.setSourceMapsEnabled(true)
    return parsed
  }

  /** What the command's work function needs: streams, Ctrl-C, and the server context on demand. */
  protected session(flags: ServerFlagValues = {}): CommandSession {
    return {io: this.io, verbose: this.verbose, interrupted: this.interrupted, runtime: this.runtime, context: () => this.context(flags)}
  }

  /** Settings, the signed client and (with -z) the local server: opened once, closed in `finally`. */
  private context(flags: ServerFlagValues): Promise<CommandContext> {
    this.opened ??= import('./context.js').then(({openContext}) =>
      openContext({flags, io: this.io, runtime: this.runtime, signal: this.interrupted, onCleanup: (fn) => this.cleanups.push(fn)}),
    )
    return this.opened
  }

  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<never> {
    if (error instanceof Errors.ExitError) throw error
    const has = (...names: string[]): boolean => names.some((name) => this.argv.includes(name))
    const verbose = this.verbose || has('-V', '--verbose')
    const code = await reportError(withFlagSuggestion(error, Object.keys(this.ctor.flags ?? {})), (text) => this.io.err(text), verbose, has('-z', '--local-mode'))
    // oclif's way to end with a code without another message (bin/run.js exits with it)
    throw new Errors.ExitError(code)
  }

  override async finally(error: Error | undefined): Promise<void> {
    this.stopListening?.()
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn()
      } catch {
        // Clean-up failures must not hide the command's own result.
      }
    }
    await drained()
    await super.finally(error)
  }
}
