// The worker threads sign exactly as the main thread does, for every protocol version, and a
// pool that cannot sign says why instead of hanging.
import assert from 'node:assert/strict'
import {createPrivateKey} from 'node:crypto'
import {describe, it} from 'node:test'
import {SIGNING_VERSIONS} from '../../../src/lib/signing/canonical.js'
import {createSignPool} from '../../../src/lib/signing/sign-pool.js'
import {prepareSignature, rsaSign, signRequest, withSignature} from '../../../src/lib/signing/sign.js'
import {fixtureKey, fixtureKeyPem} from '../../helpers/keys.js'

describe('createSignPool', () => {
  it('signs as rsaSign does, for 1.0, 1.1 and 1.3, on two workers', async () => {
    const key = fixtureKey('server-user')
    const pool = createSignPool(key, 2)
    try {
      const date = new Date('2026-11-30T06:00:00Z')
      for (const version of SIGNING_VERSIONS) {
        const inputs = Array.from({length: 6}, (_, i) => ({method: 'GET', path: `/organizations/o/pushy/jobs/j/output/n${i}/stdout`, userId: 'pivotal', version, serverApiVersion: '1', date}))
        const pooled = await Promise.all(inputs.map(async (input) => {
          const prepared = prepareSignature(input)
          return withSignature(prepared, await pool.sign(version, prepared.text))
        }))
        assert.deepEqual(pooled, inputs.map((input) => signRequest({...input, key})), `protocol ${version}`)
        const text = Buffer.from(`text for ${version}`)
        assert.ok((await pool.sign(version, text)).equals(rsaSign(version, text, key)))
      }
    } finally {
      pool.close()
    }
  })

  it('rejects what the key cannot sign (1.0 text longer than the key) with the reason', async () => {
    const pool = createSignPool(createPrivateKey(fixtureKeyPem('pool-2')), 1)
    try {
      await assert.rejects(pool.sign('1.0', Buffer.alloc(400, 'x')), /data too large|too large/i)
    } finally {
      pool.close()
    }
  })
})
