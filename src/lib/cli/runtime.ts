// What a command gets from the world: environment, working directory, home, streams and Ctrl-C.
// Production uses the process; in-process tests run a command inside `withRuntime` with buffers
// and their own interrupt, so many commands can run in one test process without touching globals
// (AsyncLocalStorage keeps concurrent runs apart).
import {AsyncLocalStorage} from 'node:async_hooks'
import {homedir} from 'node:os'
import {processIo, type Io} from './io.js'

export interface Runtime {
  env: NodeJS.ProcessEnv
  cwd: string
  home: string
  /** the command's streams, once it knows its --[no-]color flag */
  io(colorFlag: boolean | undefined): Io
  stdin(): NodeJS.ReadableStream
  /** calls `handler` on each Ctrl-C (SIGINT) or SIGTERM until the returned function is called */
  onInterrupt(handler: (signal: string) => void): () => void
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

export function processRuntime(): Runtime {
  return {
    env: process.env,
    cwd: process.cwd(),
    home: process.env.HOME || homedir(),
    io: (colorFlag) => processIo(colorFlag),
    stdin: () => process.stdin,
    onInterrupt(handler) {
      for (const signal of SIGNALS) process.on(signal, handler)
      return () => {
        for (const signal of SIGNALS) process.removeListener(signal, handler)
      }
    },
  }
}

const current = new AsyncLocalStorage<Runtime>()

export const runtime = (): Runtime => current.getStore() ?? processRuntime()

export const withRuntime = <T>(value: Runtime, fn: () => Promise<T>): Promise<T> => current.run(value, fn)
