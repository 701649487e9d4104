// The real Push Jobs server's behaviour: a Push Jobs 1.x server (pushVersion: 1).
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {
  assertHtml404,
  fleetNode,
  fleetOf,
  getJob,
  pushyGet,
  request,
  sortedNodes,
  startJob,
  startTestServer,
  waitForJobStatus,
  type TestServer,
} from '../../../helpers/zero.js'

describe('Push Jobs 1.x mode', () => {
  let ts: TestServer
  let jobId: string

  before(async () => {
    ts = await startTestServer({pushVersion: 1, fleet: fleetOf(fleetNode('alpha'), fleetNode('beta', {exec: true, whitelist: {speak: 'echo hi'}}))})
    jobId = (await startJob(ts, {command: 'chef-client', nodes: ['alpha']})).id
    await waitForJobStatus(ts, jobId)
  })
  after(() => ts?.close())

  for (const [key, value] of [
    ['capture_output', true],
    ['capture_output', false],
    ['env', {}],
    ['env', {A: '1'}],
    ['dir', '/tmp'],
    ['user', 'deploy'],
    ['file', 'raw:hello'],
  ] as const) {
    it(`rejects the 2.x key ${key}=${JSON.stringify(value)} with invalid key supplied`, async () => {
      const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: {command: 'chef-client', nodes: ['alpha'], [key]: value}})
      assert.equal(response.status, 400, response.text)
      assert.deepEqual(response.json(), {error: 'invalid key supplied'})
    })
  }

  it('accepts the 1.x keys and runs a plain job', async () => {
    const {id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha'], quorum: 1, run_timeout: 60})
    const job = await waitForJobStatus(ts, id)
    assert.equal(job.status, 'complete')
    assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['alpha']})
    assert.deepEqual(Object.keys(job).sort(), ['command', 'created_at', 'id', 'nodes', 'run_timeout', 'status', 'updated_at'])
  })

  it('the same 201 {"uri"} reply and job id shape', async () => {
    const {response, id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha']})
    assert.equal(response.json().uri, `http://127.0.0.1:${ts.port}${ts.pushy}/jobs/${id}`)
    assert.equal(id.slice(0, 12), jobId.slice(0, 12))
  })

  it('the other validation messages are unchanged', async () => {
    const response = await request(ts, `${ts.pushy}/jobs`, {method: 'POST', body: {command: 'chef-client', nodes: []}})
    assert.equal(response.status, 400)
    assert.deepEqual(response.json(), {error: 'at least one node must be supplied'})
  })

  it('404 on the job feed, the org feed and the output routes (even with the right Accept)', async () => {
    assertHtml404(await pushyGet(ts, `job_status_feed/${jobId}`, {headers: {accept: 'text/event-stream'}}), 'job feed')
    assertHtml404(await pushyGet(ts, 'job_status_feed', {headers: {accept: 'text/event-stream'}}), 'org feed')
    assertHtml404(await pushyGet(ts, `jobs/${jobId}/output/alpha/stdout`, {headers: {accept: 'application/octet-stream'}}), 'output stdout')
    assertHtml404(await pushyGet(ts, `jobs/${jobId}/output/alpha/stderr`, {headers: {accept: '*/*'}}), 'output stderr')
  })

  it('jobs, jobs/ID, node_states and _status still work', async () => {
    assert.equal((await pushyGet(ts, 'jobs')).status, 200)
    assert.equal((await getJob(ts, jobId)).id, jobId)
    assert.equal((await pushyGet(ts, 'node_states')).status, 200)
    assert.deepEqual((await pushyGet(ts, 'node_states/alpha')).json(), {node_name: 'alpha', status: 'online', availability: 'available'})
    assert.equal((await request(ts, '/pushy/_status', {sign: false})).status, 200)
  })

  it('include_file has nothing to add', async () => {
    const job = await getJob(ts, jobId, '?include_file=true')
    assert.ok(!('file' in job) && !('file_specified' in job))
  })
})
