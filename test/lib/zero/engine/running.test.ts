import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {pollUntil} from '../../../helpers/poll.js'
import {allEvents, engineWith, node, sequence} from './helpers.js'

describe('running', () => {
  it('ready + ack_run → running (run_start); running + succeeded/failed → run_complete success/failure; complete even with failures', async () => {
    const engine = engineWith([node('a'), node('b', {run: 'fail', delayMs: 20})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    const names = sequence(await allEvents(engine, job.id))
    assert.deepEqual(names, [
      'start',
      'quorum_vote a success',
      'quorum_vote b success',
      'quorum_succeeded',
      'run_start a',
      'run_start b',
      'run_complete a success',
      'run_complete b failure',
      'job_complete complete',
    ])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {succeeded: ['a'], failed: ['b']})
    assert.equal(engine.getJob(job.id)?.status, 'complete')
  })

  it('every node failing still ends complete', async () => {
    const engine = engineWith([node('a', {run: 'fail'}), node('b', {run: 'fail'})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    await allEvents(engine, job.id)
    assert.equal(engine.getJob(job.id)?.status, 'complete')
    assert.deepEqual(engine.getJob(job.id)?.nodes, {failed: ['a', 'b']})
  })

  it('running + down (the node crashes) → crashed: rehab, then run_complete crashed; job complete', async () => {
    const engine = engineWith([node('a', {run: 'crash', delayMs: 10}), node('b', {delayMs: 30})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    assert.deepEqual(sequence(await allEvents(engine, job.id)).slice(4), ['run_start a', 'run_start b', 'rehab a', 'run_complete a crashed', 'run_complete b success', 'job_complete complete'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {crashed: ['a'], succeeded: ['b']})
    // the crashed node came back through rehab: it takes the next job
    const next = engine.startJob({command: 'hi', nodes: ['b', 'a'], quorum: 1}, 'u')
    await allEvents(engine, next.id)
    assert.deepEqual(engine.getJob(next.id)?.nodes, {succeeded: ['b'], crashed: ['a']})
  })

  it('run_timeout: ready/running nodes → timed_out silently, job timed_out; finished nodes keep their status', async () => {
    const engine = engineWith([node('a', {run: 'hang'}), node('b')])
    const started = Date.now()
    // b reports 5 ms into the run and the timeout comes 400 ms in: a loaded machine that stalls
    // the event loop past both timers would run them in one go and time b out too, so the gap is
    // wide. The elapsed-time check is a lower bound, which load only makes easier to meet.
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b'], runTimeout: 0.4}, 'u')
    const names = sequence(await allEvents(engine, job.id))
    assert.ok(Date.now() - started >= 395, 'not before the run timeout')
    assert.deepEqual(names, ['start', 'quorum_vote a success', 'quorum_vote b success', 'quorum_succeeded', 'run_start a', 'run_start b', 'run_complete b success', 'job_complete timed_out'])
    assert.deepEqual(engine.getJob(job.id)?.nodes, {timed_out: ['a'], succeeded: ['b']})
    assert.equal(engine.getJob(job.id)?.status, 'timed_out')
  })

  it('the run timeout starts when the job runs, not at creation', async () => {
    const engine = engineWith([node('a', {vote: 'ignore'}), node('b', {delayMs: 20})], {timings: {votingTimeoutMs: 400}})
    // 0.3 s of run time: would expire during the 400 ms of voting if counted from creation, and is
    // 280 ms more than b's run needs when counted from the run (room for a loaded machine)
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b'], quorum: 1, runTimeout: 0.3}, 'u')
    await allEvents(engine, job.id)
    assert.equal(engine.getJob(job.id)?.status, 'complete')
  })

  it('simulated runs produce a short synthetic output only with capture, available once the node finished', async () => {
    const engine = engineWith([node('a'), node('b', {run: 'fail'})])
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b'], captureOutput: true}, 'u')
    assert.equal(engine.output(job.id, 'a', 'stdout'), undefined)
    await allEvents(engine, job.id)
    assert.match(engine.output(job.id, 'a', 'stdout')!.toString(), /^a: simulated run of 'hi'/)
    assert.equal(engine.output(job.id, 'a', 'stderr')!.length, 0)
    assert.match(engine.output(job.id, 'b', 'stderr')!.toString(), /simulated failure/)
    const plain = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    await allEvents(engine, plain.id)
    assert.equal(engine.output(plain.id, 'a', 'stdout'), undefined)
    assert.equal(engine.output('nope', 'a', 'stdout'), undefined)
  })

  it('liveJobIds lists voting and running jobs and those within completeWait of finishing', async () => {
    const engine = engineWith([node('a', {delayMs: 20})], {timings: {completeWaitMs: 50}})
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    assert.deepEqual(engine.liveJobIds(), [job.id])
    await allEvents(engine, job.id)
    assert.deepEqual(engine.liveJobIds(), [job.id])
    // gone once completeWait is over: wait for that, not a fixed time
    await pollUntil('the finished job to leave liveJobIds', () => (engine.liveJobIds().length === 0 ? true : undefined))
    assert.deepEqual(engine.liveJobIds(), [])
  })
})
