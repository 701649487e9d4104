import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import type {FeedEvent} from '../../../src/lib/api/types.js'
import {PushyError} from '../../../src/lib/errors.js'
import {followJobFeed, type FeedOutcome, type JobFeedOptions} from '../../../src/lib/wait/feed.js'
import {NodeTracker} from '../../../src/lib/wait/tracker.js'
import {systemSleep} from '../../../src/lib/wait/timing.js'
import {FEED_PATH, FINISHED, JOB_ID, SUCCESS, SUCCESS_TRANSITIONS} from './events.js'
import {fakeClient} from './fake-client.js'
import {replay, ScriptedServer} from './sse-server.js'

let server: ScriptedServer
before(async () => {
  server = await ScriptedServer.start()
})
after(() => server.close())

interface Followed {
  outcome: FeedOutcome
  events: FeedEvent[]
  transitions: string[]
  reconnects: string[]
  tracker: NodeTracker
}

async function follow(overrides: Partial<JobFeedOptions> = {}): Promise<Followed> {
  const events: FeedEvent[] = []
  const reconnects: string[] = []
  const tracker = new NodeTracker()
  const transitions: string[] = []
  const outcome = await followJobFeed({
    client: fakeClient(server.baseUrl),
    jobId: JOB_ID,
    onEvent(event) {
      events.push(event)
      for (const t of tracker.applyEvent(event)) transitions.push(`${t.node} ${t.from}→${t.to}`)
    },
    onReconnect: (attempt, reason) => reconnects.push(`${attempt}: ${reason}`),
    sleep: systemSleep,
    reconnect: {delayMs: 1, maxDelayMs: 4},
    ...overrides,
  })
  return {outcome, events, transitions, reconnects, tracker}
}

const activeTimers = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length

const ids = (events: FeedEvent[]): string[] => events.map((event) => event.id)

describe('followJobFeed', () => {
  it('follows a live job to job_complete, asking for an event stream', async () => {
    server.script(FEED_PATH, {steps: SUCCESS.flatMap((event) => [event, {delayMs: 1}])})
    const before = server.requests(FEED_PATH).length
    const {outcome, events, transitions, tracker, reconnects} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.deepEqual(ids(events), SUCCESS.map((_, index) => `job-${index + 1}`))
    assert.deepEqual(transitions, SUCCESS_TRANSITIONS)
    assert.equal(tracker.status, 'complete')
    assert.deepEqual(reconnects, [])
    const [request] = server.requests(FEED_PATH).slice(before)
    assert.equal(request?.headers.accept, 'text/event-stream')
    assert.equal(request?.headers['last-event-id'], undefined)
    assert.equal(server.requests(FEED_PATH).length, before + 1, 'closed after job_complete, no reconnect')
  })

  it('delivers the last event of a finished replay that ends without a blank line', async () => {
    server.script(FEED_PATH, {steps: [replay(SUCCESS)]})
    const {outcome, events, tracker} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.equal(events.at(-1)?.event, 'job_complete')
    assert.deepEqual(events.at(-1)?.data, {timestamp: '2024-01-01 00:00:00.000000Z', status: 'complete'})
    assert.equal(tracker.status, 'complete')
  })

  it('delivers a summary sent with no trailing newline at all', async () => {
    const summary = `event: summary\nid: job-1\ndata: ${JSON.stringify({timestamp: '2024-01-01 00:00:00.000000Z', ...FINISHED})}`
    server.script(FEED_PATH, {steps: [summary]})
    const {outcome, events, tracker, transitions} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.deepEqual(
      events.map((event) => event.event),
      ['summary'],
    )
    assert.equal(tracker.status, 'complete')
    assert.deepEqual(transitions.sort(), ['web-1 new→failed', 'web-2 new→succeeded'])
  })

  it('ignores keepalive comments', async () => {
    server.script(FEED_PATH, {steps: [':keepalive\n', SUCCESS[0]!, ':keepalive\n', ':ping\n', ...SUCCESS.slice(1)]})
    const {outcome, events} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.equal(events.length, SUCCESS.length)
  })

  it('resumes after several drops with Last-Event-ID, each event and transition once', async () => {
    const lastEventIds: Array<string | undefined> = []
    // The server replays what follows a known id; on the third connection it "forgets" the id and
    // replays everything, as it does for an id it does not recognise.
    server.script(FEED_PATH, (request, index) => {
      lastEventIds.push(request.headers['last-event-id'] as string | undefined)
      const cuts = [0, 3, 5, 7]
      // the last connection finds the job finished: the rest of the backlog, no blank line at the end
      if (index === 3) return {steps: [replay(SUCCESS.slice(7))]}
      const from = index === 2 ? 0 : cuts[index]!
      // a half-written event before the drop must not be delivered
      return {steps: [...SUCCESS.slice(from, cuts[index + 1]), 'event: run_start\nid: job-99\ndata: {"timest', {delayMs: 20}, {destroy: true}]}
    })
    const {outcome, events, transitions, reconnects} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.deepEqual(lastEventIds, [undefined, 'job-3', 'job-5', 'job-7'])
    assert.deepEqual(ids(events), SUCCESS.map((_, index) => `job-${index + 1}`))
    assert.deepEqual(transitions, SUCCESS_TRANSITIONS)
    assert.equal(reconnects.length, 3)
    assert.match(reconnects[0]!, /^1: /)
  })

  it('takes a summary answered after a reconnect, without repeating transitions', async () => {
    const summary = `event: summary\nid: job-1\ndata: ${JSON.stringify({timestamp: '2024-01-01 00:00:00.000000Z', ...FINISHED})}`
    server.script(FEED_PATH, {steps: [...SUCCESS.slice(0, 6), {delayMs: 20}, {destroy: true}]}, {steps: [summary]})
    const timers = activeTimers()
    const {outcome, transitions, tracker} = await follow()
    assert.deepEqual(outcome, {kind: 'finished'})
    assert.deepEqual(transitions, SUCCESS_TRANSITIONS)
    assert.equal(tracker.status, 'complete')
    assert.equal(activeTimers(), timers, 'no eventsource reconnect timer left to hold the process open')
  })

  it('falls back when the feed is missing (404: Push Jobs 1.x) or refuses text/event-stream (406)', async () => {
    server.script(FEED_PATH, {status: 404, steps: ['<html>Not Found</html>']})
    const missing = await follow()
    assert.equal(missing.outcome.kind, 'unavailable')
    assert.match((missing.outcome as {reason: string}).reason, /404.*1\.x/)
    server.script(FEED_PATH, {status: 406})
    const refused = await follow()
    assert.equal(refused.outcome.kind, 'unavailable')
    assert.match((refused.outcome as {reason: string}).reason, /406/)
  })

  it('fails with exit 5 and the server message on 401/403', async () => {
    server.script(FEED_PATH, {status: 403, contentType: 'application/json', steps: ['{"error":["missing read permission"]}']})
    await assert.rejects(follow(), (error: unknown) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, 5)
      assert.equal(error.status, 403)
      assert.equal(error.message, 'missing read permission')
      assert.match(error.hint ?? '', /pushy_job_readers/)
      return true
    })
  })

  it('retries a 5xx and gives up on the feed after too many fruitless reconnects', async () => {
    const before = server.requests(FEED_PATH).length
    server.script(FEED_PATH, {status: 502, steps: ['bad gateway']}, {steps: [SUCCESS[0]!]}, {steps: []})
    const {outcome, reconnects, events} = await follow({reconnect: {delayMs: 1, maxDelayMs: 2, maxAttempts: 3}})
    assert.equal(outcome.kind, 'unavailable')
    assert.match((outcome as {reason: string}).reason, /failed 4 times in a row/)
    assert.equal(events.length, 1)
    // the 502 is attempt 1; the connection that brought `start` resets the count; then 1, 2, 3 empty ones
    assert.deepEqual(
      reconnects.map((line) => line.split(':')[0]),
      ['1', '1', '2', '3'],
    )
    assert.match(reconnects[0]!, /HTTP 502/)
    assert.equal(server.requests(FEED_PATH).length - before, 5)
  })

  it('stops at once when aborted, even with the stream held open', async () => {
    server.script(FEED_PATH, {steps: [SUCCESS[0]!, {hold: true}]})
    const controller = new AbortController()
    const following = follow({signal: controller.signal, onEvent: () => controller.abort()})
    assert.deepEqual((await following).outcome, {kind: 'aborted'})
  })
})
