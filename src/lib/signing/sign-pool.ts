// RSA signing on worker threads, for a command that sends many requests at once (`job output`
// for 1,000 nodes): each signature costs about 1 ms of CPU with a 2048-bit key, more than the rest
// of a request, and protocols 1.0 and 1.1 (Chef's default) have no asynchronous form in
// node:crypto. Workers sign on the other cores while the main thread keeps connections busy.
// Starting a worker costs ~20 ms, so the HTTP client uses the pool only under load (client.ts).
import type {KeyObject} from 'node:crypto'
import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import type {SigningVersion} from './canonical.js'

export interface SignPool {
  /** the signature of `text`, made on a worker thread */
  sign(version: SigningVersion, text: Buffer): Promise<Buffer>
  close(): void
}

/**
 * A worker's script. It repeats rsaSign (sign.ts) in plain JavaScript rather than import it: a
 * worker cannot import from the bundle it was started by. sign-pool.test.ts checks that both
 * give the same signatures for every protocol version.
 */
const WORKER_SOURCE = `
const crypto = require('node:crypto')
const {parentPort, workerData} = require('node:worker_threads')
const rsaSign = (version, text, key) =>
  version === '1.3' ? crypto.sign('sha256', text, key) : crypto.privateEncrypt({key, padding: crypto.constants.RSA_PKCS1_PADDING}, text)
parentPort.on('message', ({id, version, text}) => {
  try {
    parentPort.postMessage({id, signature: rsaSign(version, text, workerData.key)})
  } catch (error) {
    parentPort.postMessage({id, error: String((error && error.message) || error)})
  }
})
`

/** Workers: one per core but one (the main thread has HTTP to do), at least one, at most four. */
const poolSize = (): number => Math.min(4, Math.max(1, availableParallelism() - 1))

/** An idle pool ends its workers after this long; the next burst starts new ones. */
const IDLE_CLOSE_MS = 2_000

export function createSignPool(key: KeyObject, size = poolSize()): SignPool {
  const pending = new Map<number, {resolve: (signature: Buffer) => void; reject: (error: Error) => void}>()
  let nextId = 0
  let failed: Error | undefined
  let workers: Worker[] = []
  let idle: NodeJS.Timeout | undefined

  const close = (): void => {
    clearTimeout(idle)
    for (const worker of workers) void worker.terminate()
    workers = []
  }

  const start = (): Worker[] =>
    Array.from({length: size}, () => {
      const worker = new Worker(WORKER_SOURCE, {eval: true, workerData: {key}})
      // an idle pool must not keep the process alive
      worker.unref()
      worker.on('message', ({id, signature, error}: {id: number; signature?: Uint8Array; error?: string}) => {
        const waiting = pending.get(id)
        pending.delete(id)
        if (pending.size === 0) idle = setTimeout(close, IDLE_CLOSE_MS).unref()
        if (!waiting) return
        if (signature) waiting.resolve(Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength))
        else waiting.reject(new Error(error))
      })
      worker.on('error', (error) => {
        failed = error
        for (const waiting of pending.values()) waiting.reject(error)
        pending.clear()
      })
      return worker
    })

  return {
    sign(version, text) {
      if (failed) return Promise.reject(failed)
      clearTimeout(idle)
      if (workers.length === 0) workers = start()
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, {resolve, reject})
        workers[id % workers.length]!.postMessage({id, version, text})
      })
    },
    close,
  }
}
