import assert from 'node:assert/strict'
import {after, before, describe, it} from 'node:test'
import type {FeedEvent} from '../../../src/lib/api/types.js'
import {PushyError} from '../../../src/lib/errors.js'
import {followOrgFeed, type OrgFeedOptions} from '../../../src/lib/wait/org-feed.js'
import {systemSleep, type Sleep} from '../../../src/lib/wait/timing.js'
import {pollUntil} from '../../helpers/poll.js'
import {fakeClient} from './fake-client.js'
import {ScriptedServer, sse} from './sse-server.js'

const ORG_FEED = 'pushy/job_status_feed'

let server: ScriptedServer
before(async () => {
  server = await ScriptedServer.start()
})
after(() => server.close())

const start = (id: string, job: string): string => sse('start', id, {job, command: 'chef-client', run_timeout: 3600, quorum: 1, node_count: 1, user: 'pivotal', capture: false})
const complete = (id: string, job: string): string => sse('job_complete', id, {job, status: 'complete'})

interface Run {
  events: FeedEvent[]
  reconnects: Array<[number, string]>
  lastEventIds: Array<string | undefined>
}

/** Follows the org feed until `stopAfter` events arrived. */
async function follow(stopAfter: number, overrides: Partial<OrgFeedOptions> = {}): Promise<Run> {
  const run: Run = {events: [], reconnects: [], lastEventIds: []}
  const before = server.requests(ORG_FEED).length
  const controller = new AbortController()
  await followOrgFeed({
    client: fakeClient(server.baseUrl),
    signal: controller.signal,
    onEvent(event) {
      run.events.push(event)
      if (run.events.length === stopAfter) controller.abort()
    },
    onReconnect: (attempt, reason) => run.reconnects.push([attempt, reason]),
    sleep: systemSleep,
    reconnectDelayMs: 1,
    ...overrides,
  })
  run.lastEventIds = server.requests(ORG_FEED).slice(before).map((request) => request.headers['last-event-id'] as string | undefined)
  return run
}

const ids = (run: Run): string[] => run.events.map((event) => event.id)

describe('followOrgFeed', () => {
  it('reconnects with Last-Event-ID after a drop and shows each event once', async () => {
    server.script(
      ORG_FEED,
      {steps: [':keepalive\n', start('org-1', 'j1'), complete('org-2', 'j1'), {delayMs: 15}, {destroy: true}]},
      // the server replays from the id it was given; a repeat of org-2 must not be shown again
      {steps: [complete('org-2', 'j1'), start('org-3', 'j2'), {hold: true}]},
    )
    const run = await follow(3)
    assert.deepEqual(ids(run), ['org-1', 'org-2', 'org-3'])
    assert.deepEqual(run.lastEventIds, [undefined, 'org-2'])
    assert.equal(run.reconnects.length, 1)
    assert.equal(run.reconnects[0]?.[0], 1)
    assert.equal(run.events[0]?.data.job, 'j1')
  })

  it('starts over after start_of_history (id expired or server restarted and counts from org-1 again)', async () => {
    server.script(
      ORG_FEED,
      {steps: [start('org-41', 'j1'), {delayMs: 15}, {destroy: true}]},
      {steps: [sse('start_of_history', 'start_id', {}), complete('org-1', 'j1'), {delayMs: 15}, {destroy: true}]},
      {steps: [start('org-2', 'j2'), {hold: true}]},
    )
    const run = await follow(4)
    assert.deepEqual(ids(run), ['org-41', 'start_id', 'org-1', 'org-2'])
    assert.deepEqual(run.lastEventIds, [undefined, 'org-41', 'org-1'])
  })

  it('keeps retrying a failing server, backing off, and counts only fruitless attempts', async () => {
    server.script(ORG_FEED, {status: 503, steps: ['unavailable']}, {status: 502}, {steps: [start('org-1', 'j1'), {delayMs: 15}, {destroy: true}]}, {steps: [start('org-2', 'j2'), {hold: true}]})
    const waits: number[] = []
    const sleep: Sleep = async (ms) => void waits.push(ms)
    const run = await follow(2, {sleep, random: () => 1, reconnectDelayMs: 100})
    assert.deepEqual(ids(run), ['org-1', 'org-2'])
    assert.deepEqual(
      run.reconnects.map(([attempt]) => attempt),
      [1, 2, 1],
    )
    assert.match(run.reconnects[0]?.[1] ?? '', /HTTP 503/)
    assert.deepEqual(waits, [100, 200, 100])
  })

  it('ends with exit 6 when the server has no feed (1.x), exit 5 when refused', async () => {
    server.script(ORG_FEED, {status: 404, steps: ['<html>Not Found</html>']})
    await assert.rejects(follow(1), (error: unknown) => error instanceof PushyError && error.exitCode === 6 && /1\.x/.test(error.hint ?? ''))
    server.script(ORG_FEED, {status: 403, contentType: 'application/json', steps: ['{"error":["not in pushy_job_readers"]}']})
    await assert.rejects(follow(1), (error: unknown) => error instanceof PushyError && error.exitCode === 5 && error.message === 'not in pushy_job_readers')
  })

  it('returns when aborted while the stream is idle', async () => {
    server.script(ORG_FEED, {steps: [':keepalive\n', {hold: true}]})
    const controller = new AbortController()
    const requestsBefore = server.requests(ORG_FEED).length
    const following = followOrgFeed({client: fakeClient(server.baseUrl), signal: controller.signal, onEvent: () => {}, sleep: systemSleep})
    // abort once the feed request reached the server (its stream is then open and held), not
    // after a fixed time that a loaded machine could spend before connecting
    await pollUntil('the org feed request', () => (server.requests(ORG_FEED).length > requestsBefore ? true : undefined))
    controller.abort()
    assert.equal(await following, undefined)
  })
})
