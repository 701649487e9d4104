// The entry bin/run.js calls, from the same bundle as the commands so that the runner and the
// commands share one copy of @oclif/core (a second copy would break its instanceof checks).
import {Errors, run, type Interfaces} from '@oclif/core'
import {drained, reportError} from './lib/cli/ending.js'

export {Config} from '@oclif/core'

/**
 * oclif's execute(), except that the process ends with the code the command returned (commands
 * do not exit by exception), and an error raised outside a command (an unknown command, a
 * failing hook) is one `Error:` line with its exit code from the table, like every other error.
 * Commands report their own errors (PushyCommand.catch) and end with an ExitError.
 */
export async function main(argv: string[], load: Interfaces.LoadOptions): Promise<never> {
  let code: number
  try {
    const result = await run(argv, load)
    code = typeof result === 'number' ? result : 0
  } catch (error) {
    if (error instanceof Errors.ExitError) code = error.oclif.exit ?? 0
    else code = await reportError(error as Error, (text) => process.stderr.write(text), argv.includes('-V') || argv.includes('--verbose'))
  }
  // (not oclif's flush(): it waits for a 'drain' that never comes once a reader has gone)
  await drained()
  // Explicitly: a keep-alive socket or a timer left by a library must not hold the result back.
  process.exit(code)
}
