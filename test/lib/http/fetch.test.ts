import assert from 'node:assert/strict'
import {once} from 'node:events'
import {after, describe, it} from 'node:test'
import {EventSource} from 'eventsource'
import {PushyError} from '../../../src/lib/errors.js'
import {ExitCode} from '../../../src/lib/exit-codes.js'
import {createChefClient} from '../../../src/lib/http/client.js'
import {closedPort, settingsFor, startServer, type Handler, type TestServer} from './signed-server.js'

const servers: TestServer[] = []
after(() => Promise.all(servers.map((server) => server.close())))

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler)
  servers.push(server)
  return server
}

const clientFor = (server: TestServer) => createChefClient({settings: settingsFor(server.chefServerUrl)})

describe('signedFetch', () => {
  it('signs the call, merges the caller\'s headers and streams the body before it ends', async () => {
    let closed!: Promise<unknown>
    const server = await serve((_request, res, req) => {
      closed = once(req.socket, 'close')
      res.writeHead(200, {'Content-Type': 'text/event-stream'})
      res.write('id: 7\ndata: first\n\n')
    })
    const controller = new AbortController()
    const url = `${server.chefServerUrl}/pushy/job_status_feed?x=1`
    const response = await clientFor(server).signedFetch(url, {headers: new Headers({Accept: 'text/event-stream', 'Last-Event-ID': '6'}), signal: controller.signal})

    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/event-stream')
    const reader = response.body!.getReader()
    const first = await reader.read()
    assert.equal(new TextDecoder().decode(first.value), 'id: 7\ndata: first\n\n')

    const [request] = server.seen
    assert.equal(request.verified.ok, true)
    assert.equal(request.headers.accept, 'text/event-stream')
    assert.equal(request.headers['last-event-id'], '6')
    assert.equal(request.headers['x-ops-server-api-version'], '1')
    assert.match(request.headers['user-agent'] ?? '', /^pushy\//)

    controller.abort()
    await closed
    await assert.rejects(reader.read(), {name: 'AbortError'})
  })

  it('resolves with non-2xx statuses and never retries', async () => {
    const server = await serve((_request, res) => {
      res.writeHead(503, {'Content-Type': 'text/html'})
      res.end('<h1>down</h1>')
    })
    const response = await clientFor(server).signedFetch(`${server.chefServerUrl}/pushy/job_status_feed`)
    assert.equal(response.status, 503)
    assert.equal(await response.text(), '<h1>down</h1>')
    assert.equal(server.seen.length, 1)
  })

  it('rejects network errors with a PushyError, and an already aborted signal at once', async () => {
    const port = await closedPort()
    const client = createChefClient({settings: settingsFor(`http://127.0.0.1:${port}/organizations/acme`)})
    await assert.rejects(client.signedFetch(`http://127.0.0.1:${port}/organizations/acme/pushy/job_status_feed`), (error: PushyError) => {
      assert.ok(error instanceof PushyError)
      assert.equal(error.exitCode, ExitCode.Server)
      assert.match(error.hint ?? '', /nothing is listening/)
      return true
    })
    await assert.rejects(client.signedFetch(`http://127.0.0.1:${port}/x`, {signal: AbortSignal.abort()}), {name: 'AbortError'})
  })

  it('drives eventsource: each reconnect is signed afresh and carries Last-Event-ID', async () => {
    const server = await serve((request, res) => {
      res.writeHead(200, {'Content-Type': 'text/event-stream'})
      // the first connection ends after one event; eventsource reconnects after `retry` ms
      if (request.headers['last-event-id'] === undefined) res.end('retry: 5\nid: 1\ndata: hello\n\n')
      else res.write('id: 2\ndata: again\n\n')
    })
    const source = new EventSource(`${server.chefServerUrl}/pushy/job_status_feed`, {fetch: clientFor(server).signedFetch})
    const messages: string[] = []
    await new Promise<void>((resolve, reject) => {
      source.onerror = (event) => (event.code === undefined ? undefined : reject(new Error(event.message)))
      source.onmessage = (event) => {
        messages.push(event.data)
        if (messages.length === 2) resolve()
      }
    })
    source.close()
    assert.deepEqual(messages, ['hello', 'again'])
    assert.equal(server.seen.length, 2)
    assert.ok(server.seen.every((request) => request.verified.ok))
    assert.equal(server.seen[1].headers['last-event-id'], '1')
  })
})
