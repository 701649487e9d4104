// A server slower than the client's request timeout (knife's rest_timeout; --request-timeout
// makes it short here).
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

test('job start: the server creates the job but answers after the request timeout → one POST, exit 7, "may exist" hint', {timeout: 30_000}, async () => {
  const home = makeHome({url: proxy.url, userName: ts.userName, keyPath: ts.server.keyPath})
  proxy.add({method: 'POST', path: /\/pushy\/jobs$/, fault: {type: 'delay', ms: 5000, forwardFirst: true}})
  const started = Date.now()
  const result = await runCli(['job', 'start', 'chef-client', 't1', 't2', '--request-timeout', '0.5'], {home, timeoutMs: 20_000})
  const elapsed = Date.now() - started
  const context = `exit ${result.code} after ${elapsed} ms\n--- stderr ---\n${result.stderr}`

  const errors = result.stderr.split('\n').filter((line) => /Error:/.test(line))
  assert.equal(errors.length, 1, context)
  assert.match(errors[0]!, /^Error: .*timed out/, context)
  assert.match(errors[0]!, /may (have been created|exist)/i, context)
  assert.match(errors[0]!, /pushy job list/, context)
  assert.doesNotMatch(result.stderr, /^\s+at /m, context)
  assert.equal(result.code, 7, context)
  assert.match(errors[0]!, /after 500 ms/, context)
  assert.ok(elapsed < 5000, `gave up on its own timeout, before the answer came: ${context}`)

  assert.equal(proxy.requests('POST', /\/pushy\/jobs$/).length, 1, 'the POST was not repeated')
  assert.equal(ts.requests.filter((e) => e.method === 'POST').length, 1, 'one POST reached the server')
  // …and the job it created does exist, which is why the hint matters
  const jobs = (await pushyGet(ts, 'jobs')).json() as Array<{command: string}>
  assert.equal(jobs.length, 1)
})
