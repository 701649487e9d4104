import {createHash} from 'node:crypto'

export type SigningVersion = '1.0' | '1.1' | '1.3'
export const SIGNING_VERSIONS: readonly SigningVersion[] = ['1.0', '1.1', '1.3']

export const isSigningVersion = (value: string): value is SigningVersion => (SIGNING_VERSIONS as readonly string[]).includes(value)

export const digestName = (version: SigningVersion): 'sha1' | 'sha256' => (version === '1.3' ? 'sha256' : 'sha1')

export const base64Digest = (algorithm: 'sha1' | 'sha256', data: string | Buffer): string =>
  createHash(algorithm).update(data).digest('base64')

/** mixlib's canonical path: no query, runs of `/` collapsed, one trailing `/` dropped (except `/`). */
export function canonicalPath(target: string): string {
  const path = target.split('?', 1)[0].replaceAll(/\/+/g, '/')
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the only timestamp form every verifier treats alike. */
export const canonicalTimestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

export interface StringToSignInput {
  method: string
  /** request target; the query part is ignored */
  path: string
  /** base64 digest of the body, with the version's algorithm */
  contentHash: string
  timestamp: string
  userId: string
  version: SigningVersion
  /** 1.3 only; "0" when absent */
  serverApiVersion?: string
}

export function stringToSign(input: StringToSignInput): string {
  const method = input.method.toUpperCase()
  const path = canonicalPath(input.path)
  if (input.version === '1.3') {
    return [
      `Method:${method}`,
      `Path:${path}`,
      `X-Ops-Content-Hash:${input.contentHash}`,
      'X-Ops-Sign:version=1.3',
      `X-Ops-Timestamp:${input.timestamp}`,
      `X-Ops-UserId:${input.userId}`,
      `X-Ops-Server-API-Version:${input.serverApiVersion ?? '0'}`,
    ].join('\n')
  }

  const userId = input.version === '1.1' ? base64Digest('sha1', input.userId) : input.userId
  return [
    `Method:${method}`,
    `Hashed Path:${base64Digest('sha1', path)}`,
    `X-Ops-Content-Hash:${input.contentHash}`,
    `X-Ops-Timestamp:${input.timestamp}`,
    `X-Ops-UserId:${userId}`,
  ].join('\n')
}
