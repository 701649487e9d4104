// The real Push Jobs server's behaviour: (GET jobs), (GET jobs/ID), (output), (timestamps and ids).
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {
  JOB_ID,
  RFC1123,
  assertHtml404,
  fleetNode,
  fleetOf,
  getJob,
  pollUntil,
  pushyGet,
  sortedNodes,
  startJob,
  startTestServer,
  waitForJobStatus,
  type TestServer,
} from '../../../helpers/zero.js'

const BASE_KEYS = ['command', 'created_at', 'id', 'run_timeout', 'status', 'updated_at']

describe('GET jobs, jobs/ID and output', () => {
  let ts: TestServer
  let plainId: string
  let fullId: string
  let captureId: string
  let noCaptureId: string

  before(async () => {
    ts = await startTestServer({
      fleet: fleetOf(
        fleetNode('alpha'),
        fleetNode('beta'),
        fleetNode('down', {online: false}),
        fleetNode('exec-1', {exec: true, whitelist: {speak: "printf 'hello\\nworld\\n'; printf 'oops' >&2", quiet: 'true', 'chef-client': 'true'}}),
        fleetNode('exec-2', {exec: true, whitelist: {speak: "printf 'hello\\nworld\\n'; printf 'oops' >&2", quiet: 'true', 'chef-client': 'true'}}),
      ),
    })
    plainId = (await startJob(ts, {command: 'chef-client', nodes: ['alpha', 'down'], quorum: 1})).id
    fullId = (await startJob(ts, {command: 'chef-client', nodes: ['beta'], run_timeout: 30, user: 'deploy', dir: '/srv', env: {A: '1', B: 'two'}, file: 'raw:#!/bin/sh\necho hi\n', capture_output: true})).id
    captureId = (await startJob(ts, {command: 'speak', nodes: ['exec-1', 'exec-2'], capture_output: true})).id
    for (const id of [plainId, fullId, captureId]) await waitForJobStatus(ts, id)
    noCaptureId = (await startJob(ts, {command: 'speak', nodes: ['exec-1'], capture_output: false})).id
    const noCapture = await waitForJobStatus(ts, noCaptureId)
    assert.deepEqual(sortedNodes(noCapture.nodes), {succeeded: ['exec-1']})
  })
  after(() => ts?.close())

  describe('GET jobs', () => {
    it('is an array of job objects without nodes or quorum', async () => {
      const response = await pushyGet(ts, 'jobs')
      assert.equal(response.status, 200)
      const list = response.json()
      assert.ok(Array.isArray(list), response.text)
      const ids = list.map((job: any) => job.id)
      for (const id of [plainId, fullId, captureId, noCaptureId]) assert.ok(ids.includes(id), `list has ${id}`)
      for (const job of list) {
        assert.ok(!('nodes' in job), `no nodes in the list: ${JSON.stringify(job)}`)
        assert.ok(!('quorum' in job), `no quorum in the list: ${JSON.stringify(job)}`)
        for (const key of BASE_KEYS) assert.ok(key in job, `${key} in ${JSON.stringify(job)}`)
      }
    })

    it('a plain job has exactly the base keys', async () => {
      const job = (await pushyGet(ts, 'jobs')).json().find((j: any) => j.id === plainId)
      assert.deepEqual(Object.keys(job).sort(), BASE_KEYS)
      assert.equal(job.command, 'chef-client')
      assert.equal(job.status, 'complete')
      assert.equal(job.run_timeout, 3600)
    })

    it('a job with every option has the optional fields, file_specified and no file', async () => {
      const job = (await pushyGet(ts, 'jobs')).json().find((j: any) => j.id === fullId)
      assert.deepEqual(Object.keys(job).sort(), [...BASE_KEYS, 'capture_output', 'dir', 'env', 'file_specified', 'user'].sort())
      assert.equal(job.user, 'deploy')
      assert.equal(job.dir, '/srv')
      assert.deepEqual(job.env, {A: '1', B: 'two'})
      assert.equal(job.capture_output, true)
      assert.equal(job.file_specified, true)
      assert.equal(job.run_timeout, 30)
    })

    it('capture_output false is left out; env {} is echoed back', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha'], capture_output: false, env: {}})
      const job = (await pushyGet(ts, 'jobs')).json().find((j: any) => j.id === id)
      assert.ok(!('capture_output' in job), JSON.stringify(job))
      assert.deepEqual(job.env, {})
    })
  })

  describe('GET jobs/ID', () => {
    it('groups nodes by status, only statuses that occur, no quorum', async () => {
      const job = await getJob(ts, plainId)
      assert.deepEqual(Object.keys(job).sort(), ['nodes', ...BASE_KEYS].sort())
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['alpha'], unavailable: ['down']})
      assert.equal(job.id, plainId)
      assert.match(job.id, JOB_ID)
    })

    it('a job with every option: user, dir, env, capture_output, file_specified', async () => {
      const job = await getJob(ts, fullId)
      assert.deepEqual(Object.keys(job).sort(), ['nodes', ...BASE_KEYS, 'capture_output', 'dir', 'env', 'file_specified', 'user'].sort())
      assert.ok(!('file' in job))
      assert.ok(!('quorum' in job))
    })

    it('?include_file=true replaces file_specified with file', async () => {
      const job = await getJob(ts, fullId, '?include_file=true')
      assert.equal(job.file, 'raw:#!/bin/sh\necho hi\n')
      assert.ok(!('file_specified' in job), JSON.stringify(job))
    })

    it('include_file must be exactly true', async () => {
      for (const query of ['?include_file=yes', '?include_file=TRUE', '?include_file=1']) {
        const job = await getJob(ts, fullId, query)
        assert.equal(job.file_specified, true, query)
        assert.ok(!('file' in job), query)
      }
    })

    it('include_file=true on a job without a file adds nothing', async () => {
      const job = await getJob(ts, plainId, '?include_file=true')
      assert.ok(!('file' in job) && !('file_specified' in job), JSON.stringify(job))
    })

    it('a base64 file comes back as stored', async () => {
      const file = `base64:${Buffer.from([0, 1, 2, 255]).toString('base64')}`
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha'], file})
      assert.equal((await getJob(ts, id, '?include_file=true')).file, file)
    })

    it('an unknown id → 404 HTML', async () => {
      for (const id of ['not_a_number', '0123456789abcdef0123456789abcdef', `${plainId.slice(0, 31)}0`]) {
        if (id === plainId) continue
        assertHtml404(await pushyGet(ts, `jobs/${id}`), `jobs/${id}`)
      }
    })

    it('non-ASCII commands round-trip as UTF-8', async () => {
      const {id} = await startJob(ts, {command: 'héllo-wörld-✓', nodes: ['alpha']})
      assert.equal((await getJob(ts, id)).command, 'héllo-wörld-✓')
    })
  })

  describe('timestamps', () => {
    it('created_at and updated_at are RFC 1123 GMT, second precision, close to now', async () => {
      const before = Date.now()
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['alpha']})
      const job = await waitForJobStatus(ts, id)
      const after = Date.now()
      for (const field of ['created_at', 'updated_at']) {
        assert.match(job[field], RFC1123, field)
        const at = Date.parse(job[field])
        // between our two clock readings (the start one truncated to the second, as the field is):
        // exact bounds rather than a tolerance a slow machine could outgrow
        assert.ok(at >= Math.floor(before / 1000) * 1000 && at <= after, `${field} ${job[field]} is now (UTC), not shifted`)
      }
      assert.ok(Date.parse(job.updated_at) >= Date.parse(job.created_at))
      const listed = (await pushyGet(ts, 'jobs')).json().find((j: any) => j.id === id)
      assert.equal(listed.created_at, job.created_at)
      assert.equal(listed.updated_at, job.updated_at)
    })

    it('updated_at changes with the job status, not with node statuses', async () => {
      const local = await startTestServer({fleet: fleetOf(fleetNode('hang', {run: 'hang'}), fleetNode('slow', {delayMs: 1_300}))})
      try {
        const {id} = await startJob(local, {command: 'chef-client', nodes: ['hang', 'slow'], run_timeout: 3})
        const running = await waitForJobStatus(local, id, 'running')
        const updated = running.updated_at
        // the slow node finishes well over a second later: a node status change only
        const afterNode = await pollUntil(
          'slow to succeed',
          async () => {
            const job = await getJob(local, id)
            return job.nodes?.succeeded?.includes('slow') ? job : undefined
          },
          5_000,
        )
        assert.equal(afterNode.status, 'running')
        // No wait here: slow's change was already observed above, 1.3 s after `running`, so a
        // touched updated_at would already show a later second. (A fixed wait only risked reaching
        // the 3 s run_timeout on a slow machine.)
        assert.equal(afterNode.updated_at, updated, 'a node status change must not touch updated_at')
        const still = await getJob(local, id)
        assert.equal(still.status, 'running')
        assert.equal(still.updated_at, updated, 'a node status change must not touch updated_at')
        const done = await waitForJobStatus(local, id, 'timed_out', 6_000)
        assert.notEqual(done.updated_at, updated, 'the job status change updates updated_at')
        assert.ok(Date.parse(done.updated_at) > Date.parse(updated))
        assert.equal(done.created_at, running.created_at)
      } finally {
        await local.close()
      }
    })
  })

  describe('GET jobs/ID/output/NODE/CHANNEL', () => {
    it('200 with the raw captured bytes, application/octet-stream', async () => {
      for (const node of ['exec-1', 'exec-2']) {
        const out = await pushyGet(ts, `jobs/${captureId}/output/${node}/stdout`, {headers: {accept: 'application/octet-stream'}})
        assert.equal(out.status, 200, out.text)
        assert.match(String(out.headers['content-type']), /^application\/octet-stream/)
        assert.equal(out.text, 'hello\nworld\n')
        const err = await pushyGet(ts, `jobs/${captureId}/output/${node}/stderr`, {headers: {accept: 'application/octet-stream'}})
        assert.equal(err.status, 200, err.text)
        assert.equal(err.text, 'oops')
      }
    })

    it('Accept */* and no Accept header are fine', async () => {
      for (const accept of ['*/*', null]) {
        const out = await pushyGet(ts, `jobs/${captureId}/output/exec-1/stdout`, {headers: {accept}})
        assert.equal(out.status, 200, `Accept ${accept}: ${out.status}`)
        assert.equal(out.text, 'hello\nworld\n')
      }
    })

    it('Accept: application/json → 406', async () => {
      const out = await pushyGet(ts, `jobs/${captureId}/output/exec-1/stdout`, {headers: {accept: 'application/json'}})
      assert.equal(out.status, 406, out.text)
      assert.equal(out.body.length, 0)
    })

    it('Accept: text/plain → 406 (only application/octet-stream is offered)', async () => {
      const out = await pushyGet(ts, `jobs/${captureId}/output/exec-1/stdout`, {headers: {accept: 'text/plain'}})
      assert.equal(out.status, 406, out.text)
    })

    it('an empty capture is 200 with an empty body', async () => {
      const {id} = await startJob(ts, {command: 'quiet', nodes: ['exec-2'], capture_output: true})
      const job = await waitForJobStatus(ts, id)
      assert.deepEqual(sortedNodes(job.nodes), {succeeded: ['exec-2']})
      for (const channel of ['stdout', 'stderr']) {
        const out = await pushyGet(ts, `jobs/${id}/output/exec-2/${channel}`, {headers: {accept: 'application/octet-stream'}})
        assert.equal(out.status, 200, `${channel}: ${out.status}`)
        assert.equal(out.body.length, 0)
      }
    })

    it('404 HTML without capture, for an unknown job, an unknown node, a node that did not run', async () => {
      const cases = [
        `jobs/${noCaptureId}/output/exec-1/stdout`,
        `jobs/${noCaptureId}/output/exec-1/stderr`,
        'jobs/0123456789abcdef0123456789abcdef/output/exec-1/stdout',
        `jobs/${captureId}/output/nobody/stdout`,
        `jobs/${plainId}/output/down/stdout`,
      ]
      for (const rel of cases) assertHtml404(await pushyGet(ts, rel, {headers: {accept: 'application/octet-stream'}}), rel)
    })

    it('a failed run keeps its output too', async () => {
      const local = await startTestServer({fleet: fleetOf(fleetNode('x', {exec: true, whitelist: {boom: "printf 'partial'; printf 'bad' >&2; exit 3"}}))})
      try {
        const {id} = await startJob(local, {command: 'boom', nodes: ['x'], capture_output: true})
        const job = await waitForJobStatus(local, id)
        assert.equal(job.status, 'complete')
        assert.deepEqual(sortedNodes(job.nodes), {failed: ['x']})
        assert.equal((await pushyGet(local, `jobs/${id}/output/x/stdout`, {headers: {accept: 'application/octet-stream'}})).text, 'partial')
        assert.equal((await pushyGet(local, `jobs/${id}/output/x/stderr`, {headers: {accept: 'application/octet-stream'}})).text, 'bad')
      } finally {
        await local.close()
      }
    })

    it('binary output comes back byte for byte', async () => {
      const local = await startTestServer({fleet: fleetOf(fleetNode('x', {exec: true, whitelist: {bin: "printf '\\000\\001\\377\\376'"}}))})
      try {
        const {id} = await startJob(local, {command: 'bin', nodes: ['x'], capture_output: true})
        await waitForJobStatus(local, id)
        const out = await pushyGet(local, `jobs/${id}/output/x/stdout`, {headers: {accept: 'application/octet-stream'}})
        assert.deepEqual([...out.body], [0, 1, 255, 254])
      } finally {
        await local.close()
      }
    })
  })
})
