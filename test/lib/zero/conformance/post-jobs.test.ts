// The real Push Jobs server's behaviour: POST /jobs validation, check order, size limits, the 201 reply.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {
  JOB_ID,
  fleetNode,
  fleetOf,
  getJob,
  request,
  sortedNodes,
  startJob,
  startTestServer,
  strangerKey,
  waitForJobStatus,
  type TestServer,
} from '../../../helpers/zero.js'

const MSG = {
  command: 'invalid command supplied',
  nodes: 'at least one node must be supplied',
  key: 'invalid key supplied',
  quorum: 'invalid type supplied for quorum (expected a number)',
  runTimeout: 'invalid type supplied for run_timeout (expected a number)',
  capture: 'invalid type supplied for capture_output (expected a boolean)',
  dupEnv: 'invalid environment value (duplicate key)',
  filePrefix: "invalid file contents (expected 'base64:...' or 'raw:...')",
  fileBase64: "invalid file contents (couldn't decode base64 string)",
  unknown: 'an unknown validation error has occurred',
}

const BASE = {command: 'chef-client', nodes: ['alpha']}

describe('POST /jobs', () => {
  let ts: TestServer

  before(async () => {
    ts = await startTestServer({fleet: fleetOf(fleetNode('alpha'), fleetNode('beta'), fleetNode('idle', {vote: 'ignore'}), fleetNode('gamma'))})
  })
  after(() => ts?.close())

  const post = (body: string | object, options: Parameters<typeof request>[2] = {}) => request(ts, `${ts.pushy}/jobs`, {method: 'POST', body, ...options})

  async function expect400(body: string | object, message: string, what = JSON.stringify(body)): Promise<void> {
    const response = await post(body)
    assert.equal(response.status, 400, `${what}: ${response.status} ${response.text}`)
    assert.match(String(response.headers['content-type'] ?? ''), /^application\/json/, `${what}: content-type`)
    // a plain string, not an array
    assert.deepEqual(response.json(), {error: message}, what)
  }

  describe('validation table (400 {"error":"msg"})', () => {
    const rows: Array<[string, string | object, string]> = [
      ['command missing', {nodes: ['alpha']}, MSG.command],
      ['command a number', {command: 5, nodes: ['alpha']}, MSG.command],
      ['command null', {command: null, nodes: ['alpha']}, MSG.command],
      ['command an array', {command: ['chef-client'], nodes: ['alpha']}, MSG.command],
      ['nodes missing', {command: 'chef-client'}, MSG.nodes],
      ['nodes a string', {command: 'chef-client', nodes: 'alpha'}, MSG.nodes],
      ['nodes with a number', {command: 'chef-client', nodes: ['alpha', 1]}, MSG.nodes],
      ['nodes empty', {command: 'chef-client', nodes: []}, MSG.nodes],
      ['nodes null', {command: 'chef-client', nodes: null}, MSG.nodes],
      ['unknown key', {...BASE, foo: 1}, MSG.key],
      ['knife 1.x-style capture key', {...BASE, capture: true}, MSG.key],
      ['quorum a string', {...BASE, quorum: '1'}, MSG.quorum],
      ['quorum null', {...BASE, quorum: null}, MSG.quorum],
      ['quorum a percentage', {...BASE, quorum: '50%'}, MSG.quorum],
      ['run_timeout a string', {...BASE, run_timeout: '10'}, MSG.runTimeout],
      ['run_timeout null', {...BASE, run_timeout: null}, MSG.runTimeout],
      ['capture_output a string', {...BASE, capture_output: 'yes'}, MSG.capture],
      ['capture_output a number', {...BASE, capture_output: 1}, MSG.capture],
      ['duplicate env key', '{"command":"chef-client","nodes":["alpha"],"env":{"A":"1","A":"2"}}', MSG.dupEnv],
      ['file without prefix', {...BASE, file: 'hello'}, MSG.filePrefix],
      ['file bad base64', {...BASE, file: 'base64:!!!not base64!!!'}, MSG.fileBase64],
      ['user a number', {...BASE, user: 5}, MSG.unknown],
      ['dir a number', {...BASE, dir: 5}, MSG.unknown],
      ['env a string', {...BASE, env: 'A=1'}, MSG.unknown],
      ['env an array', {...BASE, env: ['A']}, MSG.unknown],
      ['env value a number', {...BASE, env: {A: 1}}, MSG.unknown],
      ['file a number', {...BASE, file: 5}, MSG.unknown],
    ]
    for (const [name, body, message] of rows) {
      it(`${name} → ${message}`, () => expect400(body, message, name))
    }

    it('file larger than 100,000 decoded bytes → 400 with a string message', async () => {
      const response = await post({...BASE, file: `raw:${'x'.repeat(100_001)}`})
      assert.equal(response.status, 400, response.text)
      const body = response.json()
      assert.deepEqual(Object.keys(body), ['error'])
      assert.equal(typeof body.error, 'string', `the simulator must not copy the nested-array message: ${response.text.slice(0, 200)}`)
    })

    it('base64 file larger than 100,000 decoded bytes → 400', async () => {
      const response = await post({...BASE, file: `base64:${Buffer.alloc(100_001, 1).toString('base64')}`})
      assert.equal(response.status, 400, response.text.slice(0, 200))
    })

    it('file of exactly 100,000 bytes is accepted', async () => {
      const response = await post({...BASE, file: `raw:${'x'.repeat(100_000)}`})
      assert.equal(response.status, 201, response.text.slice(0, 200))
    })
  })

  describe('accepted values', () => {
    const ok: Array<[string, object]> = [
      ['command ""', {command: '', nodes: ['alpha']}],
      ['run_timeout 0', {...BASE, run_timeout: 0}],
      ['run_timeout 10', {...BASE, run_timeout: 10}],
      ['quorum 1', {...BASE, quorum: 1}],
      ['quorum 0', {...BASE, quorum: 0}],
      ['unknown node', {command: 'chef-client', nodes: ['no-such-node']}],
      ['every 2.x key', {...BASE, quorum: 1, run_timeout: 5, user: 'someone', dir: '/tmp', env: {A: '1'}, file: 'raw:hi', capture_output: true}],
      ['env {} (knife always sends it)', {...BASE, env: {}}],
      ['capture_output false', {...BASE, capture_output: false}],
      ['base64 file', {...BASE, file: `base64:${Buffer.from('hello').toString('base64')}`}],
    ]
    for (const [name, body] of ok) {
      it(`${name} → 201`, async () => {
        const response = await post(body)
        assert.equal(response.status, 201, `${name}: ${response.status} ${response.text}`)
      })
    }
  })

  describe('check order between keys (type checks in key order, then unknown keys, empty nodes, duplicate env, file)', () => {
    const rows: Array<[string, string | object, string]> = [
      ['command beats nodes', {command: 1, nodes: 'x'}, MSG.command],
      ['command beats empty nodes', {command: 1, nodes: []}, MSG.command],
      ['nodes type beats run_timeout', {command: 'c', nodes: 'x', run_timeout: 'x'}, MSG.nodes],
      ['run_timeout beats quorum', {...BASE, run_timeout: 'x', quorum: 'x'}, MSG.runTimeout],
      ['quorum beats user', {...BASE, quorum: 'x', user: 1}, MSG.quorum],
      ['user beats capture_output', {...BASE, user: 1, capture_output: 'x'}, MSG.unknown],
      ['dir beats capture_output', {...BASE, dir: 1, capture_output: 'x'}, MSG.unknown],
      ['env type beats capture_output', {...BASE, env: 'x', capture_output: 'x'}, MSG.unknown],
      ['file type beats capture_output', {...BASE, file: 1, capture_output: 'x'}, MSG.unknown],
      ['type check beats unknown key', {...BASE, foo: 1, capture_output: 'x'}, MSG.capture],
      ['quorum type beats unknown key', {...BASE, foo: 1, quorum: '1'}, MSG.quorum],
      ['quorum type beats empty nodes', {command: 'c', nodes: [], quorum: '1'}, MSG.quorum],
      ['unknown key beats empty nodes', {command: 'c', nodes: [], foo: 1}, MSG.key],
      ['empty nodes beats duplicate env', '{"command":"c","nodes":[],"env":{"A":"1","A":"2"}}', MSG.nodes],
      ['unknown key beats duplicate env', '{"command":"c","nodes":["alpha"],"foo":1,"env":{"A":"1","A":"2"}}', MSG.key],
      ['duplicate env beats file prefix', '{"command":"c","nodes":["alpha"],"env":{"A":"1","A":"2"},"file":"nope"}', MSG.dupEnv],
      ['capture_output type beats file prefix', {...BASE, file: 'nope', capture_output: 'x'}, MSG.capture],
      ['empty nodes beats bad base64', {command: 'c', nodes: [], file: 'base64:!!!'}, MSG.nodes],
      ['unknown key beats file prefix', {...BASE, file: 'nope', foo: 1}, MSG.key],
    ]
    for (const [name, body, message] of rows) {
      it(name, () => expect400(body, message, name))
    }
  })

  describe('validation runs after the signing headers and clock, before the user and signature', () => {
    it('bad body + bad signature → 400', async () => {
      const response = await post({command: 'c', nodes: []}, {key: strangerKey()})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: MSG.nodes})
    })

    it('bad body + unknown user → 400', async () => {
      const response = await post({...BASE, quorum: '2'}, {userId: 'nobody-here'})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: MSG.quorum})
    })

    it('bad body + bad clock → 401: the clock is checked with the signing headers, before the body', async () => {
      const response = await post({...BASE, foo: 1}, {date: new Date(Date.now() - 3_600_000)})
      assert.equal(response.status, 401, response.text)
      assert.match(response.json().error[0], /Synchronize the clock on your host\.$/)
    })

    it('good body + bad signature → 401', async () => {
      const response = await post(BASE, {key: strangerKey()})
      assert.equal(response.status, 401, response.text)
    })
  })

  describe('size and content type', () => {
    function bodyOfSize(size: number): string {
      const head = '{"command":"'
      const tail = '","nodes":["alpha"]}'
      return head + 'x'.repeat(size - head.length - tail.length) + tail
    }

    it('a body over 1,000,000 bytes → 413 plain-string error', async () => {
      const body = bodyOfSize(1_000_001)
      assert.equal(Buffer.byteLength(body), 1_000_001)
      const response = await post(body)
      assert.equal(response.status, 413, response.text.slice(0, 200))
      assert.deepEqual(response.json(), {error: 'JSON must be no more than 1000000 bytes.'})
    })

    it('413 comes before authentication', async () => {
      const response = await post(bodyOfSize(1_200_000), {key: strangerKey()})
      assert.equal(response.status, 413, response.text.slice(0, 200))
    })

    it('a body of exactly 1,000,000 bytes passes the size check', async () => {
      const response = await post(bodyOfSize(1_000_000))
      assert.equal(response.status, 201, response.text.slice(0, 200))
    })

    it('Content-Type text/plain → 415 with an empty body', async () => {
      const response = await post(BASE, {headers: {'content-type': 'text/plain'}})
      assert.equal(response.status, 415, response.text)
      assert.equal(response.body.length, 0)
    })
  })

  describe('success', () => {
    it('201, Content-Type JSON, {"uri"} and the same Location', async () => {
      const {response, id} = await startJob(ts, BASE)
      assert.match(String(response.headers['content-type']), /^application\/json/)
      const body = response.json()
      assert.deepEqual(Object.keys(body), ['uri'])
      assert.equal(body.uri, `http://127.0.0.1:${ts.port}${ts.pushy}/jobs/${id}`)
      assert.equal(response.headers.location, body.uri)
      assert.match(id, JOB_ID)
    })

    it('the scheme comes from X-Forwarded-Proto', async () => {
      const {response, id} = await startJob(ts, BASE, {headers: {'x-forwarded-proto': 'https'}})
      assert.equal(response.json().uri, `https://127.0.0.1:${ts.port}${ts.pushy}/jobs/${id}`)
      assert.equal(response.headers.location, response.json().uri)
    })

    it('the host comes from the Host header; ports 80 and 443 are omitted', async () => {
      for (const [host, expected] of [
        ['push.example.com', 'http://push.example.com'],
        ['push.example.com:80', 'http://push.example.com'],
        ['push.example.com:8443', 'http://push.example.com:8443'],
      ]) {
        const {response, id} = await startJob(ts, BASE, {headers: {host}})
        assert.equal(response.json().uri, `${expected}${ts.pushy}/jobs/${id}`, `Host ${host}`)
      }

      const {response, id} = await startJob(ts, BASE, {headers: {host: 'push.example.com:443', 'x-forwarded-proto': 'https'}})
      assert.equal(response.json().uri, `https://push.example.com${ts.pushy}/jobs/${id}`)
    })

    it('the job is already voting when the reply arrives', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['idle']})
      const job = await getJob(ts, id)
      assert.equal(job.status, 'voting')
      assert.deepEqual(sortedNodes(job.nodes), {new: ['idle']})
    })

    it('a job of acking nodes is never seen as new', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha', 'beta']})
      const job = await getJob(ts, id)
      assert.notEqual(job.status, 'new')
    })

    it('job ids are 32 hex characters sharing a fixed 12-character org prefix', async () => {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await startJob(ts, BASE)).id)
      for (const id of ids) assert.match(id, JOB_ID)
      assert.equal(new Set(ids).size, ids.length, 'ids are unique')
      assert.equal(new Set(ids.map((id) => id.slice(0, 12))).size, 1, `one prefix: ${ids.join(' ')}`)
      assert.equal(new Set(ids.map((id) => id.slice(12))).size, ids.length)
    })

    it('command "" is accepted and the job is created', async () => {
      const {id} = await startJob(ts, {command: '', nodes: ['alpha']})
      const job = await getJob(ts, id)
      assert.equal(job.command, '')
    })

    it('quorum 999 with one node is accepted, then quorum_failed', async () => {
      // gamma runs no other job of this file: it is not busy, so it acks
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['gamma'], quorum: 999})
      const job = await waitForJobStatus(ts, id)
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {was_ready: ['gamma']})
    })

    it('unknown nodes are not checked: they become unavailable', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['ghost'], quorum: 1})
      const job = await waitForJobStatus(ts, id)
      assert.equal(job.status, 'quorum_failed')
      assert.deepEqual(sortedNodes(job.nodes), {unavailable: ['ghost']})
    })

    it('run_timeout defaults to 3600', async () => {
      const {id} = await startJob(ts, BASE)
      assert.equal((await getJob(ts, id)).run_timeout, 3600)
    })
  })
})
