// The real Push Jobs server's behaviour: (routes, verbs, check order), (authentication), , (error bodies).
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {
  assertHtml404,
  fleetNode,
  fleetOf,
  openFeed,
  pushyGet,
  request,
  startJob,
  startTestServer,
  strangerKey,
  waitForJobStatus,
  type Response,
  type TestServer,
} from '../../../helpers/zero.js'

const VALID_JOB = {command: 'chef-client', nodes: ['alpha']}

function assertEmpty405(response: Response, what: string, allowed: string[]): void {
  assert.equal(response.status, 405, `${what}: status ${response.status} ${response.text}`)
  assert.equal(response.body.length, 0, `${what}: 405 body must be empty, got ${JSON.stringify(response.text)}`)
  const allow = String(response.headers.allow ?? '')
  assert.notEqual(allow, '', `${what}: 405 needs an Allow header`)
  const methods = allow.split(',').map((m) => m.trim().toUpperCase())
  for (const method of allowed) assert.ok(methods.includes(method), `${what}: Allow ${allow} should list ${method}`)
}

function assertAuthError(response: Response, status: number, message: string | RegExp, what: string): void {
  assert.equal(response.status, status, `${what}: status ${response.status} ${response.text}`)
  assert.match(String(response.headers['content-type'] ?? ''), /^application\/json/, `${what}: content-type`)
  const body = response.json()
  assert.deepEqual(Object.keys(body), ['error'], `${what}: body ${response.text}`)
  assert.ok(Array.isArray(body.error), `${what}: auth errors are an array of one string, got ${response.text}`)
  assert.equal(body.error.length, 1, `${what}: ${response.text}`)
  if (typeof message === 'string') assert.equal(body.error[0], message, what)
  else assert.match(body.error[0], message, what)
}

describe('routes and verbs', () => {
  let ts: TestServer
  let jobId: string

  before(async () => {
    ts = await startTestServer({fleet: fleetOf(fleetNode('alpha', {whitelist: {'chef-client': 'true', echo: 'printf hi'}, exec: true}), fleetNode('beta'))})
    jobId = (await startJob(ts, {command: 'echo', nodes: ['alpha'], capture_output: true})).id
    await waitForJobStatus(ts, jobId, 'complete')
  })
  after(() => ts?.close())

  it('GET jobs, jobs/ID, node_states, node_states/NODE answer 200 JSON', async () => {
    for (const rel of ['jobs', `jobs/${jobId}`, 'node_states', 'node_states/alpha']) {
      const response = await pushyGet(ts, rel)
      assert.equal(response.status, 200, `GET ${rel}: ${response.status} ${response.text}`)
      assert.match(String(response.headers['content-type']), /^application\/json/, `GET ${rel} content-type`)
      response.json()
    }
  })

  it('GET jobs/ID/output/NODE/stdout and stderr answer 200', async () => {
    for (const channel of ['stdout', 'stderr']) {
      const response = await pushyGet(ts, `jobs/${jobId}/output/alpha/${channel}`, {headers: {accept: 'application/octet-stream'}})
      assert.equal(response.status, 200, `${channel}: ${response.status} ${response.text}`)
    }
  })

  it('POST jobs answers 201', async () => {
    const {response} = await startJob(ts, VALID_JOB)
    assert.equal(response.status, 201)
  })

  it('GET job_status_feed/ID and job_status_feed answer 200 text/event-stream', async () => {
    for (const rel of [`job_status_feed/${jobId}`, 'job_status_feed']) {
      const feed = await openFeed(ts, `${ts.pushy}/${rel}`)
      feed.close()
      assert.equal(feed.status, 200, `GET ${rel}`)
      assert.match(String(feed.headers['content-type'] ?? ''), /^text\/event-stream/, `GET ${rel} content-type`)
    }
  })

  it('GET /pushy/_status needs no authentication', async () => {
    const response = await request(ts, '/pushy/_status', {sign: false})
    assert.equal(response.status, 200, response.text)
    const body = response.json()
    assert.equal(body.status, "it's alive")
    assert.equal(typeof body.incarnation_id, 'string')
    assert.equal(typeof body.node_fsm_count, 'number')
    assert.ok(Array.isArray(body.job_processes), response.text)
    // one node process per connected node
    assert.equal(body.node_fsm_count, (await pushyGet(ts, 'node_states')).json().length)
  })

  it('_status job_processes lists a job whose process is alive', async () => {
    const slow = await startTestServer({fleet: fleetOf(fleetNode('s1', {vote: 'ignore'})), timings: {votingTimeoutMs: 2_000}})
    try {
      const {id} = await startJob(slow, {command: 'chef-client', nodes: ['s1']})
      const body = (await request(slow, '/pushy/_status', {sign: false})).json()
      assert.ok(body.job_processes.includes(id), `job_processes ${JSON.stringify(body.job_processes)} should include ${id}`)
    } finally {
      await slow.close()
    }
  })

  describe('405 with an empty body and an Allow header', () => {
    const cases: Array<[string, string, string[]]> = [
      ['PUT', 'jobs', ['GET', 'POST']],
      ['DELETE', 'jobs', ['GET', 'POST']],
      ['POST', 'jobs/ID', ['GET']],
      ['PUT', 'jobs/ID', ['GET']],
      ['DELETE', 'jobs/ID', ['GET']],
      ['POST', 'jobs/ID/output/alpha/stdout', ['GET']],
      ['DELETE', 'jobs/ID/output/alpha/stderr', ['GET']],
      ['POST', 'node_states', ['GET']],
      ['PUT', 'node_states', ['GET']],
      ['DELETE', 'node_states', ['GET']],
      ['POST', 'node_states/alpha', ['GET']],
      ['PUT', 'node_states/alpha', ['GET']],
      ['DELETE', 'node_states/alpha', ['GET']],
      ['POST', 'job_status_feed', ['GET']],
      ['PUT', 'job_status_feed', ['GET']],
      ['POST', 'job_status_feed/ID', ['GET']],
      ['DELETE', 'job_status_feed/ID', ['GET']],
    ]
    for (const [method, rel, allowed] of cases) {
      it(`${method} ${rel}`, async () => {
        const response = await pushyGet(ts, rel.replace('ID', jobId), {method, body: method === 'GET' ? undefined : ''})
        assertEmpty405(response, `${method} ${rel}`, allowed)
      })
    }

    for (const method of ['POST', 'PUT', 'DELETE']) {
      it(`${method} /pushy/_status`, async () => {
        const response = await request(ts, '/pushy/_status', {method, sign: false, body: ''})
        assertEmpty405(response, `${method} _status`, ['GET'])
      })
    }

    it('PUT jobs/ABORT-LIKE: there is no abort endpoint (PUT jobs/ID is 405, jobs/ID/abort is 404)', async () => {
      assertEmpty405(await pushyGet(ts, `jobs/${jobId}`, {method: 'PUT', body: '{}'}), 'PUT jobs/ID', ['GET'])
      assertHtml404(await pushyGet(ts, `jobs/${jobId}/abort`, {method: 'PUT', body: '{}'}), 'PUT jobs/ID/abort')
    })
  })

  describe('config/NODE (node agent bootstrap)', () => {
    it('without ccpk → 400 Missing ccpk', async () => {
      assertAuthError(await pushyGet(ts, 'config/alpha'), 400, 'Missing ccpk', 'config without ccpk')
    })

    it('ccpk not 40 characters → 401 Bad ccpk', async () => {
      assertAuthError(await pushyGet(ts, 'config/alpha?ccpk=short'), 401, 'Bad ccpk', 'config with a short ccpk')
    })

    it('POST config/NODE → 405', async () => {
      assertEmpty405(await pushyGet(ts, 'config/alpha', {method: 'POST', body: ''}), 'POST config/NODE', ['GET'])
    })
  })

  describe('paths without a route: 404 HTML', () => {
    for (const rel of ['jobs_status_feed', 'jobs_status_feed/0123456789abcdef0123456789abcdef', 'config/', 'nope', 'jobs/x/y', 'node_states/a/b', 'jobs/ID/output/alpha/stdin', 'jobs/ID/output/alpha']) {
      it(`GET ${rel}`, async () => {
        const response = await pushyGet(ts, rel.replace('ID', jobId), {headers: {accept: '*/*'}})
        assertHtml404(response, `GET ${rel}`)
      })
    }
  })

  describe('authentication outcomes', () => {
    it('accepts signing versions 1.0, 1.1 and 1.3', async () => {
      for (const version of ['1.0', '1.1', '1.3'] as const) {
        const response = await pushyGet(ts, 'jobs', {version})
        assert.equal(response.status, 200, `version ${version}: ${response.status} ${response.text}`)
      }
    })

    it('signs the path without the query string', async () => {
      const response = await pushyGet(ts, `jobs/${jobId}?include_file=true`)
      assert.equal(response.status, 200, response.text)
    })

    it('accepts a clock 10 minutes off (skew 900 s)', async () => {
      const response = await pushyGet(ts, 'jobs', {date: new Date(Date.now() - 10 * 60_000)})
      assert.equal(response.status, 200, response.text)
    })

    for (const header of ['X-Ops-Userid', 'X-Ops-Timestamp', 'X-Ops-Sign', 'X-Ops-Content-Hash']) {
      it(`missing ${header} → 400 array body`, async () => {
        const response = await pushyGet(ts, 'jobs', {omitSigningHeaders: [header]})
        assertAuthError(response, 400, /^missing required authentication header\(s\) /, `missing ${header}`)
        assert.match(response.json().error[0].toLowerCase(), new RegExp(header.toLowerCase()), 'the message names the header')
      })
    }

    it('no signing headers at all → 400 array body', async () => {
      assertAuthError(await pushyGet(ts, 'jobs', {sign: false}), 400, /^missing required authentication header\(s\) /, 'unsigned')
    })

    it('bad clock (16 minutes) → 401 synchronize message', async () => {
      for (const offset of [16 * 60_000, -16 * 60_000]) {
        const response = await pushyGet(ts, 'jobs', {date: new Date(Date.now() + offset)})
        assertAuthError(response, 401, `Failed to authenticate as ${ts.userName}. Synchronize the clock on your host.`, `offset ${offset}`)
      }
    })

    it('unsupported signing version → 400', async () => {
      const response = await pushyGet(ts, 'jobs', {overrideSigningHeaders: {'X-Ops-Sign': 'algorithm=sha1;version=2.0;'}})
      assertAuthError(response, 400, 'Unsupported authentication protocol version', 'version 2.0')
    })

    it('unknown user → 401 with the name in quotes', async () => {
      const response = await pushyGet(ts, 'jobs', {userId: 'nobody-here'})
      assertAuthError(response, 401, "Failed to authenticate as 'nobody-here'. Ensure that your node_name and client key are correct.", 'unknown user')
    })

    it('bad signature (a key the server does not know) → 401', async () => {
      const response = await pushyGet(ts, 'jobs', {key: strangerKey()})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'bad signature')
    })

    it('signature over another path → 401 bad signature', async () => {
      const response = await pushyGet(ts, 'jobs', {signedPath: `${ts.pushy}/node_states`})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'wrong path signed')
    })

    it('a malformed X-Ops-Timestamp → 401 bad header(s)', async () => {
      const response = await pushyGet(ts, 'jobs', {overrideSigningHeaders: {'X-Ops-Timestamp': 'yesterday'}})
      assertAuthError(response, 401, /^bad header\(s\) /, 'bad timestamp value')
    })

    it('a body that is not the signed one → 401 bad signature', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: VALID_JOB, signedBody: JSON.stringify({...VALID_JOB, nodes: ['beta']})})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'tampered body')
    })

    it('401 challenge advertises X-Ops-Sign versions 1.0 and 1.1', async () => {
      for (const options of [{key: strangerKey()}, {userId: 'nobody-here'}, {date: new Date(Date.now() - 3_600_000)}]) {
        const response = await pushyGet(ts, 'jobs', options)
        assert.equal(response.status, 401)
        assert.equal(response.headers['www-authenticate'], 'X-Ops-Sign version="1.0" version="1.1"')
      }
    })

    it('wrong organization → 404 JSON array body', async () => {
      for (const rel of ['jobs', 'node_states', `jobs/${jobId}`]) {
        const response = await request(ts, `/organizations/no-such-org/pushy/${rel}`)
        assertAuthError(response, 404, "organization 'no-such-org' does not exist.", `wrong org ${rel}`)
      }
    })
  })

  describe('check order 405 → 400 → 401 → 404-org → 403 → 406 → 404 → 415', () => {
    it('405 beats 400: unsigned PUT jobs', async () => {
      assertEmpty405(await pushyGet(ts, 'jobs', {method: 'PUT', sign: false, body: ''}), 'unsigned PUT jobs', ['GET', 'POST'])
    })

    it('405 beats 404-org: DELETE on an unknown org', async () => {
      const response = await request(ts, '/organizations/no-such-org/pushy/node_states', {method: 'DELETE', body: ''})
      assertEmpty405(response, 'DELETE node_states in unknown org', ['GET'])
    })

    it('405 beats 404: PUT on an unknown job', async () => {
      assertEmpty405(await pushyGet(ts, 'jobs/0123456789abcdef0123456789abcdef', {method: 'PUT', body: ''}), 'PUT unknown job', ['GET'])
    })

    it('400 (missing header) beats 401 (bad clock)', async () => {
      const response = await pushyGet(ts, 'jobs', {omitSigningHeaders: ['X-Ops-Content-Hash'], date: new Date(Date.now() - 3_600_000)})
      assertAuthError(response, 400, /^missing required authentication header\(s\) /, 'missing header + bad clock')
    })

    it('400 (POST body) beats 401 (bad signature)', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: {nodes: ['alpha']}, key: strangerKey()})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: 'invalid command supplied'})
    })

    it('400 (POST body) beats 404-org', async () => {
      const response = await request(ts, '/organizations/no-such-org/pushy/jobs', {method: 'POST', body: {command: 'x', nodes: []}})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: 'at least one node must be supplied'})
    })

    it('401 beats 404-org: bad signature on an unknown org', async () => {
      const response = await request(ts, '/organizations/no-such-org/pushy/jobs', {key: strangerKey()})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'bad signature + unknown org')
    })

    it('401 beats 406: bad signature with Accept the feed cannot serve', async () => {
      const response = await pushyGet(ts, `job_status_feed/${jobId}`, {key: strangerKey(), headers: {accept: 'application/json'}})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'bad signature + 406')
    })

    it('401 beats 404: unknown user asks for an unknown job', async () => {
      const response = await pushyGet(ts, 'jobs/0123456789abcdef0123456789abcdef', {userId: 'nobody-here'})
      assertAuthError(response, 401, /^Failed to authenticate as 'nobody-here'/, 'unknown user + unknown job')
    })

    it('404-org beats 406: feed with Accept: application/json on an unknown org', async () => {
      const response = await request(ts, `/organizations/no-such-org/pushy/job_status_feed/${jobId}`, {headers: {accept: 'application/json'}})
      assertAuthError(response, 404, "organization 'no-such-org' does not exist.", 'unknown org + 406')
    })

    it('406 beats 404: unknown job feed with Accept: application/json', async () => {
      const response = await pushyGet(ts, 'job_status_feed/0123456789abcdef0123456789abcdef', {headers: {accept: 'application/json'}})
      assert.equal(response.status, 406, response.text)
      assert.equal(response.body.length, 0, `406 is empty, got ${response.text}`)
    })

    it('406 beats 404: unknown job output with Accept: application/json', async () => {
      const response = await pushyGet(ts, 'jobs/0123456789abcdef0123456789abcdef/output/alpha/stdout', {headers: {accept: 'application/json'}})
      assert.equal(response.status, 406, response.text)
      assert.equal(response.body.length, 0, `406 is empty, got ${response.text}`)
    })

    it('400 (POST body) beats 415', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: {command: 1, nodes: ['alpha']}, headers: {'content-type': 'text/plain'}})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: 'invalid command supplied'})
    })

    it('401 beats 415: bad signature on a text/plain POST', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: VALID_JOB, key: strangerKey(), headers: {'content-type': 'text/plain'}})
      assertAuthError(response, 401, `Invalid signature for user or client '${ts.userName}'`, 'bad signature + 415')
    })

    it('404-org beats 415', async () => {
      const response = await request(ts, '/organizations/no-such-org/pushy/jobs', {method: 'POST', body: VALID_JOB, headers: {'content-type': 'text/plain'}})
      assertAuthError(response, 404, "organization 'no-such-org' does not exist.", 'unknown org + 415')
    })

    it('415 last: a valid, signed POST with Content-Type text/plain', async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: VALID_JOB, headers: {'content-type': 'text/plain'}})
      assert.equal(response.status, 415, response.text)
      assert.equal(response.body.length, 0, `415 is empty, got ${response.text}`)
    })
  })
})

