// What a command loads at start-up is part of its speed: got's HTTP/2 support (http2-wrapper and
// node:http2, ~15 ms) is loaded only if got's `http2` option is used, which pushy never does
// (scripts/build/exact-patches.js makes got's import lazy, and fails the build if got changes).
import assert from 'node:assert/strict'
import {fileURLToPath} from 'node:url'
import {after, before, describe, it} from 'node:test'
import {fleetNode, fleetOf} from '../helpers/zero.js'
import {assertExit, e2eServer, type E2e} from './support.js'

const PROBE = fileURLToPath(new URL('../fixtures/probes/loaded-modules.cjs', import.meta.url))

describe('e2e: what start-up loads', () => {
  let e: E2e
  before(async () => {
    e = await e2eServer({fleet: fleetOf(fleetNode('n-1'))})
  })
  after(() => e.close())

  it('a command that makes requests does not load node:http2', async () => {
    const result = await e.run(['node', 'status', 'n-1'], {spawn: true, env: {NODE_OPTIONS: `--require ${PROBE}`}})
    assertExit(result, 0)
    const line = result.stderr.split('\n').find((text) => text.startsWith('loaded builtins: '))
    assert.ok(line, `the probe did not report: ${result.stderr}`)
    const builtins = line.slice('loaded builtins: '.length).split(' ')
    assert.ok(builtins.includes('http'), `the probe sees the request modules: ${line}`)
    assert.ok(!builtins.includes('http2'), `node:http2 was loaded: ${line}`)
    // bin/run.js skips oclif's engines check with OCLIF_DISABLE_ENGINE_WARNING while the bundle
    // loads: the process (and what it starts) must not keep it
    assert.match(result.stderr, /^added env: $/m)
  })
})
