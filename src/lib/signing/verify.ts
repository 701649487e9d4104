import {constants, publicDecrypt, verify, type KeyObject} from 'node:crypto'
import {base64Digest, digestName, isSigningVersion, stringToSign, type SigningVersion} from './canonical.js'

export type VerifyResult =
  | {ok: true; userId: string; version: SigningVersion}
  | {ok: false; reason: 'missing-headers'; missing: string[]}
  | {ok: false; reason: 'bad-version'}
  | {ok: false; reason: 'bad-header'; detail: string}
  | {ok: false; reason: 'clock'; userId: string}
  | {ok: false; reason: 'unknown-user'; userId: string}
  | {ok: false; reason: 'bad-signature'; userId: string}

export interface VerifyInput {
  method: string
  path: string
  body: Buffer
  /** header names lower-cased */
  headers: Record<string, string | string[] | undefined>
  lookupKey: (userId: string) => KeyObject | undefined
  now?: Date
  /** allowed clock skew, seconds (Chef: 900) */
  skewSeconds?: number
}

const REQUIRED = ['x-ops-sign', 'x-ops-userid', 'x-ops-timestamp', 'x-ops-content-hash']

const header = (headers: VerifyInput['headers'], name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Server-side check of a signed request, in the order chef_authn applies it. */
export function verifyRequest(input: VerifyInput): VerifyResult {
  const missing = REQUIRED.filter((name) => header(input.headers, name) === undefined)
  if (header(input.headers, 'x-ops-authorization-1') === undefined) missing.push('x-ops-authorization-1')
  if (missing.length > 0) return {ok: false, reason: 'missing-headers', missing}

  const sign = header(input.headers, 'x-ops-sign')!
  const version = /version=([0-9.]+)/.exec(sign)?.[1] ?? ''
  if (!isSigningVersion(version)) return {ok: false, reason: 'bad-version'}

  const userId = header(input.headers, 'x-ops-userid')!
  const timestamp = header(input.headers, 'x-ops-timestamp')!
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp)) return {ok: false, reason: 'bad-header', detail: 'X-Ops-Timestamp'}
  const skewMs = Math.abs((input.now ?? new Date()).getTime() - Date.parse(timestamp))
  if (skewMs >= (input.skewSeconds ?? 900) * 1000) return {ok: false, reason: 'clock', userId}

  const key = input.lookupKey(userId)
  if (!key) return {ok: false, reason: 'unknown-user', userId}

  let n = 1
  let encoded = ''
  for (let line = header(input.headers, `x-ops-authorization-${n}`); line !== undefined; line = header(input.headers, `x-ops-authorization-${++n}`)) encoded += line
  const signature = Buffer.from(encoded, 'base64')
  const contentHash = base64Digest(digestName(version), input.body)
  if (version !== '1.3' && contentHash !== header(input.headers, 'x-ops-content-hash')) return {ok: false, reason: 'bad-signature', userId}
  const text = stringToSign({
    method: input.method,
    path: input.path,
    contentHash,
    timestamp,
    userId,
    version,
    serverApiVersion: header(input.headers, 'x-ops-server-api-version') ?? '0',
  })

  try {
    const valid =
      version === '1.3'
        ? verify('sha256', Buffer.from(text), key, signature)
        : publicDecrypt({key, padding: constants.RSA_PKCS1_PADDING}, signature).equals(Buffer.from(text))
    return valid ? {ok: true, userId, version} : {ok: false, reason: 'bad-signature', userId}
  } catch {
    return {ok: false, reason: 'bad-signature', userId}
  }
}
