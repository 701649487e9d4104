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

/** What one request's signature covers, and its headers but the signature's own lines. */
export interface PreparedSignature {
  version: SigningVersion
  /** the string to sign, as bytes */
  text: Buffer
  /** the X-Ops headers that come before the signature's lines */
  headers: Record<string, string>
  serverApiVersion?: string
}

/** The X-Ops-* headers for one request, exactly as mixlib-authentication builds them. */
export function signRequest(input: SignInput): Record<string, string> {
  const prepared = prepareSignature(input)
  return withSignature(prepared, rsaSign(prepared.version, prepared.text, input.key))
}

/** Everything but the RSA operation, which is the costly part (about 1 ms with a 2048-bit key). */
export function prepareSignature(input: Omit<SignInput, 'key'>): PreparedSignature {
  const algorithm = digestName(input.version)
  const contentHash = base64Digest(algorithm, input.body ?? '')
  const timestamp = canonicalTimestamp(input.date ?? new Date())
  const text = Buffer.from(stringToSign({...input, contentHash, timestamp}))
  const headers: Record<string, string> = {
    'X-Ops-Sign': `algorithm=${algorithm};version=${input.version};`,
    'X-Ops-Userid': input.userId,
    'X-Ops-Timestamp': timestamp,
    'X-Ops-Content-Hash': contentHash,
  }
  return {version: input.version, text, headers, serverApiVersion: input.serverApiVersion}
}

/**
 * The signature: 1.3 signs a SHA-256 digest (PKCS#1 v1.5); 1.0 and 1.1 "encrypt" the text itself
 * with the private key and PKCS#1 type 1 padding, as Ruby's OpenSSL private_encrypt does.
 * sign-pool.ts's worker script repeats these two lines (a worker cannot import from the bundle);
 * sign-pool.test.ts checks that both sign alike.
 */
export function rsaSign(version: SigningVersion, text: Buffer, key: KeyObject): Buffer {
  return version === '1.3' ? sign('sha256', text, key) : privateEncrypt({key, padding: constants.RSA_PKCS1_PADDING}, text)
}

/** The prepared headers plus the signature, base64 in lines of 60 as X-Ops-Authorization-N. */
export function withSignature(prepared: PreparedSignature, signature: Buffer): Record<string, string> {
  const headers = {...prepared.headers}
  const lines = signature.toString('base64').match(/.{1,60}/g) ?? []
  for (const [index, line] of lines.entries()) headers[`X-Ops-Authorization-${index + 1}`] = line
  if (prepared.serverApiVersion !== undefined) headers['X-Ops-Server-API-Version'] = prepared.serverApiVersion
  return headers
}
