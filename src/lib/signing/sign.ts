import {constants, privateEncrypt, sign, type KeyObject} from 'node:crypto'
import {base64Digest, canonicalTimestamp, digestName, stringToSign, type SigningVersion} from './canonical.js'

export interface SignInput {
  method: string
  /** request target as sent (query allowed; it is not signed) */
  path: string
  body?: string | Buffer
  userId: string
  key: KeyObject
  version: SigningVersion
  /** sent and (1.3) signed; always send one, goiardi needs it */
  serverApiVersion?: string
  date?: Date
}

/** The X-Ops-* headers for one request, exactly as mixlib-authentication builds them. */
export function signRequest(input: SignInput): Record<string, string> {
  const algorithm = digestName(input.version)
  const contentHash = base64Digest(algorithm, input.body ?? '')
  const timestamp = canonicalTimestamp(input.date ?? new Date())
  const text = stringToSign({...input, contentHash, timestamp})
  const signature =
    input.version === '1.3'
      ? sign('sha256', Buffer.from(text), input.key)
      : privateEncrypt({key: input.key, padding: constants.RSA_PKCS1_PADDING}, Buffer.from(text))

  const headers: Record<string, string> = {
    'X-Ops-Sign': `algorithm=${algorithm};version=${input.version};`,
    'X-Ops-Userid': input.userId,
    'X-Ops-Timestamp': timestamp,
    'X-Ops-Content-Hash': contentHash,
  }
  const lines = signature.toString('base64').match(/.{1,60}/g) ?? []
  for (const [index, line] of lines.entries()) headers[`X-Ops-Authorization-${index + 1}`] = line
  if (input.serverApiVersion !== undefined) headers['X-Ops-Server-API-Version'] = input.serverApiVersion
  return headers
}
