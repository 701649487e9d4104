// The real Push Jobs server's behaviour: SSE feeds — transport, job feed, org feed,
// event catalogue and typical sequences. Byte-exact where the real server is quirky.
import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import {
  SSE_TIMESTAMP,
  assertHtml404,
  eventNames,
  fleetNode,
  fleetOf,
  getJob,
  openFeed,
  parseSse,
  parseSseTimestamp,
  pollUntil,
  pushyGet,
  readFeed,
  request,
  runJob,
  sortedNodes,
  startJob,
  startTestServer,
  waitForJobStatus,
  type SseEvent,
  type TestServer,
} from '../../../helpers/zero.js'

const FIELDS: Record<string, string[]> = {
  quorum_vote: ['timestamp', 'node', 'status'],
  quorum_succeeded: ['timestamp'],
  run_start: ['timestamp', 'node'],
  run_complete: ['timestamp', 'node', 'status'],
  rehab: ['timestamp', 'node'],
  job_complete: ['timestamp', 'status'],
}
const PLAIN_START = ['timestamp', 'command', 'run_timeout', 'quorum', 'node_count', 'user', 'capture']

const FLEET = fleetOf(
  fleetNode('ok1'),
  fleetNode('ok2'),
  fleetNode('slow', {delayMs: 600}),
  fleetNode('slow2', {delayMs: 600}),
  fleetNode('nack', {vote: 'nack'}),
  fleetNode('off', {online: false}),
  fleetNode('ignore', {vote: 'ignore'}),
  fleetNode('hang', {run: 'hang'}),
  fleetNode('hang2', {run: 'hang'}),
)

/** Asserts ids job-1…job-N, timestamps well-formed, unique, increasing, compact one-line JSON. */
function assertWellFormed(events: SseEvent[], prefix = 'job-', first = 1): void {
  events.forEach((event, index) => {
    assert.equal(event.id, `${prefix}${first + index}`, `event ${index} id (${eventNames(events).join(' ')})`)
    assert.ok(event.data !== undefined, `event ${index} data is JSON: ${event.rawData}`)
    assert.equal(Object.keys(event.data)[0], 'timestamp', `${event.event}: timestamp first`)
    assert.match(event.data.timestamp, SSE_TIMESTAMP, `${event.event} timestamp`)
    assert.equal(event.rawData, JSON.stringify(event.data), `${event.event}: data is one line of compact JSON`)
  })
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i].data.timestamp > events[i - 1].data.timestamp, `timestamps unique and increasing: ${events[i - 1].data.timestamp} then ${events[i].data.timestamp}`)
  }
}

function assertFieldOrder(events: SseEvent[]): void {
  for (const event of events) {
    const expected = FIELDS[event.event ?? '']
    if (expected) assert.deepEqual(Object.keys(event.data), expected, `${event.event} fields`)
  }
}

/** `event: X\nid: Y\ndata: {…}` blocks. */
const BLOCK = /^event: [a-z_]+\nid: [a-z_]+-?\d*\ndata: \{.*\}$/s

describe('SSE feeds', () => {
  let ts: TestServer

  before(async () => {
    ts = await startTestServer({fleet: FLEET})
  })
  after(() => ts?.close())

  describe('transport', () => {
    it('the path is job_status_feed; jobs_status_feed is 404', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['ok1']})
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`)
      feed.close()
      assert.equal(feed.status, 200)
      assertHtml404(await pushyGet(ts, `jobs_status_feed/${id}`, {headers: {accept: 'text/event-stream'}}), 'jobs_status_feed/ID')
      assertHtml404(await pushyGet(ts, 'jobs_status_feed', {headers: {accept: 'text/event-stream'}}), 'jobs_status_feed')
    })

    it('406 without text/event-stream (job and org feeds), empty body', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['ok1']})
      for (const rel of [`job_status_feed/${id}`, 'job_status_feed']) {
        for (const accept of ['application/json', 'application/event-stream', 'text/html']) {
          const response = await pushyGet(ts, rel, {headers: {accept}})
          assert.equal(response.status, 406, `${rel} Accept ${accept}: ${response.status}`)
          assert.equal(response.body.length, 0)
        }
      }
    })

    it('an unknown job → 404 HTML', async () => {
      assertHtml404(await pushyGet(ts, 'job_status_feed/0123456789abcdef0123456789abcdef', {headers: {accept: 'text/event-stream'}}), 'unknown job feed')
    })

    it('headers: 200, text/event-stream, chunked, X-Accel-Buffering: no', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['slow']})
      for (const rel of [`job_status_feed/${id}`, 'job_status_feed']) {
        const feed = await openFeed(ts, `${ts.pushy}/${rel}`)
        feed.close()
        assert.equal(feed.status, 200, rel)
        assert.match(String(feed.headers['content-type']), /^text\/event-stream/, rel)
        assert.equal(feed.headers['transfer-encoding'], 'chunked', rel)
        assert.equal(feed.headers['x-accel-buffering'], 'no', rel)
        assert.equal(feed.headers['content-length'], undefined, rel)
      }
      await waitForJobStatus(ts, id)
    })

    it('live framing: event, id, data lines, each event followed by a blank line, no retry field', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['slow']})
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`)
      const raw = (await feed.waitForEnd()).toString('utf8')
      assert.ok(raw.endsWith('\n\n'), `a live stream ends its last event with a blank line: ${JSON.stringify(raw.slice(-40))}`)
      assert.ok(!/^retry:/m.test(raw), 'never a retry field')
      // keep-alive comments may sit between events while the slow node runs
      const blocks = raw.replace(/^:keepalive\n/gm, '').slice(0, -2).split('\n\n')
      for (const block of blocks) assert.match(block, BLOCK)
      assert.equal(blocks.length, parseSse(raw).events.length)
    })
  })

  describe('event catalogue and typical sequences', () => {
    it('success: start, quorum_vote×n, quorum_succeeded, run_start×n, run_complete×n, job_complete', async () => {
      const {events, id} = await runJob(ts, {command: 'chef-client', nodes: ['slow', 'slow2']})
      assertWellFormed(events)
      assertFieldOrder(events)
      const names = eventNames(events)
      assert.equal(names[0], 'start')
      assert.deepEqual(names.slice(1, 3), ['quorum_vote(success)', 'quorum_vote(success)'])
      assert.equal(names[3], 'quorum_succeeded')
      assert.deepEqual(names.slice(4, -1).map((n) => n.replace(/\(.*/, '')).sort(), ['run_complete', 'run_complete', 'run_start', 'run_start'])
      for (const node of ['slow', 'slow2']) {
        const start = events.findIndex((e) => e.event === 'run_start' && e.data.node === node)
        const complete = events.findIndex((e) => e.event === 'run_complete' && e.data.node === node)
        assert.ok(start > 3 && complete > start, `${node}: run_start before run_complete`)
        assert.equal(events[complete].data.status, 'success')
      }
      assert.deepEqual(new Set(events.filter((e) => e.event === 'quorum_vote').map((e) => e.data.node)), new Set(['slow', 'slow2']))
      assert.equal(names.at(-1), 'job_complete(complete)')
      const start = events[0].data
      assert.deepEqual(Object.keys(start), PLAIN_START)
      assert.deepEqual(start, {timestamp: start.timestamp, command: 'chef-client', run_timeout: 3600, quorum: 2, node_count: 2, user: ts.userName, capture: false})
      assert.ok((await getJob(ts, id)).status === 'complete')
    })

    it('start with every option: job_user, dir, env, file_specified, capture (file contents never sent)', async () => {
      const {events} = await runJob(ts, {
        command: 'chef-client',
        nodes: ['ok1', 'nack'],
        quorum: 1,
        run_timeout: 30,
        user: 'deploy',
        dir: '/srv/app',
        env: {A: '1'},
        file: 'raw:SECRET-CONTENTS',
        capture_output: true,
      })
      const start = events[0]
      assert.equal(start.event, 'start')
      assert.deepEqual(Object.keys(start.data), ['timestamp', 'command', 'run_timeout', 'quorum', 'node_count', 'user', 'job_user', 'dir', 'env', 'file_specified', 'capture'])
      assert.equal(start.data.user, ts.userName, 'user is the requestor')
      assert.equal(start.data.job_user, 'deploy')
      assert.equal(start.data.dir, '/srv/app')
      assert.deepEqual(start.data.env, {A: '1'})
      assert.equal(start.data.file_specified, true)
      assert.equal(start.data.capture, true)
      assert.equal(start.data.quorum, 1)
      assert.equal(start.data.node_count, 2)
      assert.equal(start.data.run_timeout, 30)
      assert.ok(!start.rawData.includes('SECRET-CONTENTS'))
    })

    it('nacked: start, quorum_vote(failure), job_complete(quorum_failed)', async () => {
      const {events} = await runJob(ts, {command: 'chef-client', nodes: ['nack']})
      assertWellFormed(events)
      assertFieldOrder(events)
      assert.deepEqual(eventNames(events, {node: true, status: true}), ['start', 'quorum_vote(failure)@nack', 'job_complete(quorum_failed)'])
    })

    it('node down: start, quorum_vote(down), rehab, job_complete(quorum_failed)', async () => {
      const {events} = await runJob(ts, {command: 'chef-client', nodes: ['off']})
      assertWellFormed(events)
      assertFieldOrder(events)
      assert.deepEqual(eventNames(events, {node: true, status: true}), ['start', 'quorum_vote(down)@off', 'rehab@off', 'job_complete(quorum_failed)'])
    })

    it('ignored commit: start, quorum_vote(voting_timeout), job_complete(quorum_failed)', async () => {
      const {events} = await runJob(ts, {command: 'chef-client', nodes: ['ignore']})
      assertWellFormed(events)
      assertFieldOrder(events)
      assert.deepEqual(eventNames(events, {node: true, status: true}), ['start', 'quorum_vote(voting_timeout)@ignore', 'job_complete(quorum_failed)'])
    })

    it('run timeout: start, quorum_vote(success), quorum_succeeded, job_complete(timed_out)', async () => {
      const {events} = await runJob(ts, {command: 'chef-client', nodes: ['hang'], run_timeout: 1})
      assertWellFormed(events)
      assertFieldOrder(events)
      // a hanging simulated node may or may not ack the run; nothing else may appear
      const names = eventNames(events, {node: true, status: true}).filter((n) => n !== 'run_start@hang')
      assert.deepEqual(names, ['start', 'quorum_vote(success)@hang', 'quorum_succeeded', 'job_complete(timed_out)'])
    })

    it('non-ASCII commands arrive as raw UTF-8 inside the JSON', async () => {
      const {events, raw} = await runJob(ts, {command: 'déployer-✓', nodes: ['nack']})
      assert.equal(events[0].data.command, 'déployer-✓')
      assert.ok(raw.toString('utf8').includes('"command":"déployer-✓"'), 'not \\u-escaped')
    })
  })

  describe('job feed while the job is live', () => {
    it('replays history, then streams live events, then closes after job_complete', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['slow']})
      await waitForJobStatus(ts, id, 'running')
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`)
      const replayed = await feed.waitForEvent((e) => e.event === 'quorum_succeeded')
      assert.equal(replayed.id, 'job-3')
      assert.equal(feed.ended(), false, 'still open while the node runs')
      const raw = await feed.waitForEnd()
      const events = parseSse(raw).events
      assertWellFormed(events)
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(success)', 'quorum_succeeded', 'run_start', 'run_complete(success)', 'job_complete(complete)'])
      assert.ok(raw.toString('utf8').endsWith('\n\n'))
    })

    it('Last-Event-ID known → only the events after it', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['slow']})
      await waitForJobStatus(ts, id, 'running')
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`, {lastEventId: 'job-2'})
      const events = parseSse(await feed.waitForEnd()).events
      assert.equal(events[0]?.id, 'job-3', eventNames(events).join(' '))
      assertWellFormed(events, 'job-', 3)
      assert.equal(eventNames(events).at(-1), 'job_complete(complete)')
    })

    it('Last-Event-ID unknown ("bleah") → everything', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['slow']})
      await waitForJobStatus(ts, id, 'running')
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`, {lastEventId: 'bleah'})
      const events = parseSse(await feed.waitForEnd()).events
      assertWellFormed(events)
      assert.equal(events[0].event, 'start')
    })

    it(':keepalive after keepaliveMs with nothing sent, repeated while idle', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['hang2'], run_timeout: 2})
      await waitForJobStatus(ts, id, 'running')
      const opened = Date.now()
      const feed = await openFeed(ts, `${ts.pushy}/job_status_feed/${id}`)
      try {
        const text = await feed.waitForRaw((raw) => raw.split(':keepalive\n').length >= 3)
        // a lower bound only (a loaded machine makes it longer, never shorter): 2 × 200 ms, less
        // slack for timer granularity
        assert.ok(Date.now() - opened >= 350, 'two keep-alives take at least two idle periods')
        assert.match(text, /\n\n:keepalive\n/, 'a comment line after the last event')
        assert.ok(parseSse(text).comments.every((c) => c === 'keepalive'))
      } finally {
        feed.close()
      }
    })

    it('no keep-alive while events keep flowing faster than keepaliveMs', async () => {
      const {events, raw} = await runJob(ts, {command: 'chef-client', nodes: ['ok1', 'ok2']})
      assert.ok(events.length >= 7)
      assert.ok(!raw.toString('utf8').includes(':keepalive'))
    })
  })

  describe('job feed of a finished job', () => {
    let slowWait: TestServer
    before(async () => {
      slowWait = await startTestServer({fleet: FLEET, timings: {completeWaitMs: 1_500}})
    })
    after(() => slowWait?.close())

    it('within completeWait: the backlog, then close; the last event has no blank line after it', async () => {
      const {id} = await startJob(slowWait, {command: 'chef-client', nodes: ['ok1']})
      await waitForJobStatus(slowWait, id)
      const {status, headers, raw} = await readFeed(slowWait, `${slowWait.pushy}/job_status_feed/${id}`)
      assert.equal(status, 200)
      assert.match(String(headers['content-type']), /^text\/event-stream/)
      const text = raw.toString('utf8')
      assert.match(text, /\}$/, `the body ends with the last event's data, no newline after it: ${JSON.stringify(text.slice(-30))}`)
      const blocks = text.split('\n\n')
      for (const block of blocks) assert.match(block, BLOCK)
      // the flushing parser keeps the last event; a spec-strict one would lose it
      const events = parseSse(raw).events
      assert.equal(events.length, blocks.length)
      assertWellFormed(events)
      assert.deepEqual(eventNames(events), ['start', 'quorum_vote(success)', 'quorum_succeeded', 'run_start', 'run_complete(success)', 'job_complete(complete)'])
    })

    it('within completeWait with a known Last-Event-ID: only the rest', async () => {
      const {id} = await startJob(slowWait, {command: 'chef-client', nodes: ['ok1']})
      await waitForJobStatus(slowWait, id)
      const {raw} = await readFeed(slowWait, `${slowWait.pushy}/job_status_feed/${id}`, {lastEventId: 'job-4'})
      const events = parseSse(raw).events
      assert.deepEqual(events.map((e) => e.id), ['job-5', 'job-6'])
      assert.match(raw.toString('utf8'), /\}$/)
    })

    it('within completeWait with the last id: an empty body', async () => {
      const {id} = await startJob(slowWait, {command: 'chef-client', nodes: ['nack']})
      await waitForJobStatus(slowWait, id)
      const {status, raw} = await readFeed(slowWait, `${slowWait.pushy}/job_status_feed/${id}`, {lastEventId: 'job-3'})
      assert.equal(status, 200)
      assert.equal(raw.length, 0, JSON.stringify(raw.toString('utf8')))
    })

    it('the job stays in _status job_processes during completeWait', async () => {
      const {id} = await startJob(slowWait, {command: 'chef-client', nodes: ['ok1']})
      await waitForJobStatus(slowWait, id)
      const live = (await request(slowWait, '/pushy/_status', {sign: false})).json().job_processes
      assert.ok(live.includes(id), JSON.stringify(live))
      await pollUntil('the job process to exit', async () => ((await request(slowWait, '/pushy/_status', {sign: false})).json().job_processes.includes(id) ? undefined : true), 4_000)
    })

    it('after completeWait: one summary event, id job-1, no trailing newline at all, Last-Event-ID ignored', async () => {
      const {id} = await startJob(ts, {command: 'chef-client', nodes: ['ok1', 'off'], quorum: 1, file: 'raw:SECRET', env: {A: 'b'}, capture_output: true})
      await waitForJobStatus(ts, id)
      await pollUntil('the job process to exit', async () => ((await request(ts, '/pushy/_status', {sign: false})).json().job_processes.includes(id) ? undefined : true), 3_000)
      const job = await getJob(ts, id)
      for (const lastEventId of [undefined, 'job-3', 'bleah']) {
        const {status, headers, raw} = await readFeed(ts, `${ts.pushy}/job_status_feed/${id}`, {lastEventId})
        assert.equal(status, 200)
        assert.match(String(headers['content-type']), /^text\/event-stream/)
        const text = raw.toString('utf8')
        assert.match(text, /^event: summary\nid: job-1\ndata: \{.*\}$/s, `exact framing, no trailing newline: ${JSON.stringify(text.slice(-20))}`)
        const events = parseSse(raw).events
        assert.equal(events.length, 1)
        const data = events[0].data
        assert.equal(Object.keys(data)[0], 'timestamp')
        assert.match(data.timestamp, SSE_TIMESTAMP)
        const {timestamp: _timestamp, ...rest} = data
        assert.deepEqual({...rest, nodes: sortedNodes(rest.nodes)}, {...job, nodes: sortedNodes(job.nodes)}, 'timestamp + the GET jobs/ID body')
        assert.ok(!('file' in data) && data.file_specified === true, 'without file')
        assert.ok(!text.includes('SECRET'))
      }
    })
  })

  describe('org feed', () => {
    let org: TestServer
    before(async () => {
      org = await startTestServer({fleet: FLEET, timings: {orgFeedExpirationMs: 1_500}})
    })
    after(() => org?.close())

    /** the events an org feed opened with `lastEventId` replays (read until its first keep-alive) */
    async function orgBacklog(lastEventId: string): Promise<SseEvent[]> {
      const feed = await openFeed(org, `${org.pushy}/job_status_feed`, {lastEventId})
      try {
        await feed.waitForRaw((raw) => raw.includes(':keepalive\n'))
        return feed.events()
      } finally {
        feed.close()
      }
    }

    it('no history without Last-Event-ID; start and job_complete with job after timestamp, org-N ids; never ends', async () => {
      const feed = await openFeed(org, `${org.pushy}/job_status_feed`)
      try {
        assert.equal(feed.status, 200)
        // the backlog is written as soon as the feed opens, and a keep-alive only after a whole idle
        // period: once one arrives, any history would already be here
        await feed.waitForRaw((raw) => raw.includes(':keepalive\n'))
        assert.equal(feed.events().length, 0)
        const run = await runJob(org, {command: 'chef-client', nodes: ['ok1', 'ok2']})
        const complete = await feed.waitForEvent((e) => e.event === 'job_complete')
        const events = feed.events()
        assert.deepEqual(
          events.map((e) => [e.event, e.id]),
          [
            ['start', 'org-1'],
            ['job_complete', 'org-2'],
          ],
          'only start and job_complete are relayed; the counter starts at 1',
        )
        assert.deepEqual(Object.keys(events[0].data), ['timestamp', 'job', ...PLAIN_START.slice(1)])
        assert.deepEqual(Object.keys(complete.data), ['timestamp', 'job', 'status'])
        assert.equal(events[0].data.job, run.id)
        assert.equal(complete.data.job, run.id)
        assert.equal(complete.data.status, 'complete')
        // the original timestamps are kept
        assert.equal(events[0].data.timestamp, run.events[0].data.timestamp)
        assert.equal(complete.data.timestamp, run.events.at(-1)?.data.timestamp)
        const {job: _job, ...startRest} = events[0].data
        assert.deepEqual(startRest, run.events[0].data)
        // a keep-alive after the job's last event: the feed stayed open through an idle period
        // after the job completed, where a job feed would have ended
        const afterComplete = await feed.waitForRaw((raw) => raw.slice(raw.lastIndexOf('event: job_complete')).includes(':keepalive\n'))
        assert.equal(feed.ended(), false, 'the org feed never ends')
        assert.match(afterComplete, /:keepalive\n/)
      } finally {
        feed.close()
      }
    })

    it('job_complete statuses: quorum_failed, timed_out', async () => {
      const feed = await openFeed(org, `${org.pushy}/job_status_feed`)
      try {
        const failed = await runJob(org, {command: 'chef-client', nodes: ['nack']})
        const timedOut = await runJob(org, {command: 'chef-client', nodes: ['hang'], run_timeout: 1})
        await feed.waitForEvent((e) => e.event === 'job_complete' && e.data.job === timedOut.id, 4_000)
        const completes = feed.events().filter((e) => e.event === 'job_complete')
        assert.deepEqual(
          completes.map((e) => [e.data.job, e.data.status]),
          [
            [failed.id, 'quorum_failed'],
            [timedOut.id, 'timed_out'],
          ],
        )
        const ids = feed.events().map((e) => Number(e.id?.replace('org-', '')))
        for (let i = 1; i < ids.length; i++) assert.equal(ids[i], ids[i - 1] + 1, 'org ids are consecutive')
      } finally {
        feed.close()
      }
    })

    it('a job already running when the feed opens shows up only with its job_complete', async () => {
      const {id} = await startJob(org, {command: 'chef-client', nodes: ['slow']})
      const feed = await openFeed(org, `${org.pushy}/job_status_feed`)
      try {
        await feed.waitForEvent((e) => e.event === 'job_complete' && e.data.job === id)
        assert.deepEqual(
          feed.events().map((e) => e.event),
          ['job_complete'],
        )
      } finally {
        feed.close()
      }
    })

    it('known Last-Event-ID → the retained events after it; unknown → start_of_history then all retained', async () => {
      const first = await runJob(org, {command: 'chef-client', nodes: ['ok1']})
      const second = await runJob(org, {command: 'chef-client', nodes: ['ok2']})
      // find the org ids of the first job's events
      const beforeProbe = Date.now()
      const probe = await openFeed(org, `${org.pushy}/job_status_feed`, {lastEventId: 'bleah'})
      const afterProbe = Date.now()
      let all: SseEvent[]
      try {
        await probe.waitForEvent((e) => e.event === 'job_complete' && e.data.job === second.id)
        all = probe.events()
      } finally {
        probe.close()
      }
      assert.equal(all[0].event, 'start_of_history')
      assert.equal(all[0].id, 'start_id')
      assert.deepEqual(Object.keys(all[0].data), ['timestamp'])
      // the server read its clock while answering the probe, between these two readings of ours:
      // exact bounds, however slow the machine (no tolerance to outgrow)
      const sohAt = parseSseTimestamp(all[0].data.timestamp)
      assert.ok(sohAt >= beforeProbe - 1_500 && sohAt <= afterProbe - 1_500, `start_of_history is now − expiration: ${all[0].data.timestamp}`)
      const firstComplete = all.find((e) => e.event === 'job_complete' && e.data.job === first.id)
      assert.ok(firstComplete, 'retained events follow start_of_history')

      const resumed = await openFeed(org, `${org.pushy}/job_status_feed`, {lastEventId: firstComplete.id})
      try {
        const secondComplete = await resumed.waitForEvent((e) => e.event === 'job_complete' && e.data.job === second.id)
        const events = resumed.events()
        assert.deepEqual(
          events.map((e) => [e.event, e.data.job]),
          [
            ['start', second.id],
            ['job_complete', second.id],
          ],
        )
        assert.equal(secondComplete.id, all.at(-1)?.id)
      } finally {
        resumed.close()
      }
    })

    it('events expire after orgFeedExpirationMs: an expired id → start_of_history alone', async () => {
      const run = await runJob(org, {command: 'chef-client', nodes: ['ok1']})
      const probe = await openFeed(org, `${org.pushy}/job_status_feed`, {lastEventId: 'bleah'})
      let lastId: string
      try {
        lastId = (await probe.waitForEvent((e) => e.event === 'job_complete' && e.data.job === run.id)).id ?? ''
      } finally {
        probe.close()
      }
      const startId = probe.events().find((e) => e.event === 'start' && e.data.job === run.id)?.id
      assert.ok(startId)
      // The server takes no clock, so wait on the expiry itself: an unknown id replays everything
      // still retained, so 'bleah' answering start_of_history alone means every event expired.
      await pollUntil('the org events to expire (orgFeedExpirationMs 1.5 s)', async () => ((await orgBacklog('bleah')).length === 1 ? true : undefined), 10_000, 100)
      for (const lastEventId of [startId, 'bleah']) {
        const feed = await openFeed(org, `${org.pushy}/job_status_feed`, {lastEventId})
        try {
          await feed.waitForEvent((e) => e.event === 'start_of_history')
          // the backlog is written at once, a keep-alive only after an idle period: nothing more is coming
          await feed.waitForRaw((raw) => raw.includes(':keepalive\n'))
          assert.deepEqual(
            feed.events().map((e) => e.event),
            ['start_of_history'],
            `Last-Event-ID ${lastEventId}: nothing retained`,
          )
        } finally {
          feed.close()
        }
      }
      assert.ok(lastId)
    })

    it('keep-alives on an idle org feed', async () => {
      const feed = await openFeed(org, `${org.pushy}/job_status_feed`)
      try {
        const text = await feed.waitForRaw((raw) => raw.includes(':keepalive\n'), 2_000)
        assert.ok(text.startsWith(':keepalive\n'), JSON.stringify(text))
      } finally {
        feed.close()
      }
    })
  })
})
