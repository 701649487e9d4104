// A Push Jobs 1.x server answers 400 `invalid key supplied` to any 2.x field. knife then
// "fell back" and silently dropped options; pushy names them and stops.
import type {JobRequest} from '../api/types.js'
import {ExitCode} from '../exit-codes.js'
import {PushyError} from '../errors.js'

// Body keys a 1.x server does not know, with the flags that set them.
const V2_ONLY: ReadonlyArray<[keyof JobRequest, string]> = [
  ['capture_output', '--capture'],
  ['env', '--with-env/-e'],
  ['dir', '--in-dir'],
  ['user', '--as-user'],
  ['file', '--file'],
]

/** The flags in `request` that only a Push Jobs 2.x server honours. */
export function v2OnlyOptions(request: JobRequest): string[] {
  return V2_ONLY.filter(([key]) => request[key] !== undefined).map(([, flag]) => flag)
}

export function isInvalidKeyError(error: unknown): error is PushyError {
  return error instanceof PushyError && error.status === 400 && /invalid key supplied/i.test(error.message)
}

/**
 * What to report for an error from the job POST: a 1.x server refusing 2.x options becomes a
 * usage error naming them; anything else is returned unchanged (the server's own message).
 */
export function explainPostError(error: unknown, request: JobRequest): unknown {
  if (!isInvalidKeyError(error)) return error
  const options = v2OnlyOptions(request)
  if (options.length > 0) {
    const list = options.length === 1 ? options[0] : `${options.slice(0, -1).join(', ')} and ${options.at(-1)}`
    return new PushyError(`this Push Jobs server (1.x) cannot honour ${list}`, ExitCode.Usage, {
      status: 400,
      hint: 'run the job without those options, or upgrade the server to Push Jobs 2.x',
      cause: error,
    })
  }
  // pushy sends only command, nodes, quorum and run_timeout for a plain job, all of which 1.x
  // knows; if even that is refused, the server is neither 1.x nor 2.x as documented.
  return new PushyError('the server refused the job request: invalid key supplied', ExitCode.Usage, {
    status: 400,
    hint: 'the request held only keys every Push Jobs server accepts (command, nodes, quorum, run_timeout); check that chef_server_url points at a Push Jobs server',
    cause: error,
  })
}
