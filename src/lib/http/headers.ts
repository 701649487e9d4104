import type {KeyObject} from 'node:crypto'
import type {Settings} from '../config/types.js'
import {ownPackage} from '../package-root.js'
import {parsePrivateKey, readPrivateKey} from '../signing/key.js'
import {signRequest} from '../signing/sign.js'

/** Sent as X-Chef-Version, like every Chef client does (servers ignore it on requests). */
const CHEF_VERSION = '18.0.0'

const pushyUserAgent = (): string => `pushy/${ownPackage().version}`

export type Signer = (method: string, path: string, body?: Buffer) => Record<string, string>

export interface RequestHeaders {
  /** the headers every request carries, before signing */
  base: Record<string, string>
  sign: Signer
  /** for error hints: the key's path or where its PEM text came from */
  keySource: string
}

/** Parses the key once and returns a signer stamping a fresh timestamp on every call. */
export function requestHeaders(settings: Settings, serverApiVersion: string, now: () => Date = () => new Date()): RequestHeaders {
  const {clientKey} = settings
  const key: KeyObject = 'path' in clientKey ? readPrivateKey(clientKey.path) : parsePrivateKey(clientKey.pem, clientKey.source)
  const keySource = 'path' in clientKey ? clientKey.path : clientKey.source
  const sign: Signer = (method, path, body) =>
    signRequest({
      method,
      path,
      body,
      userId: settings.nodeName,
      key,
      version: settings.authenticationProtocolVersion,
      serverApiVersion,
      date: now(),
    })

  const base = {
    Accept: 'application/json',
    'User-Agent': pushyUserAgent(),
    'X-Chef-Version': CHEF_VERSION,
  }
  return {base, sign, keySource}
}

const SECRET = /^x-ops-(authorization-\d+|content-hash)$/i

/** Headers for -V output: the signature lines and the content hash are named, never shown. */
export function redactedHeaders(headers: Record<string, unknown>): string {
  const entries = Object.entries(headers).filter(([, value]) => value !== undefined)
  const shown = entries.filter(([name]) => !SECRET.test(name)).map(([name, value]) => `${name}: ${String(value)}`)
  const hidden = entries.filter(([name]) => SECRET.test(name)).length
  return [...shown, ...(hidden > 0 ? [`X-Ops-Authorization-*, X-Ops-Content-Hash: [${hidden} headers redacted]`] : [])].join(', ')
}
