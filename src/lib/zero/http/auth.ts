// Request authentication, in the real server's order and with its messages. It runs in two
// webmachine steps with the POST body checks between them:
//   malformed_request (checkSigningHeaders): required headers present (400) → timestamp readable
//     (401) and within the skew (401) → signing version supported (400); then the POST body.
//   is_authorized (authenticate): user known (401) → signature, content hash included (401).
import type {IncomingHttpHeaders} from 'node:http'
import type {KeyObject} from 'node:crypto'
import {isSigningVersion} from '../../signing/canonical.js'
import {verifyRequest} from '../../signing/verify.js'
import {errorList, type Reply} from './responses.js'

/** Local mode has no groups: the admin reads and writes; other known clients only read. */
export type Role = 'admin' | 'member'

export interface Principal {
  key: KeyObject
  role: Role
}

export interface KeyRing {
  lookup(userId: string): Principal | undefined
}

export type AuthResult = {kind: 'unauthorized'; reply: Reply} | {kind: 'ok'; userId: string; role: Role}

export const AUTH_SKEW_SECONDS = 900

/** chef_authn's required headers, in the order its 400 message names the missing ones. */
const REQUIRED_HEADERS = ['X-Ops-UserId', 'X-Ops-Timestamp', 'X-Ops-Sign', 'X-Ops-Content-Hash']

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

/** The 401 challenge the real server sends (it advertises only 1.0 and 1.1, yet accepts 1.3). */
const CHALLENGE = {'WWW-Authenticate': 'X-Ops-Sign version="1.0" version="1.1"'}

const unauthorizedReply = (message: string): Reply => ({...errorList(401, message), headers: {'Content-Type': 'application/json', ...CHALLENGE}})

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** The header checks that come before the POST body; undefined when they pass. */
export function checkSigningHeaders(headers: IncomingHttpHeaders, now = new Date()): Reply | undefined {
  const missing = REQUIRED_HEADERS.filter((name) => header(headers, name) === undefined)
  if (missing.length > 0) return errorList(400, `missing required authentication header(s) ${missing.map((name) => `'${name}'`).join(', ')}`)

  const timestamp = header(headers, 'X-Ops-Timestamp')!
  if (!TIMESTAMP.test(timestamp)) return unauthorizedReply("bad header(s) 'X-Ops-Timestamp'")
  if (Math.abs(now.getTime() - Date.parse(timestamp)) >= AUTH_SKEW_SECONDS * 1000) {
    return unauthorizedReply(`Failed to authenticate as ${header(headers, 'X-Ops-UserId')}. Synchronize the clock on your host.`)
  }

  const version = /version=([0-9.]+)/.exec(header(headers, 'X-Ops-Sign')!)?.[1] ?? ''
  return isSigningVersion(version) ? undefined : errorList(400, 'Unsupported authentication protocol version')
}

/** The checks after the POST body, for a request whose signing headers passed checkSigningHeaders. */
export function authenticate(input: {method: string; path: string; body: Buffer; headers: IncomingHttpHeaders}, keys: KeyRing, now?: Date): AuthResult {
  const userId = header(input.headers, 'X-Ops-UserId')!
  const principal = keys.lookup(userId)
  if (!principal) return {kind: 'unauthorized', reply: unauthorizedReply(`Failed to authenticate as '${userId}'. Ensure that your node_name and client key are correct.`)}

  // The headers were checked already, so what can fail here is the signature: absent (no
  // X-Ops-Authorization-1), not made with this key, or over another body (content hash).
  const result = verifyRequest({...input, now, skewSeconds: AUTH_SKEW_SECONDS, lookupKey: () => principal.key})
  if (result.ok) return {kind: 'ok', userId, role: principal.role}
  return {kind: 'unauthorized', reply: unauthorizedReply(`Invalid signature for user or client '${userId}'`)}
}
