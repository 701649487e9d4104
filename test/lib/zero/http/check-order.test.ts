import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {call, JOB_ID, ORG, startStub, type StubServer} from './stub.js'

const P = `/organizations/${ORG}/pushy`
const job = JSON.stringify({command: 'chef-client', nodes: ['web-1']})
const json = (body: string): unknown => JSON.parse(body)

describe('zero HTTP check order (405 → 400 → 401 → 404-org → 403 → 406 → 404 → 415)', () => {
  let s: StubServer
  before(async () => {
    s = await startStub()
  })
  after(() => s.close())

  it('a path with no route is webmachine 404 HTML, before any other check', async () => {
    for (const path of [`${P}/jobs_status_feed`, `${P}/config`, `${P}/jobs/${JOB_ID}/output/web-1/stdin`, '/nope', `/organizations/${ORG}/roles`]) {
      const r = await call(s.port, path, {method: 'DELETE'})
      assert.equal(r.status, 404, path)
      assert.match(String(r.headers['content-type']), /text\/html/)
      assert.match(r.body, /404 Not Found.*mochiweb\+webmachine/)
    }
  })

  it('405 with an Allow header and empty body, even unsigned', async () => {
    for (const [method, path, allow] of [
      ['PUT', `${P}/jobs`, 'GET, POST'],
      ['DELETE', `${P}/jobs/${JOB_ID}`, 'GET'],
      ['POST', `${P}/node_states`, 'GET'],
      ['POST', `${P}/node_states/x`, 'GET'],
      ['POST', `${P}/job_status_feed/${JOB_ID}`, 'GET'],
      ['POST', '/pushy/_status', 'GET'],
      ['HEAD', `${P}/jobs`, 'GET, POST'],
      ['PUT', `/organizations/${ORG}/search/node`, 'GET, POST'],
      ['POST', `/organizations/${ORG}/nodes/web-1`, 'GET'],
    ]) {
      const r = await call(s.port, path, {method, body: method === 'HEAD' ? undefined : job})
      assert.equal(r.status, 405, `${method} ${path}`)
      assert.equal(r.headers.allow, allow)
      assert.equal(r.body, '')
    }
  })

  it('config/NODE: 400 without ccpk (before 401), 401 for a bad one, then a minimal body', async () => {
    assert.deepEqual(JSON.parse((await call(s.port, `${P}/config/web-1`, {as: 'stranger'})).body), {error: ['Missing ccpk']})
    const bad = await call(s.port, `${P}/config/web-1?ccpk=short`, {as: 'admin'})
    assert.equal(bad.status, 401)
    assert.deepEqual(JSON.parse(bad.body), {error: ['Bad ccpk']})
    const ok = await call(s.port, `${P}/config/web-1?ccpk=${'z'.repeat(40)}`, {as: 'admin'})
    assert.equal(ok.status, 200)
    assert.equal(JSON.parse(ok.body).node, 'web-1')
  })

  it('_status needs no auth', async () => {
    const r = await call(s.port, '/pushy/_status')
    assert.equal(r.status, 200)
    const body = json(r.body) as Record<string, unknown>
    assert.deepEqual(Object.keys(body), ['status', 'incarnation_id', 'node_fsm_count', 'job_processes'])
    assert.equal(body.status, "it's alive")
    assert.equal(body.node_fsm_count, 1)
    assert.deepEqual(body.job_processes, [JOB_ID])
  })

  it('400 names every missing signing header, before POST body validation', async () => {
    const r = await call(s.port, `${P}/jobs`, {method: 'POST', body: '{"nodes": 1}'})
    assert.equal(r.status, 400)
    assert.deepEqual(json(r.body), {error: ["missing required authentication header(s) 'X-Ops-UserId', 'X-Ops-Timestamp', 'X-Ops-Sign', 'X-Ops-Content-Hash'"]})
    const some = await call(s.port, `${P}/jobs`, {as: 'admin', omit: ['X-Ops-Content-Hash', 'X-Ops-UserId']})
    assert.deepEqual(json(some.body), {error: ["missing required authentication header(s) 'X-Ops-UserId', 'X-Ops-Content-Hash'"]}, 'only the missing ones, in that order')
    const partial = await call(s.port, `${P}/jobs`, {as: 'admin', headers: {'X-Ops-Content-Hash': ''}})
    assert.equal(partial.status, 200, 'an empty header value is still present')
  })

  it('signing checks in the real order: headers present → clock → POST body → user → signature', async () => {
    const badBody = '{"command": 1, "nodes": ["a"]}'
    const late = new Date(Date.now() - 16 * 60_000)
    const clockMessage = {error: ['Failed to authenticate as admin. Synchronize the clock on your host.']}
    const missing = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', date: late, body: badBody, omit: ['X-Ops-Sign']})
    assert.deepEqual([missing.status, json(missing.body)], [400, {error: ["missing required authentication header(s) 'X-Ops-Sign'"]}], 'headers before clock')
    const clock = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', date: late, body: badBody, headers: {'X-Ops-Sign': 'algorithm=sha1;version=9.9'}})
    assert.deepEqual([clock.status, json(clock.body)], [401, clockMessage], 'clock before the signing version and the body')
    const stamp = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: badBody, headers: {'X-Ops-Timestamp': 'yesterday'}})
    assert.deepEqual([stamp.status, json(stamp.body)], [401, {error: ["bad header(s) 'X-Ops-Timestamp'"]}], 'an unreadable timestamp before the body')
    const body = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'unknown', body: badBody, omit: ['X-Ops-Authorization-1']})
    assert.deepEqual([body.status, json(body.body)], [400, {error: 'invalid command supplied'}], 'body before user')
    const user = await call(s.port, `${P}/jobs`, {as: 'unknown', omit: ['X-Ops-Authorization-1']})
    assert.deepEqual([user.status, json(user.body)], [401, {error: ["Failed to authenticate as 'unknown'. Ensure that your node_name and client key are correct."]}], 'user before signature')
    const unsigned = await call(s.port, `${P}/jobs`, {as: 'admin', omit: ['X-Ops-Authorization-1']})
    assert.deepEqual([unsigned.status, json(unsigned.body)], [401, {error: ["Invalid signature for user or client 'admin'"]}], 'no signature lines: a bad signature')
    const hash = await call(s.port, `${P}/jobs`, {as: 'admin', version: '1.1', headers: {'X-Ops-Content-Hash': 'bm90IHRoZSBoYXNo'}})
    assert.deepEqual([hash.status, json(hash.body)], [401, {error: ["Invalid signature for user or client 'admin'"]}], 'a wrong content hash: a bad signature')
  })

  it('400 for an unsupported signing version', async () => {
    const r = await call(s.port, `${P}/jobs`, {as: 'admin', headers: {'X-Ops-Sign': 'algorithm=sha1;version=1.2;'}})
    assert.equal(r.status, 400)
    assert.deepEqual(json(r.body), {error: ['Unsupported authentication protocol version']})
  })

  it('POST body validation (400/413/500) comes before the user and signature checks', async () => {
    const bad = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'stranger', body: '{"command": 1, "nodes": ["a"]}'})
    assert.equal(bad.status, 400)
    assert.deepEqual(json(bad.body), {error: 'invalid command supplied'})

    const big = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'unknown', body: JSON.stringify({command: 'x'.repeat(1_000_001), nodes: ['a']})})
    assert.equal(big.status, 413)
    assert.deepEqual(json(big.body), {error: 'JSON must be no more than 1000000 bytes.'})

    const broken = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'stranger', body: '{"command":'})
    assert.equal(broken.status, 500)
    assert.match(broken.body, /500 Internal Server Error/)
    assert.deepEqual(s.engine.started, [])
  })

  it('401 for clock skew, bad timestamp, unknown user and bad signature', async () => {
    const old = await call(s.port, `${P}/jobs`, {as: 'admin', date: new Date(Date.now() - 16 * 60_000)})
    assert.equal(old.status, 401)
    assert.deepEqual(json(old.body), {error: ['Failed to authenticate as admin. Synchronize the clock on your host.']})
    assert.match(String(old.headers['www-authenticate']), /X-Ops-Sign version="1.0" version="1.1"/)
    const within = await call(s.port, `${P}/jobs`, {as: 'admin', date: new Date(Date.now() - 14 * 60_000)})
    assert.equal(within.status, 200, '14 minutes is inside the 900 s window')

    const stamp = await call(s.port, `${P}/jobs`, {as: 'admin', headers: {'X-Ops-Timestamp': 'yesterday'}})
    assert.equal(stamp.status, 401)
    assert.deepEqual(json(stamp.body), {error: ["bad header(s) 'X-Ops-Timestamp'"]})

    const unknown = await call(s.port, `${P}/jobs`, {as: 'unknown'})
    assert.equal(unknown.status, 401)
    assert.deepEqual(json(unknown.body), {error: ["Failed to authenticate as 'unknown'. Ensure that your node_name and client key are correct."]})

    const forged = await call(s.port, `${P}/jobs`, {as: 'stranger'})
    assert.equal(forged.status, 401)
    assert.deepEqual(json(forged.body), {error: ["Invalid signature for user or client 'admin'"]})
  })

  it('every signing version verifies; the query string is not signed', async () => {
    for (const version of ['1.0', '1.1', '1.3'] as const) {
      assert.equal((await call(s.port, `${P}/jobs/${JOB_ID}?include_file=true`, {as: 'admin', version})).status, 200, version)
    }
  })

  it('401 comes before 404-org, which comes before 403', async () => {
    const other = `/organizations/other/pushy/jobs`
    assert.equal((await call(s.port, other, {as: 'stranger'})).status, 401)
    const missing = await call(s.port, other, {method: 'POST', as: 'member', body: job})
    assert.equal(missing.status, 404)
    assert.deepEqual(json(missing.body), {error: ["organization 'other' does not exist."]})
  })

  it('403 for a non-admin POST (reads are allowed), before 406', async () => {
    const r = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'member', body: job, headers: {Accept: 'text/html'}})
    assert.equal(r.status, 403)
    assert.deepEqual(json(r.body), {error: ["User or client 'member' does not have access to that action on this server."]})
    assert.equal((await call(s.port, `${P}/jobs`, {as: 'member'})).status, 200)
  })

  it('406 (empty) comes before 404 for an unknown job', async () => {
    const r = await call(s.port, `${P}/jobs/nope`, {as: 'admin', headers: {Accept: 'text/event-stream'}})
    assert.equal(r.status, 406)
    assert.equal(r.body, '')
    const missing = await call(s.port, `${P}/jobs/not_a_number`, {as: 'admin'})
    assert.equal(missing.status, 404)
    assert.match(missing.body, /mochiweb\+webmachine/)
    assert.equal((await call(s.port, `${P}/jobs`, {as: 'admin', headers: {Accept: 'application/json;q=0, */*'}})).status, 406)
    assert.equal((await call(s.port, `${P}/jobs`, {as: 'admin', headers: {Accept: 'application/*'}})).status, 200)
  })

  it('415 (empty) last, for a valid POST without a JSON content type', async () => {
    const r = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: job, headers: {'Content-Type': 'text/plain'}})
    assert.equal(r.status, 415)
    assert.equal(r.body, '')
    assert.deepEqual(s.engine.started, [])
  })

  it('201 with uri and Location; X-Forwarded-Proto sets the scheme', async () => {
    const r = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: JSON.stringify({command: 'ls', nodes: ['a', 'b'], quorum: 1, run_timeout: 5, capture_output: true, env: {A: '1'}})})
    assert.equal(r.status, 201)
    const uri = `http://127.0.0.1:${s.port}${P}/jobs/${'b'.repeat(32)}`
    assert.deepEqual(json(r.body), {uri})
    assert.equal(r.headers.location, uri)
    assert.deepEqual(s.engine.started.at(-1), {request: {command: 'ls', nodes: ['a', 'b'], quorum: 1, runTimeout: 5, captureOutput: true, env: {A: '1'}}, requestor: 'admin'})
    const https = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: job, headers: {'X-Forwarded-Proto': 'https'}})
    assert.match((json(https.body) as {uri: string}).uri, new RegExp(`^https://127\\.0\\.0\\.1:${s.port}/`))
  })

  it('GET job: include_file=true (exactly) swaps file_specified for file', async () => {
    assert.equal((json((await call(s.port, `${P}/jobs/${JOB_ID}`, {as: 'admin'})).body) as {file_specified?: true}).file_specified, true)
    assert.equal((json((await call(s.port, `${P}/jobs/${JOB_ID}?include_file=true`, {as: 'admin'})).body) as {file?: string}).file, 'raw:hello')
    assert.equal((json((await call(s.port, `${P}/jobs/${JOB_ID}?include_file=TRUE`, {as: 'admin'})).body) as {file?: string}).file, undefined)
  })

  it('output: octet-stream only; 404 HTML when there is nothing', async () => {
    const path = `${P}/jobs/${JOB_ID}/output/web-1/stdout`
    for (const accept of ['application/octet-stream', '*/*']) {
      const r = await call(s.port, path, {as: 'admin', headers: {Accept: accept}})
      assert.equal(r.status, 200, accept)
      assert.equal(r.headers['content-type'], 'application/octet-stream')
      assert.deepEqual(Buffer.from(r.body, 'latin1'), Buffer.from([0, 1, 2, 255]))
    }

    assert.equal((await call(s.port, path, {as: 'admin', headers: {Accept: ''}})).status, 200)
    assert.equal((await call(s.port, path, {as: 'admin'})).status, 406, 'Accept: application/json')
    const none = await call(s.port, `${P}/jobs/${JOB_ID}/output/web-1/stderr`, {as: 'admin', headers: {Accept: '*/*'}})
    assert.equal(none.status, 404)
    assert.match(none.body, /Not Found/)
  })

  it('node_states and node_states/NODE', async () => {
    assert.deepEqual(json((await call(s.port, `${P}/node_states`, {as: 'admin'})).body), [{node_name: 'web-1', availability: 'available'}])
    assert.deepEqual(json((await call(s.port, `${P}/node_states/ghost`, {as: 'admin'})).body), {node_name: 'ghost', status: 'offline', availability: 'unavailable'})
  })

  it('logs one entry per request with its status and user', async () => {
    const before = s.requests.length
    await call(s.port, `${P}/node_states`, {as: 'member'})
    await call(s.port, `${P}/nope`)
    assert.deepEqual(
      s.requests.slice(before).map(({method, url, status, userId}) => ({method, url, status, userId})),
      [
        {method: 'GET', url: `${P}/node_states`, status: 200, userId: 'member'},
        {method: 'GET', url: `${P}/nope`, status: 404, userId: undefined},
      ],
    )
    assert.ok(!Number.isNaN(Date.parse(s.requests.at(-1)!.at)))
  })
})

describe('zero HTTP as Push Jobs 1.x', () => {
  let s: StubServer
  before(async () => {
    s = await startStub({pushVersion: 1})
  })
  after(() => s.close())

  it('has no feed or output routes', async () => {
    for (const path of [`${P}/job_status_feed`, `${P}/job_status_feed/${JOB_ID}`, `${P}/jobs/${JOB_ID}/output/web-1/stdout`]) {
      assert.equal((await call(s.port, path, {as: 'admin', headers: {Accept: '*/*'}})).status, 404, path)
    }
  })

  it('rejects 2.x POST keys as unknown keys, even with wrong types', async () => {
    for (const extra of [{capture_output: true}, {env: {}}, {user: 5}, {file: 'raw:x'}, {dir: '/'}]) {
      const r = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: JSON.stringify({command: 'x', nodes: ['a'], ...extra})})
      assert.equal(r.status, 400)
      assert.deepEqual(json(r.body), {error: 'invalid key supplied'}, JSON.stringify(extra))
    }

    const plain = await call(s.port, `${P}/jobs`, {method: 'POST', as: 'admin', body: JSON.stringify({command: 'x', nodes: ['a'], quorum: 1, run_timeout: 9})})
    assert.equal(plain.status, 201)
  })

  it('ignores include_file', async () => {
    assert.equal((json((await call(s.port, `${P}/jobs/${JOB_ID}?include_file=true`, {as: 'admin'})).body) as {file?: string}).file, undefined)
  })
})
