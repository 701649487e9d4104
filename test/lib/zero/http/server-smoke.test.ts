import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, describe, it} from 'node:test'
import {readPrivateKey} from '../../../../src/lib/signing/key.js'
import {signRequest} from '../../../../src/lib/signing/sign.js'
import {builtInNodeDefaults} from '../../../../src/lib/zero/fleet-default.js'
import {startZeroServer} from '../../../../src/lib/zero/server.js'
import type {Fleet, RequestLogEntry, ZeroServer} from '../../../../src/lib/zero/types.js'
import {pollUntil} from '../../../helpers/poll.js'

const fleet: Fleet = {nodes: ['n1', 'n2', 'n3'].map((name) => ({...builtInNodeDefaults(), name, exec: false, delayMs: 20, attributes: {tier: name === 'n3' ? 'db' : 'web'}}))}

/** `onData` is told the body so far after each chunk (for streams that do not end by themselves). */
function get(server: ZeroServer, method: string, path: string, options: {body?: string; accept?: string; onData?: (body: string) => void} = {}): Promise<{status: number; body: string; headers: Record<string, unknown>}> {
  const key = readPrivateKey(server.keyPath)
  const headers = {
    ...signRequest({method, path, body: options.body, userId: server.userName, key, version: '1.3', serverApiVersion: '1'}),
    Accept: options.accept ?? 'application/json',
    ...(options.body === undefined ? {} : {'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(options.body))}),
  }
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port: server.port, method, path, headers}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        options.onData?.(body)
      })
      res.on('end', () => resolve({status: res.statusCode ?? 0, body, headers: res.headers}))
      res.on('error', () => resolve({status: res.statusCode ?? 0, body: `${body}<dropped>`, headers: res.headers}))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('startZeroServer smoke test (real engine)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pushy-zero-smoke-'))
  after(() => rmSync(stateDir, {recursive: true, force: true}))

  it('serves a job end to end over signed HTTP on loopback, then cleans up', async () => {
    const requests: RequestLogEntry[] = []
    const server = await startZeroServer({stateDir, fleet, org: 'smoke', timings: {keepaliveMs: 50, completeWaitMs: 100}, onRequest: (entry) => requests.push(entry)})
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/organizations\/smoke$/)
      assert.equal(server.keyPath, join(stateDir, 'client.pem'))
      assert.deepEqual(JSON.parse(readFileSync(join(stateDir, 'server.json'), 'utf8')), {url: server.url, pid: process.pid, keyPath: server.keyPath, userName: server.userName})

      const search = JSON.parse((await get(server, 'GET', '/organizations/smoke/search/node?q=tier:web')).body)
      assert.deepEqual(search.rows.map((n: {name: string}) => n.name), ['n1', 'n2'])

      const post = await get(server, 'POST', '/organizations/smoke/pushy/jobs', {body: JSON.stringify({command: 'chef-client', nodes: ['n1', 'n2']})})
      assert.equal(post.status, 201)
      const id = (JSON.parse(post.body) as {uri: string}).uri.slice(-32)
      const feed = await get(server, 'GET', `/organizations/smoke/pushy/job_status_feed/${id}`, {accept: 'text/event-stream'})
      assert.equal(feed.status, 200)
      const events = [...feed.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])
      assert.equal(events[0], 'start')
      assert.equal(events.at(-1), 'job_complete')
      assert.equal(JSON.parse((await get(server, 'GET', `/organizations/smoke/pushy/jobs/${id}`)).body).status, 'complete')

      // An org feed stays open until dropped.
      let orgBody = ''
      const org = get(server, 'GET', '/organizations/smoke/pushy/job_status_feed', {accept: 'text/event-stream', onData: (body) => (orgBody = body)})
      // drop it once it has proved open past an idle period (a keep-alive arrived), not after a fixed time
      await pollUntil('a keep-alive on the org feed', () => (orgBody.includes(':keepalive\n') ? true : undefined))
      server.dropFeedConnections()
      const dropped = await org
      assert.match(dropped.body, /:keepalive\n/)
      assert.equal(requests.length, 5, 'the hook hears of every request')
      assert.ok(requests.every((entry) => entry.userId === server.userName && entry.status > 0))
    } finally {
      await server.close()
    }

    assert.equal(existsSync(join(stateDir, 'server.json')), false)
  })

  it('reuses the key on restart, and close() ends open feeds', async () => {
    const pem = readFileSync(join(stateDir, 'client.pem'), 'utf8')
    let feedOpened!: () => void
    const opened = new Promise<void>((resolve) => (feedOpened = resolve))
    // the hook hears of the feed once its 200 is decided, i.e. once the stream is open
    const server = await startZeroServer({stateDir, fleet, timings: {keepaliveMs: 1000}, onRequest: (entry) => entry.url.endsWith('/job_status_feed') && feedOpened()})
    assert.equal(readFileSync(server.keyPath, 'utf8'), pem)
    assert.equal(server.org, 'pushy')
    const org = get(server, 'GET', '/organizations/pushy/pushy/job_status_feed', {accept: 'text/event-stream'})
    await opened
    const started = Date.now()
    await server.close()
    assert.equal((await org).status, 200)
    // Waiting on the open feed would take until close() cuts every connection 2 s in (server.ts),
    // so anything under that proves it did not wait; 1.9 s leaves a loaded machine the most room.
    const elapsed = Date.now() - started
    assert.ok(elapsed < 1_900, `close does not wait for feeds or idle connections (took ${elapsed} ms)`)
  })
})
