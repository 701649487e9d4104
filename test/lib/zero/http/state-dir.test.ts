import assert from 'node:assert/strict'
import {createPublicKey} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {nextKeyPair, seedZeroKey} from '../../../helpers/keys.js'
import {ensureStateDir, ensureUserKey, readServerInfo, removeServerInfo, stateDirKeyRing, writeServerInfo} from '../../../../src/lib/zero/state-dir.js'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pushy-state-'))
  dirs.push(dir)
  return dir
}

describe('zero state directory', () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, {recursive: true, force: true})
  })

  it('creates client.pem once (PKCS#1, mode 0600) and reuses it', () => {
    const dir = join(tempDir(), 'nested', 'state')
    ensureStateDir(dir)
    const first = ensureUserKey(dir)
    assert.equal(first.keyPath, join(dir, 'client.pem'))
    const pem = readFileSync(first.keyPath, 'utf8')
    assert.match(pem, /^-----BEGIN RSA PRIVATE KEY-----/)
    assert.equal(statSync(first.keyPath).mode & 0o777, 0o600)
    const second = ensureUserKey(dir)
    assert.equal(readFileSync(second.keyPath, 'utf8'), pem)
    assert.ok(second.publicKey.equals(first.publicKey))
  })

  it('knows the admin, and clients/NAME.pub as read-only members, added while running', () => {
    const dir = tempDir()
    seedZeroKey(dir) // a fixture key: generating one is the test above's business
    const admin = ensureUserKey(dir)
    const ring = stateDirKeyRing(dir, 'pushy', admin.publicKey)
    assert.equal(ring.lookup('pushy')?.role, 'admin')
    assert.equal(ring.lookup('ci'), undefined)
    const {publicPem: publicKey} = nextKeyPair()
    mkdirSync(join(dir, 'clients'))
    writeFileSync(join(dir, 'clients', 'ci.pub'), publicKey)
    const ci = ring.lookup('ci')
    assert.equal(ci?.role, 'member')
    assert.ok(ci?.key.equals(createPublicKey(publicKey)))
    writeFileSync(join(dir, 'clients', 'broken.pub'), 'not a key')
    assert.equal(ring.lookup('broken'), undefined)
    assert.equal(ring.lookup('../client'), undefined, 'no path traversal')
    assert.equal(ring.lookup('..'), undefined)
  })

  it('writes server.json while running and removes only its own', () => {
    const dir = tempDir()
    // written by the server's own process; read here as another process would (the parent is alive)
    const info = {url: 'http://127.0.0.1:1/organizations/o', pid: process.ppid, keyPath: join(dir, 'client.pem'), userName: 'pushy'}
    writeServerInfo(dir, info)
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')), info)
    assert.equal(statSync(join(dir, 'server.json')).mode & 0o777, 0o600)
    assert.deepEqual(readServerInfo(dir), info)
    removeServerInfo(dir, 'http://127.0.0.1:2/organizations/o')
    assert.deepEqual(readServerInfo(dir), info, 'another server’s url: left alone')
    removeServerInfo(dir, info.url)
    assert.deepEqual(readServerInfo(dir), info, 'written by another process: left alone')
    writeServerInfo(dir, {...info, pid: process.pid})
    removeServerInfo(dir, info.url)
    assert.equal(existsSync(join(dir, 'server.json')), false)
  })

  it("ignores a server.json that names this very process (a dead server's pid, reused)", () => {
    const dir = tempDir()
    writeServerInfo(dir, {url: 'http://127.0.0.1:1/organizations/o', pid: process.pid, keyPath: join(dir, 'client.pem'), userName: 'pushy'})
    assert.equal(readServerInfo(dir), undefined)
  })

  it('ignores a server.json whose process is gone or that is malformed', () => {
    const dir = tempDir()
    writeServerInfo(dir, {url: 'u', pid: 2 ** 22 + 12_345, keyPath: 'k', userName: 'pushy'})
    assert.equal(readServerInfo(dir), undefined)
    writeFileSync(join(dir, 'server.json'), '{')
    assert.equal(readServerInfo(dir), undefined)
  })
})
