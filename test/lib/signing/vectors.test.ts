import assert from 'node:assert/strict'
import {createPrivateKey, createPublicKey} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {describe, it} from 'node:test'
import {canonicalPath, stringToSign, base64Digest, digestName, type SigningVersion} from '../../../src/lib/signing/canonical.js'
import {parsePrivateKey} from '../../../src/lib/signing/key.js'
import {signRequest} from '../../../src/lib/signing/sign.js'
import {verifyRequest} from '../../../src/lib/signing/verify.js'
import {fixtureKey} from '../../helpers/keys.js'

interface Vector {
  method: string
  path: string
  body: string
  user_id: string
  timestamp: string
  version: SigningVersion
  server_api_version: string | null
  headers: Record<string, string>
  string_to_sign: string
}

const file = JSON.parse(readFileSync(new URL('../../fixtures/chef-signing-vectors.json', import.meta.url), 'utf8'))
const vectors: Vector[] = file.vectors
const key = parsePrivateKey(file.private_key_pem, 'the vectors key')
const publicKey = createPublicKey(file.public_key_pem)

describe('mixlib-authentication vectors', () => {
  it('has all 108 vectors', () => assert.equal(vectors.length, 108))

  for (const [index, v] of vectors.entries()) {
    it(`#${index} ${v.version} ${v.method} ${v.path} matches byte for byte`, () => {
      const contentHash = base64Digest(digestName(v.version), v.body)
      const args = {method: v.method, path: v.path, userId: v.user_id, timestamp: v.timestamp, version: v.version, serverApiVersion: v.server_api_version ?? undefined}
      assert.equal(stringToSign({...args, contentHash}), v.string_to_sign)
      const headers = signRequest({...args, body: v.body, key, date: new Date(v.timestamp)})
      const expected = {...v.headers}
      if (v.server_api_version !== null) expected['X-Ops-Server-API-Version'] = v.server_api_version
      assert.deepEqual(headers, expected)
    })
  }
})

describe('canonicalPath', () => {
  it('drops the query, collapses slashes and a trailing slash', () => {
    assert.equal(canonicalPath('//organizations//acme/nodes/webapp-001/?x=1'), '/organizations/acme/nodes/webapp-001')
    assert.equal(canonicalPath('/'), '/')
  })
})

describe('verifyRequest', () => {
  const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, val]) => [k.toLowerCase(), val]))
  const lookupKey = (user: string) => (user === 'pivotal' ? publicKey : undefined)

  for (const version of ['1.0', '1.1', '1.3'] as const) {
    it(`accepts what signRequest produced (${version}) and rejects a changed body`, () => {
      const now = new Date()
      const body = '{"command":"chef-client","nodes":["wéb-1"]}'
      const headers = lower(signRequest({method: 'POST', path: '/organizations/o/pushy/jobs', body, userId: 'pivotal', key, version, serverApiVersion: '0', date: now}))
      assert.deepEqual(verifyRequest({method: 'POST', path: '/organizations/o/pushy/jobs', body: Buffer.from(body), headers, lookupKey, now}), {ok: true, userId: 'pivotal', version})
      const bad = verifyRequest({method: 'POST', path: '/organizations/o/pushy/jobs', body: Buffer.from(body + ' '), headers, lookupKey, now})
      assert.equal(bad.ok, false)
    })
  }

  it('refuses a skewed clock, an unknown user, a wrong key and a missing header', () => {
    const date = new Date('2024-01-01T00:00:00Z')
    const headers = lower(signRequest({method: 'GET', path: '/x', userId: 'pivotal', key, version: '1.1', date}))
    assert.equal(verifyRequest({method: 'GET', path: '/x', body: Buffer.alloc(0), headers, lookupKey, now: new Date('2024-01-01T00:15:00Z')}).ok, false)
    assert.deepEqual(verifyRequest({method: 'GET', path: '/x', body: Buffer.alloc(0), headers, lookupKey, now: new Date('2024-01-01T00:14:59Z')}).ok, true)
    const other = fixtureKey('stranger')
    const wrong = lower(signRequest({method: 'GET', path: '/x', userId: 'pivotal', key: other, version: '1.1', date}))
    assert.equal((verifyRequest({method: 'GET', path: '/x', body: Buffer.alloc(0), headers: wrong, lookupKey, now: date}) as {reason: string}).reason, 'bad-signature')
    assert.equal((verifyRequest({method: 'GET', path: '/x', body: Buffer.alloc(0), headers: {...headers, 'x-ops-userid': 'nobody'}, lookupKey, now: date}) as {reason: string}).reason, 'unknown-user')
    const {['x-ops-timestamp']: _dropped, ...missing} = headers
    assert.equal((verifyRequest({method: 'GET', path: '/x', body: Buffer.alloc(0), headers: missing, lookupKey, now: date}) as {reason: string}).reason, 'missing-headers')
  })
})

describe('parsePrivateKey', () => {
  it('reads PKCS#1 and PKCS#8', () => {
    const pkcs1 = createPrivateKey(file.private_key_pem).export({type: 'pkcs1', format: 'pem'}).toString()
    assert.equal(parsePrivateKey(pkcs1, 'k').asymmetricKeyType, 'rsa')
    assert.equal(parsePrivateKey(file.private_key_pem, 'k').asymmetricKeyType, 'rsa')
  })

  it('names the file for an encrypted or malformed key', () => {
    const encrypted = createPrivateKey(file.private_key_pem).export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x'}).toString()
    assert.throws(() => parsePrivateKey(encrypted, '/home/u/.chef/me.pem'), /\/home\/u\/\.chef\/me\.pem is encrypted/)
    assert.throws(() => parsePrivateKey('hello', '/k.pem'), /\/k\.pem is not a PEM private key/)
    assert.throws(() => parsePrivateKey('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n', '/k.pem'), /\/k\.pem cannot be read/)
  })
})
