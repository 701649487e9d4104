// The code cache of bin/code-cache.js (dist/fast.cjs compiled with V8's cached data), run as a
// user runs pushy: the built CLI, each test with a throw-away XDG_CACHE_HOME. The cache must only
// ever make start-up faster: written after the first run, used as is afterwards, and a corrupt,
// foreign or unwritable one means a normal compile, never an error or a warning.
import assert from 'node:assert/strict'
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {assertExit, e2eServer, type E2e} from './support.js'

const DIST = new URL('../../dist/', import.meta.url)
const bundleHash = (): string => (JSON.parse(readFileSync(new URL('fast.json', DIST), 'utf8')) as {hash: string}).hash
/** The file name for a command and this Node: the cache is only valid for the V8 that made it. */
const cacheName = (version = process.version, command = 'node-status', hash = bundleHash()): string => `fast-${hash}-${command}-node${version}-${process.arch}.v8cache`

// the tests side by side: each has a cache directory of its own, and mostly waits on pushy processes
describe('e2e: the start-up code cache', {concurrency: true}, () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('n-1'), fleetNode('n-2'))})
  })
  after(async () => {
    await e.close()
  })

  /** `pushy node status` with XDG_CACHE_HOME=cacheHome; it must work whatever the cache. */
  const nodeStatus = async (cacheHome: string): Promise<void> => {
    const result = await e.run(['node', 'status'], {env: {XDG_CACHE_HOME: cacheHome}, spawn: true})
    assertExit(result, 0)
    assert.match(result.stdout, /n-1/)
    assert.match(result.stdout, /n-2/)
    assert.equal(result.stderr, '', 'no warning about the cache')
  }
  const freshCacheHome = (): string => mkdtempSync(join(tmpdir(), 'pushy-cache-test-'))
  const cacheFile = (cacheHome: string, version?: string): string => join(cacheHome, 'pushy', cacheName(version))

  it('the first run writes the cache (whole: no temporary file left); the next run uses it as is', async () => {
    const home = freshCacheHome()
    await nodeStatus(home)
    assert.deepEqual(readdirSync(join(home, 'pushy')), [cacheName()])
    const written = statSync(cacheFile(home))
    assert.ok(written.size > 10_000, `a code cache of ${written.size} bytes`)

    await nodeStatus(home)
    // a cache V8 rejected would have been written again
    const after = statSync(cacheFile(home))
    assert.equal(after.mtimeMs, written.mtimeMs, 'the cache was accepted, not rewritten')
    assert.equal(after.ino, written.ino)
  })

  it('a corrupt cache file is ignored and replaced by a good one', async () => {
    const home = freshCacheHome()
    mkdirSync(join(home, 'pushy'))
    writeFileSync(cacheFile(home), 'not a code cache')
    await nodeStatus(home)
    const replaced = readFileSync(cacheFile(home))
    assert.ok(replaced.length > 10_000, 'replaced by a real code cache')

    // a cache cut short (a full disk, an old copy) is as good as none
    const half = replaced.length >> 1
    writeFileSync(cacheFile(home), replaced.subarray(0, half))
    await nodeStatus(home)
    // (not byte-equal: a cache holds the functions the run compiled, which vary a little)
    assert.ok(statSync(cacheFile(home)).size > half + 10_000, 'rewritten whole')
    const settled = statSync(cacheFile(home)).mtimeMs
    await nodeStatus(home)
    assert.equal(statSync(cacheFile(home)).mtimeMs, settled, 'and then used')
  })

  it('a cache directory that cannot be written still works (nothing written, no warning)', async () => {
    // XDG_CACHE_HOME is a file, so $XDG_CACHE_HOME/pushy cannot be made: that holds for root too
    // (which a chmod'ed directory would not stop)
    const home = freshCacheHome()
    const notADirectory = join(home, 'file')
    writeFileSync(notADirectory, 'a file, not a directory')
    await nodeStatus(notADirectory)
    await nodeStatus(notADirectory)
    assert.deepEqual(readdirSync(home), ['file'])
    assert.equal(readFileSync(notADirectory, 'utf8'), 'a file, not a directory')
  })

  it('each command has a cache of its own; a cache of an earlier build is removed, not the others', async () => {
    const home = freshCacheHome()
    mkdirSync(join(home, 'pushy'))
    const earlierBuild = join(home, 'pushy', cacheName(process.version, 'node-status', '0123456789abcdef'))
    writeFileSync(earlierBuild, 'a cache of a build that is gone')
    await nodeStatus(home)
    const list = await e.run(['job', 'list'], {env: {XDG_CACHE_HOME: home}, spawn: true})
    assertExit(list, 0)
    assert.deepEqual(readdirSync(join(home, 'pushy')).sort(), [cacheName(), cacheName(process.version, 'job-list')].sort())
    const statusCache = statSync(cacheFile(home))
    await nodeStatus(home)
    assert.equal(statSync(cacheFile(home)).mtimeMs, statusCache.mtimeMs, "node status still uses its own, job list's did not replace it")
  })

  it("another Node version's cache is not used: the file name holds process.version", async () => {
    assert.ok(cacheName().includes(process.version))
    const made = freshCacheHome()
    await nodeStatus(made)

    // a valid cache, but filed for another Node: left alone, and this Node makes its own
    const home = freshCacheHome()
    mkdirSync(join(home, 'pushy'))
    const foreign = cacheFile(home, 'v99.0.0')
    copyFileSync(cacheFile(made), foreign)
    const before = statSync(foreign)
    await nodeStatus(home)
    assert.deepEqual(readdirSync(join(home, 'pushy')).sort(), [cacheName(), cacheName('v99.0.0')].sort())
    assert.equal(statSync(foreign).mtimeMs, before.mtimeMs, 'the other version’s file untouched')
  })
})
