// The entry bin/run.js calls, from the same bundle as the commands so that the runner and the
// commands share one copy of @oclif/core (a second copy would break its instanceof checks).
import {Errors, handle, run, type Interfaces} from '@oclif/core'
import {drained, reportError} from './lib/cli/ending.js'

export {Config} from '@oclif/core'

/**
 * oclif's execute(), except that an error raised outside a command (an unknown command, a
 * failing hook) is one `Error:` line with its exit code from the table, like every other error.
 * Commands report their own errors (PushyCommand.catch) and end with an ExitError.
 */
export async function main(argv: string[], load: Interfaces.LoadOptions): Promise<void> {
  try {
    await run(argv, load)
    // (not oclif's flush(): it waits for a 'drain' that never comes once a reader has gone)
    await drained()
  } catch (error) {
    if (error instanceof Errors.ExitError) return handle(error)
    const verbose = argv.includes('-V') || argv.includes('--verbose')
    process.exit(await reportError(error as Error, (text) => process.stderr.write(text), verbose))
  }
}
