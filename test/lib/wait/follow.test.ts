import assert from 'node:assert/strict'
import {after, before, beforeEach, describe, it} from 'node:test'
import {PushyError} from '../../../src/lib/errors.js'
import {followJob, WaitInterruptedError, WaitTimeoutError, type FollowOptions, type WaitSnapshot} from '../../../src/lib/wait/follow.js'
import {systemClock, systemSleep, type Sleep} from '../../../src/lib/wait/timing.js'
import {FEED_PATH, FINISHED, job, JOB_ID, JOB_PATH, SUCCESS, SUCCESS_TRANSITIONS} from './events.js'
import {fakeClient} from './fake-client.js'
import {json, ScriptedServer} from './sse-server.js'

let server: ScriptedServer
before(async () => {
  server = await ScriptedServer.start()
})
after(() => server.close())

let updates: WaitSnapshot[]
beforeEach(() => {
  updates = []
})

const options = (overrides: Partial<FollowOptions> = {}): FollowOptions => ({
  client: fakeClient(server.baseUrl),
  jobId: JOB_ID,
  useFeed: true,
  pollIntervalMs: 5,
  onUpdate: (snapshot) => updates.push(snapshot),
  clock: systemClock,
  sleep: systemSleep,
  feedReconnectDelayMs: 1,
  ...overrides,
})

/** Counts requests from here on, so each test sees only its own. */
function requestCounter(path: string): () => number {
  const before = server.requests(path).length
  return () => server.requests(path).length - before
}

const reported = (): string[] => updates.flatMap((update) => update.transitions.map((t) => `${t.node} ${t.from}→${t.to}`))

describe('followJob', () => {
  it('follows the feed to the end, then GETs the job exactly once', async () => {
    server.script(FEED_PATH, {steps: SUCCESS})
    server.script(JOB_PATH, json(FINISHED))
    const gets = requestCounter(JOB_PATH)
    const result = await followJob(options())
    assert.deepEqual(result.job, FINISHED)
    assert.equal(result.via, 'feed')
    assert.equal(result.fellBack, false)
    assert.equal(result.fallbackReason, undefined)
    assert.equal(gets(), 1)
    assert.deepEqual(reported(), SUCCESS_TRANSITIONS)
    assert.equal(result.counts.succeeded, 1)
    assert.equal(result.counts.failed, 1)
    assert.equal(result.transitions.length, SUCCESS_TRANSITIONS.length)
    const running = updates.find((update) => update.status === 'running')
    assert.equal(running?.total, 2)
    assert.equal(running?.via, 'feed')
    assert.ok(updates.every((update) => update.elapsedMs >= 0))
  })

  it('survives connections dropped mid-job: every node transition once, right result', async () => {
    let connection = 0
    server.script(FEED_PATH, (request) => {
      connection++
      const after = Number(String(request.headers['last-event-id'] ?? 'job-0').slice(4))
      const rest = SUCCESS.slice(after)
      // each connection delivers two new events, then drops (the last one finishes)
      return {steps: rest.length > 2 ? [...rest.slice(0, 2), {delayMs: 15}, {destroy: true}] : rest}
    })
    server.script(JOB_PATH, json(FINISHED))
    const gets = requestCounter(JOB_PATH)
    const reconnects: number[] = []
    const result = await followJob(options({onFeedReconnect: (attempt) => reconnects.push(attempt)}))
    assert.equal(connection, 5)
    assert.deepEqual(reconnects, [1, 1, 1, 1])
    assert.deepEqual(reported(), SUCCESS_TRANSITIONS)
    assert.equal(result.via, 'feed')
    assert.equal(result.job.status, 'complete')
    assert.equal(gets(), 1)
  })

  it('polls a Push Jobs 1.x server (feed 404), backing off over a 5xx, and says why', async () => {
    server.script(FEED_PATH, {status: 404, steps: ['<html><body>Not Found</body></html>']})
    // a 1.x job body: only id, command, status, run_timeout, created_at, updated_at and nodes
    server.script(
      JOB_PATH,
      json(job('voting', {new: ['web-1', 'web-2']})),
      json(job('running', {running: ['web-1', 'web-2']})),
      json({error: ['boom']}, 503),
      json(job('complete', {succeeded: ['web-1', 'web-2']})),
    )
    const gets = requestCounter(JOB_PATH)
    const result = await followJob(options())
    assert.equal(result.via, 'poll')
    assert.equal(result.fellBack, true)
    assert.match(result.fallbackReason ?? '', /404.*Push Jobs 1\.x/)
    assert.equal(result.job.status, 'complete')
    assert.equal(gets(), 4)
    assert.deepEqual(reported(), ['web-1 new→running', 'web-2 new→running', 'web-1 running→succeeded', 'web-2 running→succeeded'])
    assert.ok(updates.every((update) => update.via === 'poll'))
  })

  it('never touches the feed with --no-feed', async () => {
    server.script(JOB_PATH, json(job('running', {running: ['a']})), json(job('complete', {succeeded: ['a']})))
    const feeds = requestCounter(FEED_PATH)
    const result = await followJob(options({useFeed: false}))
    assert.equal(result.via, 'poll')
    assert.equal(result.fellBack, false)
    assert.equal(feeds(), 0)
  })

  it('polls on when the job row is not final yet after job_complete', async () => {
    server.script(FEED_PATH, {steps: SUCCESS})
    server.script(JOB_PATH, json(job('running', {running: ['web-1', 'web-2']})), json(FINISHED))
    const gets = requestCounter(JOB_PATH)
    const result = await followJob(options())
    assert.equal(result.job.status, 'complete')
    assert.equal(gets(), 2)
  })

  it('stops at --wait-timeout with exit 8; the job is left alone', async () => {
    server.script(FEED_PATH, {steps: [...SUCCESS.slice(0, 2), ':keepalive\n', {hold: true}]})
    const gets = requestCounter(JOB_PATH)
    // The wait-timeout sleep ends when the test says so (once a vote has arrived), not by the clock.
    const waitTimeoutMs = 600_000
    let timeUp = (): void => {}
    const sleep: Sleep = (ms, signal) => (ms === waitTimeoutMs ? new Promise((resolve) => (timeUp = resolve)) : systemSleep(ms, signal))
    const onUpdate = (snapshot: WaitSnapshot): void => {
      if (snapshot.counts.ready === 1) timeUp()
    }
    await assert.rejects(followJob(options({waitTimeoutMs, sleep, onUpdate})), (error: unknown) => {
      assert.ok(error instanceof WaitTimeoutError)
      assert.equal(error.exitCode, 8)
      assert.equal(error.snapshot.status, 'voting')
      assert.equal(error.snapshot.counts.ready, 1)
      assert.match(error.hint ?? '', new RegExp(`pushy job watch ${JOB_ID}`))
      return true
    })
    assert.equal(gets(), 0)
  })

  it('stops on Ctrl-C with exit 130 and the command that re-attaches', async () => {
    server.script(FEED_PATH, {steps: [...SUCCESS.slice(0, 3), {hold: true}]})
    const controller = new AbortController()
    const following = followJob(
      options({
        signal: controller.signal,
        onUpdate: (snapshot) => snapshot.counts.ready === 2 && controller.abort(),
      }),
    )
    await assert.rejects(following, (error: unknown) => {
      assert.ok(error instanceof WaitInterruptedError)
      assert.equal(error.exitCode, 130)
      assert.equal(error.jobId, JOB_ID)
      // in backquotes, like every hint that names a command (so local mode can add -z to it)
      assert.equal(error.hint, `\`pushy job watch ${JOB_ID}\``)
      return true
    })
  })

  it('fails with exit 5 when the feed says 401', async () => {
    server.script(FEED_PATH, {status: 401, contentType: 'application/json', steps: ['{"error":["Failed to authenticate as pivotal"]}']})
    await assert.rejects(followJob(options()), (error: unknown) => error instanceof PushyError && error.exitCode === 5 && /Failed to authenticate/.test(error.message))
  })
})
