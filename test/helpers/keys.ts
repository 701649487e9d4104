// Pre-generated RSA keys for tests (test/fixtures/keys/): generating a 2048-bit key costs 0.1–1 s
// of CPU, and a test only needs keys that differ from each other, not fresh ones. Key generation
// itself is tested once, where pushy does it (zero/http/state-dir.test.ts, server-smoke.test.ts).
import {createPrivateKey, createPublicKey, type KeyObject} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const KEYS_DIR = new URL('../fixtures/keys/', import.meta.url)
const POOL = ['pool-1', 'pool-2', 'pool-3', 'pool-4']

export type FixtureKeyName = 'zero-user' | 'stranger' | 'server-user'

/** A fixture key's private PEM (PKCS#1). */
export const fixtureKeyPem = (name: string): string => readFileSync(new URL(`${name}.pem`, KEYS_DIR), 'utf8')

/** A fixture key as a private KeyObject. */
export const fixtureKey = (name: FixtureKeyName): KeyObject => createPrivateKey(fixtureKeyPem(name))

let handedOut = 0

/**
 * A key pair no other call in this test process got, as PEM (private PKCS#1, public SPKI). Fails
 * once the pool runs out rather than hand out a key twice: add a pool-N.pem then.
 */
export function nextKeyPair(): {privatePem: string; publicPem: string} {
  const name = POOL[handedOut++]
  if (name === undefined) throw new Error(`test/fixtures/keys holds ${POOL.length} pool keys, all handed out: add another`)
  const privatePem = fixtureKeyPem(name)
  return {privatePem, publicPem: createPublicKey(privatePem).export({type: 'spki', format: 'pem'}).toString()}
}

/**
 * Puts the fixture user key where a local server reads its key (state dir `client.pem`, as
 * pushy zero writes it: mode 0600), so the server does not generate one. Leaves a key that is there.
 */
export function seedZeroKey(stateDir: string): void {
  const keyPath = join(stateDir, 'client.pem')
  if (existsSync(keyPath)) return
  mkdirSync(stateDir, {recursive: true, mode: 0o700})
  writeFileSync(keyPath, fixtureKeyPem('zero-user'), {mode: 0o600})
}
