import assert from 'node:assert/strict'
import {request} from 'node:http'
import {after, before, describe, it} from 'node:test'
import {finishedBody, frameEvent, summaryBody} from '../../../../src/lib/zero/http/sse.js'
import type {ZeroEvent} from '../../../../src/lib/zero/types.js'
import {adminKeys, event, JOB_ID, ORG, startStub, type StubServer} from './stub.js'
import {signRequest} from '../../../../src/lib/signing/sign.js'

const P = `/organizations/${ORG}/pushy`
const start = event(1, 'start', {command: 'ls', note: 'é'})
const vote = event(2, 'quorum_vote', {node: 'a', status: 'success'})
const done = event(3, 'job_complete', {status: 'complete'})

describe('SSE framing', () => {
  it('frames event, id and one line of compact JSON, timestamp first', () => {
    assert.equal(frameEvent(vote), 'event: quorum_vote\nid: job-2\ndata: {"timestamp":"2020-01-01 00:00:02.000000Z","node":"a","status":"success"}')
  })

  it('finished replay: blank lines between events, not even a newline after the last', () => {
    assert.equal(finishedBody([start, vote]), `${frameEvent(start)}\n\n${frameEvent(vote)}`)
    assert.equal(finishedBody([]), '')
  })

  it('summary: no trailing newline at all', () => {
    assert.equal(summaryBody(done), frameEvent(done))
    assert.ok(!summaryBody(done).endsWith('\n'))
  })
})

/** An open feed request: every chunk as it arrives, with timestamps. */
interface Feed {
  status: Promise<number>
  headers: Promise<Record<string, unknown>>
  chunks: Array<{at: number; text: string}>
  ended: Promise<string>
  text(): string
}

function openFeed(port: number, path: string, headers: Record<string, string> = {}): Feed {
  const chunks: Feed['chunks'] = []
  let resolveHead!: (value: {status: number; headers: Record<string, unknown>}) => void
  const head = new Promise<{status: number; headers: Record<string, unknown>}>((resolve) => (resolveHead = resolve))
  const ended = new Promise<string>((resolve) => {
    const signed = signRequest({method: 'GET', path, userId: 'admin', key: adminKeys.privateKey, version: '1.3', serverApiVersion: '1'})
    const req = request({host: '127.0.0.1', port, path, headers: {Accept: 'text/event-stream', ...signed, ...headers}}, (res) => {
      resolveHead({status: res.statusCode ?? 0, headers: res.headers})
      res.setEncoding('utf8')
      res.on('data', (text: string) => chunks.push({at: Date.now(), text}))
      res.on('end', () => resolve(chunks.map((c) => c.text).join('')))
      res.on('error', () => resolve(`ERROR:${chunks.map((c) => c.text).join('')}`))
    })
    req.on('error', () => resolve('ERROR'))
    req.end()
  })
  return {status: head.then((h) => h.status), headers: head.then((h) => h.headers), chunks, ended, text: () => chunks.map((c) => c.text).join('')}
}

const waitFor = async (condition: () => boolean, ms = 2000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('feeds over HTTP (stub engine)', () => {
  let s: StubServer
  before(async () => {
    s = await startStub({keepaliveMs: 60})
  })
  after(() => s.close())

  it('needs an Accept that allows text/event-stream', async () => {
    const feed = openFeed(s.port, `${P}/job_status_feed`, {Accept: 'application/json'})
    assert.equal(await feed.status, 406)
    assert.equal(await feed.ended, '')
    const star = openFeed(s.port, `${P}/job_status_feed/nope`, {Accept: '*/*'})
    assert.equal(await star.status, 404, 'unknown job')
  })

  it('live: backlog then live events, each ending in a blank line; ends after job_complete', async () => {
    let push!: (event: ZeroEvent) => void
    let unsubscribed = false
    s.engine.jobFeedAnswer = {
      kind: 'live',
      backlog: [start],
      subscribe(listener) {
        push = listener
        return () => (unsubscribed = true)
      },
    }
    const feed = openFeed(s.port, `${P}/job_status_feed/${JOB_ID}`)
    assert.equal(await feed.status, 200)
    const headers = await feed.headers
    assert.equal(headers['content-type'], 'text/event-stream')
    assert.equal(headers['x-accel-buffering'], 'no')
    assert.equal(headers['transfer-encoding'], 'chunked')
    await waitFor(() => feed.text().length > 0)
    push(vote)
    push(done)
    const body = await feed.ended
    assert.equal(body, `${frameEvent(start)}\n\n${frameEvent(vote)}\n\n${frameEvent(done)}\n\n`)
    assert.ok(unsubscribed)
  })

  it('live: the engine ending the feed (job process died) closes the stream', async () => {
    let end!: () => void
    s.engine.jobFeedAnswer = {kind: 'live', backlog: [], subscribe: (_listener, onEnd) => ((end = onEnd), () => {})}
    const feed = openFeed(s.port, `${P}/job_status_feed/${JOB_ID}`)
    assert.equal(await feed.status, 200)
    end()
    assert.equal(await feed.ended, '')
  })

  it('finished and summary answers end without the final blank line / newline', async () => {
    s.engine.jobFeedAnswer = {kind: 'finished', backlog: [vote, done]}
    const finished = openFeed(s.port, `${P}/job_status_feed/${JOB_ID}`)
    assert.equal(await finished.ended, `${frameEvent(vote)}\n\n${frameEvent(done)}`)
    assert.equal((await finished.headers)['content-type'], 'text/event-stream')
    s.engine.jobFeedAnswer = {kind: 'summary', event: event(1, 'summary', {status: 'complete'})}
    const summary = openFeed(s.port, `${P}/job_status_feed/${JOB_ID}`)
    assert.equal(await summary.ended, frameEvent(event(1, 'summary', {status: 'complete'})))
  })

  it('keeps alive after keepaliveMs of silence, restarting the timer after each event', async () => {
    const feed = openFeed(s.port, `${P}/job_status_feed`)
    assert.equal(await feed.status, 200)
    const opened = Date.now()
    await waitFor(() => feed.text().includes(':keepalive\n'))
    assert.ok(Date.now() - opened >= 50, 'not before keepaliveMs')
    // An event postpones the next keep-alive by a full period.
    const [listener] = s.engine.orgListeners
    const sentAt = Date.now()
    listener({event: 'start', id: 'org-1', data: {timestamp: 't', job: JOB_ID}})
    await waitFor(() => feed.text().split(':keepalive\n').length > 2)
    const keepalive = feed.chunks.filter((c) => c.text === ':keepalive\n').at(-1)!
    assert.ok(keepalive.at - sentAt >= 50, `keep-alive ${keepalive.at - sentAt} ms after the event`)
    assert.ok(feed.text().includes('event: start\nid: org-1\ndata: {"timestamp":"t","job":"' + JOB_ID + '"}\n\n'))
    assert.equal(s.streams.size, 1)
    for (const stream of s.streams) stream.destroy()
    assert.match(await feed.ended, /^ERROR:|keepalive/)
    await waitFor(() => s.engine.orgListeners.size === 0)
  })
})
