import type {KeyObject} from 'node:crypto'
import type {Settings} from '../config/types.js'
import {ownPackage} from '../package-root.js'
import {parsePrivateKey, readPrivateKey} from '../signing/key.js'
import type {SignPool} from '../signing/sign-pool.js'
import {prepareSignature, signRequest, withSignature} from '../signing/sign.js'

/** Sent as X-Chef-Version, like every Chef client does (servers ignore it on requests). */
const CHEF_VERSION = '18.0.0'

const pushyUserAgent = (): string => `pushy/${ownPackage().version}`

export type Signer = (method: string, path: string, body?: Buffer) => Record<string, string>
export type AsyncSigner = (method: string, path: string, body?: Buffer) => Promise<Record<string, string>>

export interface RequestHeaders {
  /** the headers every request carries, before signing */
  base: Record<string, string>
  sign: Signer
  /** the same headers, the RSA operation on a worker thread (sign-pool.ts): for many requests at once */
  signOnWorker: AsyncSigner
  /** for error hints: the key's path or where its PEM text came from */
  keySource: string
}

/** Parses the key once and returns a signer stamping a fresh timestamp on every call. */
export function requestHeaders(settings: Settings, serverApiVersion: string, now: () => Date = () => new Date()): RequestHeaders {
  const {clientKey} = settings
  const key: KeyObject = 'path' in clientKey ? readPrivateKey(clientKey.path) : parsePrivateKey(clientKey.pem, clientKey.source)
  const keySource = 'path' in clientKey ? clientKey.path : clientKey.source
  const input = (method: string, path: string, body?: Buffer) => ({
    method,
    path,
    body,
    userId: settings.nodeName,
    version: settings.authenticationProtocolVersion,
    serverApiVersion,
    date: now(),
  })
  const sign: Signer = (method, path, body) => signRequest({...input(method, path, body), key})
  // loaded with the first burst of requests: most commands send a few and never need it
  let pool: Promise<SignPool> | undefined
  const signOnWorker: AsyncSigner = async (method, path, body) => {
    const prepared = prepareSignature(input(method, path, body))
    pool ??= import('../signing/sign-pool.js').then(({createSignPool}) => createSignPool(key))
    return withSignature(prepared, await (await pool).sign(prepared.version, prepared.text))
  }

  const base = {
    Accept: 'application/json',
    'User-Agent': pushyUserAgent(),
    'X-Chef-Version': CHEF_VERSION,
  }
  return {base, sign, signOnWorker, keySource}
}

const SECRET = /^x-ops-(authorization-\d+|content-hash)$/i

/** Headers for -V output: the signature lines and the content hash are named, never shown. */
export function redactedHeaders(headers: Record<string, unknown>): string {
  const entries = Object.entries(headers).filter(([, value]) => value !== undefined)
  const shown = entries.filter(([name]) => !SECRET.test(name)).map(([name, value]) => `${name}: ${String(value)}`)
  const hidden = entries.filter(([name]) => SECRET.test(name)).length
  return [...shown, ...(hidden > 0 ? [`X-Ops-Authorization-*, X-Ops-Content-Hash: [${hidden} headers redacted]`] : [])].join(', ')
}
