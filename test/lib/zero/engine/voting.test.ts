import assert from 'node:assert/strict'
import {userInfo} from 'node:os'
import {describe, it} from 'node:test'
import {createEngine} from '../../../../src/lib/zero/engine/index.js'
import {allEvents, engineWith, node, sequence} from './helpers.js'

describe('job creation', () => {
  it('is voting when startJob returns, with all nodes new, ids and dates in the server shapes', () => {
    const engine = engineWith([node('a'), node('b')])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'alice')
    assert.equal(job.status, 'voting')
    assert.deepEqual(job.nodes, {new: ['a', 'b']})
    assert.match(job.id, /^[0-9a-f]{32}$/)
    assert.match(job.created_at, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    assert.equal(job.run_timeout, 3600)
    assert.equal(job.updated_at, job.created_at)
    assert.equal('quorum' in job, false)
  })

  it('gives every job of an org the same 12-hex prefix, stable across engines, and other orgs another', () => {
    const a = engineWith([node('a')])
    const b = engineWith([node('a')])
    const other = engineWith([node('a')], {org: 'elsewhere'})
    const ids = [a, a, b].map((engine) => engine.startJob({command: 'hi', nodes: ['a'], quorum: 0}, 'u').id)
    assert.equal(new Set(ids.map((id) => id.slice(0, 12))).size, 1)
    assert.equal(new Set(ids).size, 3)
    assert.notEqual(other.startJob({command: 'hi', nodes: ['a']}, 'u').id.slice(0, 12), ids[0].slice(0, 12))
  })

  it('runs a node named twice only once (de-duplicated; the real server would 500)', async () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'a']}, 'u')
    const events = await allEvents(engine, job.id)
    assert.equal(events[0].data.node_count, 1)
    assert.equal(events[0].data.quorum, 1)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a']})
  })

  it('emits the start event with the catalogue key order, requestor as user, run-as user as job_user', async () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob(
      {command: 'hi', nodes: ['a'], quorum: 0, runTimeout: 30, user: 'nobody-here', dir: '/', env: {A: '1'}, file: 'raw:x', captureOutput: true},
      'alice',
    )
    const [start] = await allEvents(engine, job.id)
    assert.equal(start.event, 'start')
    assert.equal(start.id, 'job-1')
    assert.deepEqual(Object.keys(start.data), ['timestamp', 'command', 'run_timeout', 'quorum', 'node_count', 'user', 'job_user', 'dir', 'env', 'file_specified', 'capture'])
    assert.deepEqual(start.data, {...start.data, command: 'hi', run_timeout: 30, quorum: 0, node_count: 1, user: 'alice', job_user: 'nobody-here', dir: '/', env: {A: '1'}, file_specified: true, capture: true})
    const plain = engine.startJob({command: 'hi', nodes: ['a']}, 'bob')
    const [plainStart] = await allEvents(engine, plain.id)
    assert.deepEqual(Object.keys(plainStart.data), ['timestamp', 'command', 'run_timeout', 'quorum', 'node_count', 'user', 'capture'])
    assert.equal(plainStart.data.capture, false)
  })

  it('shows optional fields in GET jobs/ID only when set, and the file only on request', () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob({command: 'hi', nodes: ['a'], user: 'x', dir: '/tmp', env: {}, file: 'base64:aGk=', captureOutput: true}, 'u')
    assert.deepEqual(Object.keys(job), ['nodes', 'id', 'command', 'status', 'run_timeout', 'created_at', 'updated_at', 'user', 'dir', 'env', 'capture_output', 'file_specified'])
    assert.equal(engine.getJob(job.id, {includeFile: true})?.file, 'base64:aGk=')
    assert.equal(engine.getJob(job.id, {includeFile: true})?.file_specified, undefined)
    const [listed] = engine.listJobs()
    assert.equal(listed.nodes, undefined)
    assert.equal(listed.file_specified, true)
    assert.equal(engine.getJob('not_a_number'), undefined)
  })
})

describe('voting', () => {
  it('new + ack_commit → ready (quorum_vote success), then quorum_succeeded and the runs', async () => {
    const engine = engineWith([node('a'), node('b')])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    const events = await allEvents(engine, job.id)
    const names = sequence(events)
    assert.deepEqual(names.slice(0, 4), ['start', 'quorum_vote a success', 'quorum_vote b success', 'quorum_succeeded'])
    assert.deepEqual(names.slice(4, -1).sort(), ['run_complete a success', 'run_complete b success', 'run_start a', 'run_start b'])
    assert.equal(names.at(-1), 'job_complete complete')
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => `job-${i + 1}`))
  })

  it('new + nack_commit (busy) → nacked with quorum_vote failure; quorum_failed', async () => {
    const engine = engineWith([node('a', {vote: 'nack'})])
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a failure', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {nacked: ['a']})
    assert.equal(engine.getJob(job.id)?.status, 'quorum_failed')
  })

  for (const [why, request] of [
    ['a command not in the whitelist', {command: 'rm -rf /'}],
    ['a run-as user other than the current one', {command: 'hi', user: `not-${userInfo().username}`}],
    ['a dir that does not exist', {command: 'hi', dir: '/no/such/dir/anywhere'}],
  ] as const) {
    it(`nacks ${why}`, async () => {
      const engine = engineWith([node('a')])
      const job = engine.startJob({nodes: ['a'], ...request}, 'u')
      assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a failure', 'job_complete quorum_failed'])
      assert.deepEqual(engine.getJob(job.id)?.nodes, {nacked: ['a']})
    })
  }

  it('acks the current user and an existing dir', async () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob({command: 'hi', nodes: ['a'], user: userInfo().username, dir: '/'}, 'u')
    await allEvents(engine, job.id)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a']})
  })

  it('nacks a node busy in another live job; the node stays available in node_states', async () => {
    const engine = engineWith([node('a', {run: 'hang'}), node('b')])
    const first = engine.startJob({command: 'hi', nodes: ['a'], runTimeout: 0.2}, 'u')
    const second = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, second.id)), ['start', 'quorum_vote a failure', 'quorum_vote b success', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(second.id)?.nodes, {nacked: ['a'], was_ready: ['b']})
    assert.deepEqual(engine.nodeState('a'), {node_name: 'a', status: 'online', availability: 'available'})
    await allEvents(engine, first.id)
    // once the first job is over the node is free again
    const third = engine.startJob({command: 'hi', nodes: ['a'], runTimeout: 0.05}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, third.id)), ['start', 'quorum_vote a success', 'quorum_succeeded', 'run_start a', 'job_complete timed_out'])
  })

  it('ready when quorum fails → was_ready, silently (3 nodes, 2 nack)', async () => {
    const engine = engineWith([node('a', {vote: 'nack'}), node('b'), node('c', {vote: 'nack'})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b', 'c']}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a failure', 'quorum_vote b success', 'quorum_vote c failure', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {nacked: ['a', 'c'], was_ready: ['b']})
    // was_ready nodes were rehabbed: free for the next job
    const next = engine.startJob({command: 'hi', nodes: ['b']}, 'u')
    await allEvents(engine, next.id)
    assert.deepEqual(engine.getJob(next.id)?.nodes, {succeeded: ['b']})
  })

  it('a node down at start (offline or unknown): quorum_vote down, rehab, unavailable', async () => {
    const engine = engineWith([node('a', {online: false})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'ghost']}, 'u')
    assert.equal(engine.getJob(job.id)?.status, 'voting')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a down', 'rehab a', 'quorum_vote ghost down', 'rehab ghost', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {unavailable: ['a', 'ghost']})
  })

  it('a node that never answers → unavailable with quorum_vote voting_timeout (no rehab) at the voting timeout', async () => {
    const engine = engineWith([node('a', {vote: 'ignore'}), node('b')], {timings: {votingTimeoutMs: 60}})
    const started = Date.now()
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    const events = await allEvents(engine, job.id)
    assert.ok(Date.now() - started >= 55)
    assert.deepEqual(sequence(events), ['start', 'quorum_vote b success', 'quorum_vote a voting_timeout', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {was_ready: ['b'], unavailable: ['a']})
  })

  it('the voting timeout can still lead to running when the quorum is met', async () => {
    const engine = engineWith([node('a', {vote: 'ignore'}), node('b')], {timings: {votingTimeoutMs: 30}})
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b'], quorum: 1}, 'u')
    await allEvents(engine, job.id)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {unavailable: ['a'], succeeded: ['b']})
    assert.equal(engine.getJob(job.id)?.status, 'complete')
  })
})

describe('quorum', () => {
  it('defaults to the node count: one nack fails it', async () => {
    const engine = engineWith([node('a'), node('b', {vote: 'nack'})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    await allEvents(engine, job.id)
    assert.equal(engine.getJob(job.id)?.status, 'quorum_failed')
  })

  it('ready >= quorum runs the ready nodes only', async () => {
    const engine = engineWith([node('a'), node('b', {vote: 'nack'})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b'], quorum: 1}, 'u')
    await allEvents(engine, job.id)
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a'], nacked: ['b']})
    assert.equal(engine.getJob(job.id)?.status, 'complete')
  })

  it('quorum 0 with every node down goes straight to complete with no runs', async () => {
    const engine = engineWith([node('a', {online: false})])
    const job = engine.startJob({command: 'hi', nodes: ['a'], quorum: 0}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a down', 'rehab a', 'quorum_succeeded', 'job_complete complete'])
    assert.equal(engine.getJob(job.id)?.status, 'complete')
  })

  it('a quorum above the node count always fails', async () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob({command: 'hi', nodes: ['a'], quorum: 999}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)), ['start', 'quorum_vote a success', 'job_complete quorum_failed'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {was_ready: ['a']})
  })
})

describe('job timestamps', () => {
  it('event timestamps are unique, strictly increasing and in the SSE shape', async () => {
    const fixed = new Date('2024-05-01T10:00:00.123Z')
    const engine = createEngine({org: 'o', fleet: {nodes: [node('a'), node('b'), node('c')]}, now: () => fixed, timings: {completeWaitMs: 10}})
    try {
      const job = engine.startJob({command: 'hi', nodes: ['a', 'b', 'c']}, 'u')
      const stamps = (await allEvents(engine, job.id)).map((e) => e.data.timestamp as string)
      assert.equal(stamps[0], '2024-05-01 10:00:00.123000Z')
      for (const stamp of stamps) assert.match(stamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}Z$/)
      for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] > stamps[i - 1], `${stamps[i]} after ${stamps[i - 1]}`)
    } finally {
      await engine.close()
    }
  })

  it('updated_at changes with the job status only', async () => {
    let clock = Date.parse('2024-05-01T10:00:00Z')
    const engine = createEngine({org: 'o', fleet: {nodes: [node('a', {delayMs: 30})]}, now: () => new Date(clock), timings: {completeWaitMs: 10}})
    try {
      const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
      clock += 5000
      const feed = engine.jobFeed(job.id, undefined)
      assert.equal(feed?.kind, 'live')
      // wait for run_start: the node changed status, the job did not since `running`
      await new Promise<void>((resolve) => {
        if (feed?.kind === 'live') feed.subscribe((e) => e.event === 'run_start' && resolve(), () => {})
      })
      const running = engine.getJob(job.id)!
      assert.equal(running.updated_at, 'Wed, 01 May 2024 10:00:05 GMT')
      clock += 5000
      // let the engine finish what it queued with run_start (its message batches run on
      // setImmediate); a fixed 10 ms could outlast a's 30 ms run on a loaded machine
      await new Promise((resolve) => setImmediate(resolve))
      assert.deepEqual(engine.getJob(job.id)?.nodes, {running: ['a']})
      assert.equal(engine.getJob(job.id)?.updated_at, 'Wed, 01 May 2024 10:00:05 GMT')
      await allEvents(engine, job.id)
      assert.equal(engine.getJob(job.id)?.updated_at, 'Wed, 01 May 2024 10:00:10 GMT')
      assert.equal(engine.getJob(job.id)?.created_at, 'Wed, 01 May 2024 10:00:00 GMT')
    } finally {
      await engine.close()
    }
  })
})
