// What a command loads at start-up is part of its speed. Node compiles each built-in it loads, and
// oclif and got import many at load for features a command over plain HTTP never uses:
// - got's HTTP/2 support (http2-wrapper and node:http2, ~15 ms) and its DNS cache (node:dns) are
//   loaded only if their options are used, which pushy never does, and oclif asks is-wsl
//   directly (scripts/build/exact-patches.js; the build fails if the patched text changes);
// - the fast bundle loads other built-ins on first use (scripts/build/lazy-builtins.js), the
//   proxy agents load only with a proxy, and TLS only for https.
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

  it('a command that makes requests over plain HTTP loads only what it uses', async () => {
    const result = await e.run(['node', 'status', 'n-1'], {spawn: true, env: {NODE_OPTIONS: `--require ${PROBE}`}})
    assertExit(result, 0)
    const line = result.stderr.split('\n').find((text) => text.startsWith('loaded builtins: '))
    assert.ok(line, `the probe did not report: ${result.stderr}`)
    const builtins = line.slice('loaded builtins: '.length).split(' ')
    assert.ok(builtins.includes('http'), `the probe sees the request modules: ${line}`)
    const unused = ['http2', 'https', 'tls', 'dns', 'zlib', 'child_process', 'perf_hooks', 'readline', 'fs/promises']
    assert.deepEqual(
      unused.filter((name) => builtins.includes(name)),
      [],
      `loaded though unused: ${line}`,
    )
    // bin/run.js skips oclif's engines check with OCLIF_DISABLE_ENGINE_WARNING while the bundle
    // loads, and src/fast-path.ts oclif's theme with PUSHY_DISABLE_THEME while oclif loads: the
    // process (and what it starts) must keep neither
    assert.match(result.stderr, /^added env: $/m)
  })
})
