// The local Push Jobs server ("zero"): node:http on 127.0.0.1 in front of the engine.
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createEngine} from './engine/index.js'
import {loadFleet} from './fleet.js'
import {createRequestHandler} from './http/handler.js'
import {alreadyServedError, listenError} from './listen-error.js'
import type {SseStream} from './http/sse.js'
import {ensureStateDir, ensureUserKey, readServerInfo, removeServerInfo, stateDirKeyRing, writeServerInfo} from './state-dir.js'
import {DEFAULT_TIMINGS, type ZeroServer, type ZeroServerOptions} from './types.js'

/** The one user local mode knows, and the org it serves unless told otherwise. */
export const ZERO_USER = 'pushy'
export const ZERO_ORG = 'pushy'

/** Never any other interface: zero runs commands on this machine for whoever can sign. */
const HOST = '127.0.0.1'

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export async function startZeroServer(options: ZeroServerOptions): Promise<ZeroServer> {
  const org = options.org ?? ZERO_ORG
  const pushVersion = options.pushVersion ?? 2
  const keepaliveMs = options.timings?.keepaliveMs ?? DEFAULT_TIMINGS.keepaliveMs
  ensureStateDir(options.stateDir)
  const {keyPath, publicKey} = ensureUserKey(options.stateDir)
  const fleet = typeof options.fleet === 'object' ? options.fleet : loadFleet(options.fleet)
  const server = createServer()
  let port: number
  try {
    port = await listen(server, options.port ?? 0)
  } catch (error) {
    throw listenError(error as NodeJS.ErrnoException, options.port ?? 0, options.stateDir)
  }
  // Two servers on one state directory would each see half the jobs, and -z commands only one.
  const running = readServerInfo(options.stateDir)
  if (running) {
    server.close()
    throw alreadyServedError(running, options.stateDir)
  }

  // The job store is opened only once the port is ours: a server that cannot start must not mark
  // the live jobs of another server on this state directory as crashed.
  const engine = createEngine({org, fleet, stateDir: options.stateDir, timings: options.timings, maxConcurrentExec: options.maxConcurrentExec})
  const streams = new Set<SseStream>()
  server.on(
    'request',
    createRequestHandler({
      engine,
      keys: stateDirKeyRing(options.stateDir, ZERO_USER, publicKey),
      pushVersion,
      keepaliveMs,
      port: () => port,
      onRequest: options.onRequest ?? (() => {}),
      streams,
    }),
  )

  const url = `http://${HOST}:${port}/organizations/${org}`
  writeServerInfo(options.stateDir, {url, pid: process.pid, keyPath, userName: ZERO_USER})
  let closing: Promise<void> | undefined

  return {
    url,
    port,
    org,
    userName: ZERO_USER,
    keyPath,
    fleet,
    dropFeedConnections() {
      for (const stream of streams) stream.destroy()
      streams.clear()
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        for (const stream of streams) stream.end()
        // Keep-alive connections hold server.close() open: close each as soon as it is idle
        // (in-flight answers finish first), and cut whatever is left after a grace period.
        const sweep = setInterval(() => server.closeIdleConnections(), 10)
        const cut = setTimeout(() => server.closeAllConnections(), 2000)
        server.closeIdleConnections()
        await stopped
        clearInterval(sweep)
        clearTimeout(cut)
        await engine.close()
        removeServerInfo(options.stateDir, url)
      })()
      return closing
    },
  }
}
