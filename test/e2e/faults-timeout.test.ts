// Issue 5: a server slower than the client's request timeout. pushy's timeout is a fixed 30 s
// (src/lib/http/client.ts DEFAULT_TIMEOUT_MS) with no flag or setting to shorten it, so this runs
// once, at that length, in its own file so that it overlaps the other test files.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {makeHome, runCli} from '../helpers/cli.js'
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.js'
import {fleetNode, fleetOf, pushyGet, startTestServer, type TestServer} from '../helpers/zero.js'

let ts: TestServer
let proxy: FaultProxy

before(async () => {
  ts = await startTestServer({fleet: fleetOf(fleetNode('t1'), fleetNode('t2'))})
  proxy = await startFaultProxy(ts.server.url)
})

after(async () => {
  await proxy?.close()
  await ts?.close()
})

test('job start: the server creates the job but answers after the request timeout → one POST, exit 7, "may exist" hint', {timeout: 60_000}, async () => {
  const home = makeHome({url: proxy.url, userName: ts.userName, keyPath: ts.server.keyPath})
  proxy.add({method: 'POST', path: /\/pushy\/jobs$/, fault: {type: 'delay', ms: 40_000, forwardFirst: true}})
  const started = Date.now()
  const result = await runCli(['job', 'start', 'chef-client', 't1', 't2'], {home, timeoutMs: 55_000})
  const elapsed = Date.now() - started
  const context = `exit ${result.code} after ${elapsed} ms\n--- stderr ---\n${result.stderr}`

  const errors = result.stderr.split('\n').filter((line) => /Error:/.test(line))
  assert.equal(errors.length, 1, context)
  assert.match(errors[0]!, /^Error: .*timed out/, context)
  assert.match(errors[0]!, /may (have been created|exist)/i, context)
  assert.match(errors[0]!, /pushy job list/, context)
  assert.doesNotMatch(result.stderr, /^\s+at /m, context)
  assert.equal(result.code, 7, context)
  assert.ok(elapsed < 40_000, `gave up on its own timeout, before the answer came: ${context}`)

  assert.equal(proxy.requests('POST', /\/pushy\/jobs$/).length, 1, 'the POST was not repeated')
  assert.equal(ts.requests.filter((e) => e.method === 'POST').length, 1, 'one POST reached the server')
  // …and the job it created does exist, which is why the hint matters
  const jobs = (await pushyGet(ts, 'jobs')).json() as Array<{command: string}>
  assert.equal(jobs.length, 1)
})
