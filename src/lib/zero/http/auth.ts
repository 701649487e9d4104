// Request authentication (push-jobs-server.md §1.1) on top of verifyRequest. chef_authn splits
// the outcome across two webmachine steps: missing headers and an unsupported version are
// "malformed" (400, before POST body validation); the rest is "not authorized" (401, after it).
import type {IncomingHttpHeaders} from 'node:http'
import type {KeyObject} from 'node:crypto'
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

export type AuthResult =
  | {kind: 'malformed'; reply: Reply}
  | {kind: 'unauthorized'; reply: Reply}
  | {kind: 'ok'; userId: string; role: Role}

export const AUTH_SKEW_SECONDS = 900

// chef_authn's spelling of the headers it names in the 400 message.
const HEADER_LABELS: Record<string, string> = {
  'x-ops-sign': 'X-Ops-Sign',
  'x-ops-userid': 'X-Ops-UserId',
  'x-ops-timestamp': 'X-Ops-Timestamp',
  'x-ops-content-hash': 'X-Ops-Content-Hash',
  'x-ops-authorization-1': 'X-Ops-Authorization-1',
}

/** The 401 challenge the real server sends (it advertises only 1.0 and 1.1, yet accepts 1.3). */
const CHALLENGE = {'WWW-Authenticate': 'X-Ops-Sign version="1.0" version="1.1"'}

const unauthorized = (message: string): AuthResult => ({kind: 'unauthorized', reply: {...errorList(401, message), headers: {'Content-Type': 'application/json', ...CHALLENGE}}})

export function authenticate(input: {method: string; path: string; body: Buffer; headers: IncomingHttpHeaders}, keys: KeyRing, now?: Date): AuthResult {
  let role: Role | undefined
  const result = verifyRequest({
    ...input,
    now,
    skewSeconds: AUTH_SKEW_SECONDS,
    lookupKey(userId) {
      const principal = keys.lookup(userId)
      role = principal?.role
      return principal?.key
    },
  })
  if (result.ok) return {kind: 'ok', userId: result.userId, role: role ?? 'member'}

  switch (result.reason) {
    case 'missing-headers': {
      const names = result.missing.map((name) => `'${HEADER_LABELS[name] ?? name}'`).join(', ')
      return {kind: 'malformed', reply: errorList(400, `missing required authentication header(s) ${names}`)}
    }

    case 'bad-version': {
      return {kind: 'malformed', reply: errorList(400, 'Unsupported authentication protocol version')}
    }

    case 'bad-header': {
      return unauthorized(`bad header(s) '${result.detail}'`)
    }

    case 'clock': {
      return unauthorized(`Failed to authenticate as ${result.userId}. Synchronize the clock on your host.`)
    }

    case 'unknown-user': {
      return unauthorized(`Failed to authenticate as '${result.userId}'. Ensure that your node_name and client key are correct.`)
    }

    case 'bad-signature': {
      return unauthorized(`Invalid signature for user or client '${result.userId}'`)
    }
  }
}
