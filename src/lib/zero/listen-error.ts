// Why `pushy zero` could not listen, said as a usage error (exit 2) with what to do instead.
import {usageError} from '../errors.js'
import {readServerInfo} from './state-dir.js'

export function listenError(error: NodeJS.ErrnoException, port: number, stateDir: string): Error {
  if (error.code === 'EACCES') return usageError(`not allowed to listen on port ${port} of 127.0.0.1`, '--port 0 picks any free port, or choose one above 1023')
  if (error.code !== 'EADDRINUSE') return error

  const running = readServerInfo(stateDir)
  if (!running) return usageError(`port ${port} on 127.0.0.1 is already in use (no pushy zero serves ${stateDir})`, '--port 0 picks any free port')
  return usageError(
    `port ${port} on 127.0.0.1 is already in use; pushy zero (pid ${running.pid}) already serves ${stateDir} at ${running.url}`,
    `-z commands with this state directory use that server already; to run a second one, give it --port 0 (any free port) and its own --state-dir`,
  )
}

/** Another `pushy zero` already serves this state directory. */
export function alreadyServedError(running: {pid: number; url: string}, stateDir: string): Error {
  return usageError(
    `pushy zero (pid ${running.pid}) already serves ${stateDir} at ${running.url}`,
    '-z commands with this state directory use that server already; to run a second one, give it its own --state-dir',
  )
}
