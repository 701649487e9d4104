import assert from 'node:assert/strict'
import {describe, it} from 'node:test'
import {createEngine} from '../../../../src/lib/zero/engine/index.js'
import type {ZeroEvent} from '../../../../src/lib/zero/types.js'
import {pollUntil} from '../../../helpers/poll.js'
import {allEvents, engineWith, node, sequence} from './helpers.js'

describe('job feed', () => {
  it('unknown job → undefined', () => {
    assert.equal(engineWith([node('a')]).jobFeed('0'.repeat(32), undefined), undefined)
  })

  it('live: the whole backlog, or what follows a known Last-Event-ID, or everything for an unknown id', () => {
    const engine = engineWith([node('a', {online: false}), node('b', {vote: 'ignore'})], {timings: {votingTimeoutMs: 1000}})
    const job = engine.startJob({command: 'hi', nodes: ['a', 'b']}, 'u')
    const all = engine.jobFeed(job.id, undefined)
    assert.equal(all?.kind, 'live')
    assert.deepEqual(all.kind === 'live' && sequence(all.backlog), ['start', 'quorum_vote a down', 'rehab a'])
    const after = engine.jobFeed(job.id, 'job-2')
    assert.deepEqual(after?.kind === 'live' && after.backlog.map((e) => e.id), ['job-3'])
    const latest = engine.jobFeed(job.id, 'job-3')
    assert.deepEqual(latest?.kind === 'live' && latest.backlog, [])
    for (const unknown of ['bleah', 'job-99', 'job-0']) {
      const feed = engine.jobFeed(job.id, unknown)
      assert.equal(feed?.kind === 'live' && feed.backlog.length, 3, unknown)
    }
  })

  it('live: subscribers get each event once and end after job_complete', async () => {
    const engine = engineWith([node('a')])
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    const feed = engine.jobFeed(job.id, undefined)
    assert.equal(feed?.kind, 'live')
    if (feed?.kind !== 'live') return
    const seen: ZeroEvent[] = [...feed.backlog]
    await new Promise<void>((resolve) => feed.subscribe((e) => seen.push(e), resolve))
    assert.deepEqual(sequence(seen), ['start', 'quorum_vote a success', 'quorum_succeeded', 'run_start a', 'run_complete a success', 'job_complete complete'])
    // subscribing to a job that already ended ends at once
    let ended = false
    feed.subscribe(() => assert.fail('no more events'), () => (ended = true))
    assert.equal(ended, true)
  })

  it('an unsubscribed listener hears nothing more', async () => {
    const engine = engineWith([node('a', {delayMs: 20})])
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    const feed = engine.jobFeed(job.id, undefined)
    if (feed?.kind !== 'live') return assert.fail('live expected')
    const heard: string[] = []
    const unsubscribe = feed.subscribe((e) => heard.push(e.event), () => heard.push('end'))
    unsubscribe()
    await allEvents(engine, job.id)
    assert.deepEqual(heard, [])
  })

  it('finished within completeWait: the requested backlog; afterwards one summary (id job-1, no file)', async () => {
    const engine = engineWith([node('a')], {timings: {completeWaitMs: 60}})
    const job = engine.startJob({command: 'hi', nodes: ['a'], file: 'raw:secret'}, 'alice')
    const events = await allEvents(engine, job.id)
    const finished = engine.jobFeed(job.id, undefined)
    assert.equal(finished?.kind, 'finished')
    assert.deepEqual(finished?.kind === 'finished' && finished.backlog, events)
    const tail = engine.jobFeed(job.id, 'job-5')
    assert.deepEqual(tail?.kind === 'finished' && sequence(tail.backlog), ['job_complete complete'])
    const none = engine.jobFeed(job.id, events.at(-1)!.id)
    assert.deepEqual(none?.kind === 'finished' && none.backlog, [])
    // once completeWait (60 ms) is over the job's process is gone: wait for that, not a fixed time
    await pollUntil('the job to leave liveJobIds', () => (engine.liveJobIds().includes(job.id) ? undefined : true))
    const summary = engine.jobFeed(job.id, 'job-3')
    assert.equal(summary?.kind, 'summary')
    if (summary?.kind !== 'summary') return
    assert.equal(summary.event.event, 'summary')
    assert.equal(summary.event.id, 'job-1')
    const {timestamp, ...body} = summary.event.data
    assert.match(timestamp as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    assert.deepEqual(Object.keys(summary.event.data)[0], 'timestamp')
    assert.deepEqual(body, engine.getJob(job.id))
    assert.equal(body.file, undefined)
    assert.equal(body.file_specified, true)
  })
})

describe('org feed', () => {
  it('relays only start and job_complete, with job right after timestamp and org-N ids; no history without Last-Event-ID', async () => {
    const engine = engineWith([node('a')])
    const before = engine.orgFeed(undefined)
    assert.deepEqual(before.backlog, [])
    const heard: ZeroEvent[] = []
    const unsubscribe = before.subscribe((e) => heard.push(e))
    const job = engine.startJob({command: 'hi', nodes: ['a'], env: {X: 'y'}}, 'alice')
    const events = await allEvents(engine, job.id)
    unsubscribe()
    assert.deepEqual(heard.map((e) => [e.event, e.id]), [['start', 'org-1'], ['job_complete', 'org-2']])
    assert.deepEqual(Object.keys(heard[0].data), ['timestamp', 'job', 'command', 'run_timeout', 'quorum', 'node_count', 'user', 'env', 'capture'])
    assert.deepEqual(heard[1].data, {timestamp: events.at(-1)!.data.timestamp, job: job.id, status: 'complete'})
    assert.equal(heard[0].data.timestamp, events[0].data.timestamp)
    assert.deepEqual(engine.orgFeed(undefined).backlog, [])
  })

  it('a known Last-Event-ID replays what followed; an unknown one gets start_of_history then everything retained', async () => {
    const clock = {now: Date.parse('2024-05-01T10:00:00Z')}
    const engine = createEngine({org: 'o', fleet: {nodes: [node('a')]}, now: () => new Date(clock.now), timings: {completeWaitMs: 10, orgFeedExpirationMs: 60_000}})
    try {
      const one = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
      await allEvents(engine, one.id)
      const two = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
      await allEvents(engine, two.id)
      assert.deepEqual(engine.orgFeed('org-2').backlog.map((e) => e.id), ['org-3', 'org-4'])
      assert.deepEqual(engine.orgFeed('org-4').backlog, [])
      const replay = engine.orgFeed('job-1').backlog
      assert.deepEqual(replay.map((e) => e.id), ['start_id', 'org-1', 'org-2', 'org-3', 'org-4'])
      assert.deepEqual(replay[0], {event: 'start_of_history', id: 'start_id', data: {timestamp: '2024-05-01 09:59:00.000000Z'}})
      // 61 s later every event has expired: a known id is now unknown
      clock.now += 61_000
      assert.deepEqual(engine.orgFeed('org-2').backlog.map((e) => e.id), ['start_id'])
      assert.deepEqual(engine.orgFeed('org-2').backlog[0].data, {timestamp: '2024-05-01 10:00:01.000000Z'})
    } finally {
      await engine.close()
    }
  })

  it('events expire after orgFeedExpirationMs (real time)', async () => {
    // 500 ms: the job (a few ms) must end well within it for both its events to be retained, even
    // on a loaded machine; then wait for the expiry itself rather than a fixed time past it
    const engine = engineWith([node('a')], {timings: {orgFeedExpirationMs: 500}})
    const started = Date.now()
    const job = engine.startJob({command: 'hi', nodes: ['a']}, 'u')
    await allEvents(engine, job.id)
    assert.equal(engine.orgFeed('nope').backlog.length, 3)
    await pollUntil('the org events to expire', () => (engine.orgFeed('nope').backlog.length === 1 ? true : undefined))
    assert.ok(Date.now() - started >= 495, 'not before orgFeedExpirationMs')
    assert.deepEqual(engine.orgFeed('nope').backlog.map((e) => e.event), ['start_of_history'])
  })

  it('org ids count per engine', async () => {
    const first = engineWith([node('a')])
    const second = engineWith([node('a')])
    const heard: string[] = []
    second.orgFeed(undefined).subscribe((e) => heard.push(e.id))
    await allEvents(first, first.startJob({command: 'hi', nodes: ['a']}, 'u').id)
    await allEvents(second, second.startJob({command: 'hi', nodes: ['a']}, 'u').id)
    assert.deepEqual(heard, ['org-1', 'org-2'])
  })
})

describe('node_states', () => {
  it('lists online fleet nodes only; the single answer is always there', () => {
    const engine = engineWith([node('a'), node('b', {online: false}), node('c', {vote: 'nack'})])
    assert.deepEqual(engine.onlineNodeStates(), [
      {node_name: 'a', availability: 'available'},
      {node_name: 'c', availability: 'available'},
    ])
    assert.deepEqual(engine.nodeState('a'), {node_name: 'a', status: 'online', availability: 'available'})
    assert.deepEqual(engine.nodeState('b'), {node_name: 'b', status: 'offline', availability: 'unavailable'})
    assert.deepEqual(engine.nodeState('never-seen'), {node_name: 'never-seen', status: 'offline', availability: 'unavailable'})
  })
})
