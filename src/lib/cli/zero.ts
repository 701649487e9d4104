import {once} from 'node:events'
import {ExitCode, type ExitCodeValue} from '../exit-codes.js'
import {knifeConfigLines, requestLine, startLines} from '../zero/announce.js'
import {startZeroServer} from '../zero/server.js'
import type {ZeroServerOptions, ZeroTimings} from '../zero/types.js'
import type {CommandSession} from './context.js'
import {zeroOptionsFromEnv} from './local-mode.js'

export interface ServeZeroInput {
  port: number
  org: string
  stateDir?: string
  fleet?: string
  pushVersion: 1 | 2
  /** flags; undefined ones fall back to the environment, then the defaults */
  timings: Partial<Record<keyof ZeroTimings, number | undefined>>
}

/** `pushy zero`: serve until Ctrl-C, printing the knife config lines that point at it. */
export async function serveZero(session: CommandSession, input: ServeZeroInput): Promise<ExitCodeValue> {
  const {io} = session
  const fromEnv = zeroOptionsFromEnv(session.runtime.env)
  const timings = Object.fromEntries(Object.entries(input.timings).filter(([, value]) => value !== undefined))
  const fleetFile = input.fleet ?? (typeof fromEnv.fleet === 'string' ? fromEnv.fleet : undefined)
  const stateDir = input.stateDir ?? fromEnv.stateDir
  const options: ZeroServerOptions = {
    port: input.port,
    org: input.org,
    stateDir,
    fleet: fleetFile,
    pushVersion: input.pushVersion,
    timings: {...fromEnv.timings, ...timings},
    ...(session.verbose ? {onRequest: (entry) => io.err(requestLine(entry))} : {}),
  }
  const server = await startZeroServer(options)
  try {
    io.out(knifeConfigLines(server))
    io.err(startLines(server, fleetFile, stateDir))
    if (!session.interrupted.aborted) await once(session.interrupted, 'abort')
    return ExitCode.Ok
  } finally {
    await server.close()
  }
}
